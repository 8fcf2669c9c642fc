using Akka.Actor;
using Akka.Event;
using MovieSync.Actors.Work;
using MovieSync.Messages;
using static MovieSync.Actors.Movies.MovieActor;
using static MovieSync.Messages.MovieEvents;

namespace MovieSync.Actors.Movies;

/// <summary>
/// A movie's grab attempts: one runs when its timer or its FileList turn comes, and its outcome is recorded (added,
/// already on disk, failed) or waited out (deferred). An outcome that comes after the movie settled is
/// <see cref="MovieControl"/>'s.
/// </summary>
internal sealed class MovieAttempts(IMovieLifecycle movie, IActorContext context, IMovieGrabber grabber, MovieSettings settings,
    ILoggingAdapter log)
{
    public void Start()
    {
        var state = movie.State;
        if (movie.Busy || state.Status is not (MovieStatus.Pending or MovieStatus.Failed))
            return;
        movie.Busy = true;
        var request = new GrabRequest(state.MovieId, state.Title, state.Year, state.Failures + 1,
            state.TrackedAt) { Rejected = state.Rejected, Rank = state.Rank };
        log.Info("{Movie}: attempt {Attempt} started ({Rank})", state.DisplayName, request.Attempt, RankText(request.Rank));
        PipedWork.Run(ct => grabber.GrabAsync(request, ct), settings.AttemptTimeout,
            outcome => new AttemptFinished(outcome),
            error => new AttemptFinished(new GrabOutcome.Failed(DescribeFailure(error, "attempt"))), context.Self);
    }

    /// <summary>The movie's FileList turn came before its waiting timer: attempt now (unless a retry is not due yet).</summary>
    public void OnTurn()
    {
        if (movie.Busy || movie.State.Status is not (MovieStatus.Pending or MovieStatus.Failed) || movie.State.NextRetryAt > movie.Now)
            return;
        movie.Schedule(AttemptTimer, AttemptDue.Instance, TimeSpan.Zero);
    }

    /// <summary>Records the outcome of an attempt that ended while the movie still wanted it (not settled).</summary>
    public void OnFinished(GrabOutcome outcome)
    {
        var state = movie.State;
        switch (outcome)
        {
            case GrabOutcome.Added added:
                log.Info("{Movie}: torrent {Torrent} added ({Reason})", state.DisplayName, added.TorrentName,
                    added.Reason ?? "no reason given");
                movie.Record(new TorrentAdded(state.MovieId, added.TorrentName, added.InfoHash, movie.Now)
                    { Reason = added.Reason, SizeBytes = added.SizeBytes, FileListId = added.FileListId });
                break;
            case GrabOutcome.AlreadyOnDisk onDisk:
                log.Info("{Movie}: already on disk at {Path}", state.DisplayName, onDisk.Path);
                movie.Record(new MovieCompleted(state.MovieId, onDisk.Path, AlreadyOnDisk: true, movie.Now));
                break;
            case GrabOutcome.Failed failed:
                movie.Fail(failed.Reason, failed.Rejected);
                break;
            case GrabOutcome.Deferred deferred:
                // Not the movie's fault: no failure is counted, and nothing is persisted (a restart simply asks again).
                // The coordinator may stop this actor until then (a long wait) or wake it sooner (its FileList turn came).
                log.Info("{Movie}: waiting until {RetryAt:u}: {Reason}", state.DisplayName, deferred.RetryAt, deferred.Reason);
                movie.Schedule(AttemptTimer, AttemptDue.Instance, deferred.RetryAt - movie.Now);
                context.Parent.Tell(new MovieReports.MovieWaiting(state.MovieId, deferred.RetryAt, deferred.Reason));
                break;
        }
    }
}
