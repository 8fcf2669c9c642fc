using Akka.Actor;
using Akka.Event;
using MovieSync.Actors.Work;
using MovieSync.Messages;
using static MovieSync.Actors.Movies.MovieActor;
using static MovieSync.Messages.MovieEvents;

namespace MovieSync.Actors.Movies;

/// <summary>
/// A finished movie that left the watchlist (<c>on_removed</c>): its torrent comes out of qBittorrent, for
/// <c>remove_files</c> its files go to the trash, and then <see cref="MovieRemoved"/> is journaled.
/// </summary>
internal sealed class WatchlistRemoval(IMovieLifecycle movie, IActorContext context, IMovieGrabber grabber, MovieSettings settings,
    ILoggingAdapter log)
{
    /// <summary>
    /// Takes the torrent out of qBittorrent (its files stay), then for <c>remove_files</c> moves the files to the trash;
    /// <see cref="MovieRemoved"/> is journaled only after both, so a crash in between repeats them (each is idempotent).
    /// </summary>
    public void Start(MovieCommands.ForgetMovie forget)
    {
        if (movie.Busy)
            return; // the removal under way answers; the watchlist tells an unanswered one again at its next check
        movie.Busy = true;
        var sender = context.Sender;
        var (id, infoHash, path, trash, now) = (movie.State.MovieId, movie.State.InfoHash, movie.State.Path, settings.Trash, movie.Now);
        var files = forget.Removal == RemovalAction.RemoveFiles;
        PipedWork.Run(async ct =>
            {
                var torrentRemoved = infoHash is not null && await grabber.RemoveAsync(id, infoHash, deleteFiles: false, ct);
                string? trashedTo = null;
                if (files && path is not null)
                    trashedTo = (trash ?? throw new InvalidOperationException("no trash folder is configured")).MoveIn(path, now);
                return new Removed(forget, sender, torrentRemoved, trashedTo, null);
            }, settings.AttemptTimeout, removed => removed,
            error => new Removed(forget, sender, false, null, DescribeFailure(error, "removing it")), context.Self);
    }

    public void OnRemoved(Removed removed)
    {
        movie.Busy = false;
        if (removed.Error is not null)
        {
            // Not answered: the watchlist tells the removal again at its next check. The movie stays completed meanwhile.
            log.Warning("{Movie} left the watchlist, but {Error}; trying again at the next watchlist check", movie.State.DisplayName,
                removed.Error);
            movie.Resume();
            return;
        }

        movie.Journal(new MovieRemoved(movie.State.MovieId, removed.Forget.Reason, removed.TorrentRemoved, removed.TrashedTo, movie.Now), e =>
        {
            var what = (e.TorrentRemoved ? "its torrent removed from qBittorrent" : "no torrent of it left in qBittorrent") +
                       (e.TrashedTo is { } trashed ? $", its files moved to {trashed}" : removed.Forget.Removal == RemovalAction.RemoveFiles
                           ? ", no files of it found to move" : ", its files kept");
            log.Info("{Movie}: removed ({Reason}): {What}", movie.State.DisplayName, e.Reason, what);
            removed.Sender.Tell(new MovieCommands.ForgetMovieResult(e.MovieId, true, $"{e.MovieId} is removed: {what}"));
            movie.Resume();
        });
    }
}
