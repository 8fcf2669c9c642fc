using Akka.Actor;
using Akka.Event;
using MovieSync.Messages;
using static MovieSync.Messages.MovieCommands;
using static MovieSync.Messages.WatchlistEvents;

namespace MovieSync.Actors.Watchlist;

/// <summary>
/// The hand-over to the download coordinator: new films are queued, removed ones forgotten (<c>on_removed</c>), and the
/// coordinator's answers are journaled so that what it confirmed is not told again.
/// </summary>
/// <remarks>
/// The hand-over is at-least-once: a film (or a removal) is told again at every check, the first one after a restart
/// included, until the coordinator's answer is recorded. The coordinator's handling is idempotent.
/// </remarks>
internal sealed class CoordinatorHandOver(IFollowedWatchlist watchlist, IActorRef coordinator, WatchlistSettings settings,
    ILoggingAdapter log)
{
    /// <summary>Tells the coordinator again every film and removal it has not confirmed yet.</summary>
    public void TellUnconfirmed()
    {
        foreach (var film in watchlist.State.AwaitingHandOver)
            coordinator.Tell(new QueueMovie(film.MovieId!.Value, film.Title, film.Year));
        if (settings.Removals.Action == RemovalAction.Keep)
            return; // on_removed became keep since: what is still to forget stays tracked
        foreach (var (_, id) in watchlist.State.Forgets)
            coordinator.Tell(Forget(id));
    }

    /// <summary>A film whose ids are known (and journaled) is queued.</summary>
    public void Queue(MovieId id, WatchlistFilm film) => coordinator.Tell(new QueueMovie(id, film.Title, film.Year));

    /// <summary>A film left the watchlist (journaled): it is forgotten unless <c>on_removed</c> keeps it.</summary>
    public void TellRemoved(WatchlistFilm film)
    {
        var action = settings.Removals.Action;
        log.Info("  - {Film} left the watchlist: {Action}", film, Describe(action));
        if (action != RemovalAction.Keep && film.IsQueued && film.MovieId is { } id)
            coordinator.Tell(Forget(id));
    }

    public void OnQueued(QueueMovieResult queued)
    {
        if (watchlist.State.AwaitingHandOver.FirstOrDefault(f => f.MovieId == queued.MovieId) is { } film)
            watchlist.Journal(new FilmHandedOver(film.Slug, watchlist.Now));
    }

    public void OnForgetAnswered(ForgetMovieResult answered)
    {
        if (watchlist.State.Forgets.FirstOrDefault(f => f.Value == answered.MovieId) is { Key: { } slug })
            watchlist.Journal(new FilmForgetHandedOver(slug, watchlist.Now));
    }

    /// <summary>What <c>on_removed</c> does to a film that left the watchlist, as the log says it.</summary>
    public static string Describe(RemovalAction action) => action switch
    {
        RemovalAction.Keep => "kept (on_removed: keep)",
        RemovalAction.Forget => "forgotten",
        RemovalAction.RemoveTorrent => "forgotten, a finished one's torrent removed from qBittorrent",
        _ => "forgotten, a finished one's torrent removed and its files moved to the trash",
    };

    private ForgetMovie Forget(MovieId id) =>
        new(id, "removed from the Letterboxd watchlist") { Removal = settings.Removals.Action };
}
