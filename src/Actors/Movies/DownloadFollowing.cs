using Akka.Actor;
using Akka.Event;
using MovieSync.Actors.Work;
using MovieSync.Messages;
using static MovieSync.Actors.Movies.MovieActor;
using static MovieSync.Messages.MovieEvents;

namespace MovieSync.Actors.Movies;

/// <summary>
/// Follows a movie's torrent in qBittorrent to completion: a progress check every FollowInterval, the stall clock on
/// each report, and a stalled torrent taken out of the client before its attempt fails.
/// </summary>
internal sealed class DownloadFollowing(IMovieLifecycle movie, IActorContext context, IMovieGrabber grabber, MovieSettings settings,
    ILoggingAdapter log)
{
    private StallClock? _stall;

    /// <summary>When the client was first seen not to list the torrent, in this run of not listing it; null while listed.</summary>
    private DateTimeOffset? _notListedSince;

    /// <summary>The download's last reported progress; null when none is known (or it is over).</summary>
    public MovieProgress? Progress { get; private set; }

    public void Start()
    {
        if (movie.Busy || movie.State.Status != MovieStatus.Downloading)
            return;
        movie.Busy = true;
        var (id, infoHash) = (movie.State.MovieId, movie.State.InfoHash!);
        PipedWork.Run(ct => grabber.FollowAsync(id, infoHash, ct), settings.AttemptTimeout,
            progress => new FollowFinished(progress, null),
            error => new FollowFinished(null, DescribeFailure(error, "progress check")), context.Self);
    }

    public void OnFinished(FollowFinished finished)
    {
        movie.Busy = false;
        if (finished.Progress is not DownloadProgress.NotListed)
            _notListedSince = null;
        switch (finished.Progress)
        {
            case DownloadProgress.Finished done:
                Progress = null;
                log.Info("{Movie}: download complete at {Path}", movie.State.DisplayName, done.Path);
                movie.Record(new MovieCompleted(movie.State.MovieId, done.Path, AlreadyOnDisk: false, movie.Now));
                break;
            case DownloadProgress.Lost lost:
                Progress = null;
                movie.Fail(lost.Reason);
                break;
            case DownloadProgress.NotListed notListed:
                OnNotListed(notListed);
                break;
            case DownloadProgress.InProgress progress:
                Progress = new MovieProgress(progress.Fraction, progress.BytesPerSecond, progress.Eta);
                if (FollowStall(progress) is { } stalled)
                    RemoveStalled(stalled);
                else
                    movie.Timers.StartSingleTimer(FollowTimer, FollowDue.Instance, settings.FollowInterval);
                break;
            default:
                // The client could not be asked (it is down): keep the torrent and ask again later.
                log.Warning("{Movie}: could not check the download: {Error}", movie.State.DisplayName, finished.Error);
                movie.Timers.StartSingleTimer(FollowTimer, FollowDue.Instance, settings.FollowInterval);
                break;
        }
    }

    /// <summary>
    /// The client does not list the torrent: asked again at the next check until that has lasted MissingTorrentGrace
    /// (an add the client accepted may not be listed yet), then a failed attempt.
    /// </summary>
    private void OnNotListed(DownloadProgress.NotListed notListed)
    {
        var since = _notListedSince ??= movie.Now;
        var missingFor = movie.Now - since;
        if (missingFor < settings.MissingTorrentGrace)
        {
            log.Info("{Movie}: {Reason} (torrent {Torrent}); asking again in {Interval}, counted as lost after {Grace}",
                movie.State.DisplayName, notListed.Reason, movie.State.TorrentName, ReadableDuration.Of(settings.FollowInterval),
                ReadableDuration.Of(settings.MissingTorrentGrace));
            movie.Timers.StartSingleTimer(FollowTimer, FollowDue.Instance, settings.FollowInterval);
            return;
        }

        _notListedSince = null;
        Progress = null;
        movie.Fail($"{notListed.Reason} (not listed for {ReadableDuration.Of(missingFor)})");
    }

    /// <summary>
    /// Runs the stall clock on one poll's report (only when the client tells its state); journals where the clock starts
    /// at most once per ProgressMarkEvery, so that a restart neither resets it nor loses more than that.
    /// </summary>
    private StalledDownload? FollowStall(DownloadProgress.InProgress progress)
    {
        var state = movie.State;
        if (progress.State is null || state.InfoHash is null)
            return null;
        if (_stall is null || _stall.InfoHash != state.InfoHash)
            _stall = StallClock.Of(state, movie.Now);
        if (!_stall.Observe(progress.Fraction, progress.Held, movie.Now))
            return _stall.Stalled(progress, settings.StalledAfter, movie.Now);
        if (state.ProgressAt is not { } marked || movie.Now - marked >= settings.ProgressMarkEvery)
            movie.Journal(new DownloadProgressed(state.MovieId, progress.Fraction, movie.Now), _ => movie.SnapshotOnCadence());
        return null;
    }

    /// <summary>Takes the stalled torrent out of the client, then fails the attempt (see OnStalledRemoved).</summary>
    private void RemoveStalled(StalledDownload stalled)
    {
        movie.Busy = true;
        var state = movie.State;
        var rejected = new RejectedTorrent(state.InfoHash!, state.TorrentName ?? "", state.FileListId);
        log.Warning("{Movie}: torrent {Torrent} {Reason}", state.DisplayName, rejected.TorrentName, stalled.Reason);
        var id = state.MovieId;
        PipedWork.Run(ct => grabber.RemoveAsync(id, rejected.InfoHash, stalled.DeleteFiles, ct), settings.AttemptTimeout,
            _ => new StalledRemoved(rejected, stalled.Reason, null),
            error => new StalledRemoved(rejected, stalled.Reason, DescribeFailure(error, "removing the stalled torrent")), context.Self);
    }

    public void OnStalledRemoved(StalledRemoved removed)
    {
        movie.Busy = false;
        if (removed.Error is not null)
        {
            // Still in the client: failing now would leave it there beside the next torrent. The next poll tries again.
            log.Warning("{Movie}: {Error}; trying again at the next check", movie.State.DisplayName, removed.Error);
            movie.Timers.StartSingleTimer(FollowTimer, FollowDue.Instance, settings.FollowInterval);
            return;
        }

        Progress = null;
        _stall = null;
        movie.Fail(removed.Reason, removed.Torrent);
    }
}
