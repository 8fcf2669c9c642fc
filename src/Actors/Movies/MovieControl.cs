using Akka.Actor;
using Akka.Event;
using MovieSync.Actors.Work;
using MovieSync.Messages;
using static MovieSync.Actors.Movies.MovieActor;
using static MovieSync.Messages.MovieEvents;

namespace MovieSync.Actors.Movies;

/// <summary>
/// A person's commands on a movie (`retry`, `forget`, `grab`, `skip`, `priority`), decided by <see cref="MovieDecisions"/>;
/// what an attempt still under way when the movie was skipped or forgotten added is taken back; and the coordinator's
/// passivation, which waits for that.
/// </summary>
internal sealed class MovieControl(IMovieLifecycle movie, IActorContext context, IMovieGrabber grabber, MovieSettings settings,
    ILoggingAdapter log)
{
    private bool _passivating;

    /// <summary>
    /// A person's command: decided from the state; a refusal changes nothing, an accepted one is persisted first. It is
    /// answered at once, also while an attempt runs (see <see cref="OnLateAttempt"/>).
    /// </summary>
    public void Handle(IWithMovieId command)
    {
        var decision = movie.State.Decide(command, movie.Now);
        var sender = context.Sender;
        if (decision.Event is null)
        {
            sender.Tell(decision.Reply);
            if (command is MovieCommands.ForgetMovie)
                movie.Resume(); // an actor started only to be forgotten reports its state, and stops if it is settled
            return;
        }

        movie.Journal(decision.Event, e =>
        {
            LogDecision(e);
            sender.Tell(decision.Reply);
            movie.Timers.Cancel(AttemptTimer);
            movie.Resume();
        });
    }

    /// <summary>The coordinator stops the movie's actor; an attempt under way ends first, and what it added is taken back.</summary>
    public void Passivate()
    {
        if (movie.Busy)
            _passivating = true;
        else
            context.Stop(context.Self);
    }

    /// <summary>An attempt ended after the movie settled (it was skipped or forgotten meanwhile).</summary>
    public void OnLateAttempt(GrabOutcome outcome)
    {
        if (outcome is GrabOutcome.Added late)
        {
            TakeBack(late);
            return;
        }

        log.Info("{Movie}: an attempt finished after the movie was {Status}; its outcome is ignored: {Outcome}",
            movie.State.DisplayName, movie.State.Status, outcome);
        if (_passivating)
            context.Stop(context.Self);
    }

    /// <summary>
    /// The movie was skipped or forgotten while its attempt ran, and the attempt added a torrent after all: it comes out
    /// of qBittorrent again (nothing was downloaded yet), so no torrent stays there that nobody follows.
    /// </summary>
    private void TakeBack(GrabOutcome.Added added)
    {
        movie.Busy = true;
        var (id, status) = (movie.State.MovieId, movie.State.Status);
        log.Info("{Movie}: torrent {Torrent} was added by the attempt under way when the movie was {Status}; removing it from qBittorrent",
            movie.State.DisplayName, added.TorrentName, status);
        PipedWork.Run(ct => grabber.RemoveAsync(id, added.InfoHash, deleteFiles: true, ct), settings.AttemptTimeout,
            _ => new TakenBack(added.TorrentName, null),
            error => new TakenBack(added.TorrentName, DescribeFailure(error, "removing it")), context.Self);
    }

    public void OnTakenBack(TakenBack taken)
    {
        movie.Busy = false;
        if (_passivating)
            context.Stop(context.Self);
        if (taken.Error is null)
            log.Info("{Movie}: torrent {Torrent} removed from qBittorrent", movie.State.DisplayName, taken.TorrentName);
        else
            log.Warning("{Movie}: torrent {Torrent} is still in qBittorrent ({Error}); remove it there by hand", movie.State.DisplayName,
                taken.TorrentName, taken.Error);
    }

    private void LogDecision(IMovieEvent e)
    {
        var state = movie.State;
        switch (e)
        {
            case MovieForgotten forgotten:
                log.Info("{Movie}: forgotten ({Reason})", state.DisplayName, forgotten.Reason);
                break;
            case GrabRequested grab:
                log.Info("{Movie}: grab now ({Reason}): first in line, retry count stays at {Failures}", state.DisplayName, grab.Reason,
                    state.Failures);
                break;
            case MovieSkipped skipped:
                log.Info("{Movie}: skipped ({Reason}): not grabbed until `retry`", state.DisplayName, skipped.Reason);
                break;
            case PriorityChanged priority:
                log.Info("{Movie}: priority {Priority} ({Reason})", state.DisplayName, RankText(state.Rank), priority.Reason);
                break;
            case RetryRequested:
                log.Info("{Movie}: retry asked: pending again with a fresh retry count", state.DisplayName);
                break;
        }
    }
}
