using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using MovieSync.Messages;
using static MovieSync.Messages.CoordinatorEvents;
using static MovieSync.Messages.MovieCommands;
using static MovieSync.Messages.MovieQueries;

namespace MovieSync.Actors.Movies;

/// <summary>Owns the set of movies: one supervised <see cref="MovieActor"/> per unfinished movie, none for finished ones.</summary>
public sealed class MovieCoordinator : ReceivePersistentActor, IWithTimers
{
    public const string Name = "coordinator";
    private const int SnapshotEvery = 1000;
    private static readonly TimeSpan FirstRespawnDelay = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan LastRespawnDelay = TimeSpan.FromMinutes(5);

    private readonly IMovieGrabber _grabber;
    private readonly MovieSettings _settings;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<MovieId, MovieStatus> _activeStatus = new();
    private readonly HashSet<MovieId> _awaitingFirstReport = new();
    private readonly Dictionary<MovieId, TimeSpan> _respawnDelay = new();
    private readonly HashSet<MovieId> _stopping = new();
    private readonly HashSet<MovieId> _justStarted = new();
    private readonly List<IActorRef> _statisticsWaiters = new();
    private readonly Dictionary<IActorRef, MovieId> _children = new();
    private readonly Dictionary<MovieId, List<(object Message, IActorRef Sender)>> _waitingForStop = new();
    private CoordinatorState _state = CoordinatorState.Empty;
    private long _changes;

    public MovieCoordinator(IMovieGrabber grabber, MovieSettings settings)
    {
        _grabber = grabber;
        _settings = settings;

        Recover<SnapshotOffer>(offer => _state = (CoordinatorState)offer.Snapshot);
        Recover<ICoordinatorEvent>(e => _state = _state.Apply(e));
        Recover<RecoveryCompleted>(_ => OnRecovered());

        Command<QueueMovie>(OnQueueMovie);
        Command<RetryMovie>(OnRetryMovie);
        Command<ForgetMovie>(OnForgetMovie);
        Command<CleanupCompleted>(OnCleanupCompleted);
        Command<MovieActor.StatusReported>(OnStatusReported);
        Command<GetStatistics>(_ => OnGetStatistics());
        Command<Respawn>(r => Spawn(r.MovieId));
        Command<Wake>(w => Spawn(w.MovieId));
        Command<Terminated>(OnChildTerminated);
        Command<SaveSnapshotSuccess>(s => DeleteSnapshots(new SnapshotSelectionCriteria(s.Metadata.SequenceNr - 1)));
        Command<SaveSnapshotFailure>(f => _log.Warning(f.Cause, "Coordinator snapshot failed"));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(f => _log.Warning(f.Cause, "Deleting old coordinator snapshots failed"));
    }

    public override string PersistenceId => "coordinator";

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(IMovieGrabber grabber, MovieSettings settings) =>
        Akka.Actor.Props.Create(() => new MovieCoordinator(grabber, settings));

    /// <summary>A crashing movie actor is restarted: it recovers its journal and carries on where it was.</summary>
    protected override SupervisorStrategy SupervisorStrategy() =>
        new OneForOneStrategy(maxNrOfRetries: 10, withinTimeRange: TimeSpan.FromMinutes(1), localOnlyDecider: ex =>
        {
            _log.Error(ex, "A movie actor crashed; restarting it from its journal");
            return Directive.Restart;
        });

    private DateTimeOffset Now => Context.System.Scheduler.Now;

    private void OnRecovered()
    {
        var active = _state.ActiveMovies.ToList();
        var parked = 0;
        foreach (var id in active)
        {
            if (_state.Movies[id].IsParkedAt(Now))
            {
                parked++;
                Timers.StartSingleTimer(WakeTimer(id), new Wake(id), _state.Movies[id].ParkedUntil!.Value - Now);
                continue;
            }

            _awaitingFirstReport.Add(id);
            Spawn(id);
        }

        _log.Info("Recovered {Total} movies, {Active} unfinished of which {Parked} wait for a retry without an actor",
            _state.Movies.Count, active.Count, parked);
    }

    private void OnQueueMovie(QueueMovie queue)
    {
        if (_state.Movies.TryGetValue(queue.MovieId, out var known))
        {
            if (known.SettledAs == MovieStatus.Forgotten)
                // Forgotten, then back on the watchlist: tracked again with a fresh retry count.
                PersistChange(new MovieReopened(queue.MovieId, Now), () => Spawn(queue.MovieId));
            else
                _log.Debug("{Movie} is already tracked", queue.MovieId);
            return;
        }

        PersistChange(new MovieTracked(queue.MovieId, queue.Title, queue.Year, Now), () => Spawn(queue.MovieId));
    }

    private void OnRetryMovie(RetryMovie retry)
    {
        if (!_state.Movies.TryGetValue(retry.MovieId, out var movie))
        {
            Sender.Tell(new RetryMovieResult(retry.MovieId, false, $"{retry.MovieId} is not a tracked movie"));
            return;
        }

        if (movie.IsActive && !movie.IsParkedAt(Now))
        {
            DeliverToChild(retry.MovieId, retry);
            return;
        }

        if (!movie.IsActive && movie.SettledAs != MovieStatus.PermanentFailure)
        {
            Sender.Tell(new RetryMovieResult(retry.MovieId, false,
                $"{retry.MovieId} is {movie.SettledAs.ToString()!.ToLowerInvariant()}, not failed"));
            return;
        }

        // Permanently failed, or parked until a later retry: its actor records the retry when it (re)starts.
        var sender = Sender;
        PersistChange(new MovieReopened(retry.MovieId, Now), () =>
        {
            Timers.Cancel(WakeTimer(retry.MovieId));
            Spawn(retry.MovieId);
            sender.Tell(new RetryMovieResult(retry.MovieId, true, $"{retry.MovieId} is pending again"));
        });
    }

    private void OnStatusReported(MovieActor.StatusReported report)
    {
        var id = report.State.MovieId;
        if (!_state.Movies.TryGetValue(id, out var movie) || (!movie.IsActive && report.State.Status != MovieStatus.Forgotten))
            return; // a late report from an actor that is being stopped

        var firstReport = _awaitingFirstReport.Remove(id);
        // An actor's first report is its recovered state; it may have been started to handle a command, so it is not
        // parked before it reports a change of its own.
        var justStarted = _justStarted.Remove(id);
        if (!firstReport)
            _changes++;
        _respawnDelay.Remove(id);

        var child = Sender;
        if (report.State.IsSettled)
        {
            _activeStatus.Remove(id);
            if (movie.SettledAs == report.State.Status)
                StopChild(id, child);
            else
                PersistChange(new MovieSettled(id, report.State.Status, Now), () => StopChild(id, child));
        }
        else if (!justStarted && report.State is { Status: MovieStatus.Failed, NextRetryAt: { } wakeAt } &&
                 wakeAt - Now > _settings.ParkWhenWaitingLongerThan)
        {
            // Nothing to do until the retry: park the movie so that neither now nor after a restart it holds an actor.
            _activeStatus.Remove(id);
            PersistChange(new MovieParked(id, wakeAt, Now), () =>
            {
                if (wakeAt - Now > _settings.ParkWhenWaitingLongerThan)
                {
                    Timers.StartSingleTimer(WakeTimer(id), new Wake(id), wakeAt - Now);
                    StopChild(id, child);
                }
                else
                {
                    _activeStatus[id] = MovieStatus.Failed; // the retry came near meanwhile: the actor keeps its own timer
                }
            });
        }
        else
        {
            _activeStatus[id] = report.State.Status;
        }

        if (_awaitingFirstReport.Count == 0)
            AnswerStatisticsWaiters();
    }

    private void OnGetStatistics()
    {
        _statisticsWaiters.Add(Sender);
        if (_awaitingFirstReport.Count == 0)
            AnswerStatisticsWaiters();
    }

    private void AnswerStatisticsWaiters()
    {
        if (_statisticsWaiters.Count == 0)
            return;
        var statistics = Statistics();
        foreach (var waiter in _statisticsWaiters)
            waiter.Tell(statistics);
        _statisticsWaiters.Clear();
    }

    private StatisticsResult Statistics()
    {
        var counts = MovieCounts.Of(_state.Movies.Select(m => m.Value.SettledAs
            ?? (_activeStatus.TryGetValue(m.Key, out var reported) ? reported
                : m.Value.ParkedUntil is null ? MovieStatus.Pending : MovieStatus.Failed)));
        return new StatisticsResult(counts, _changes);
    }

    // Plain Watch + Terminated rather than WatchWith: a custom termination message that arrives while a Persist
    // stashes commands comes back from the stash as a bare Terminated (which would kill us with a DeathPactException).
    private void OnChildTerminated(Terminated terminated)
    {
        if (!_children.Remove(terminated.ActorRef, out var id))
            return;
        var stoppedOnPurpose = _stopping.Remove(id);
        if (_waitingForStop.Remove(id, out var waiting))
        {
            Spawn(id, evenIfSettled: true);
            foreach (var (message, sender) in waiting)
                Context.Child(ChildName(id)).Tell(message, sender);
            return;
        }

        if (!_state.Movies.TryGetValue(id, out var movie) || !movie.IsActive || movie.IsParkedAt(Now))
            return; // settled or parked: the wake timer (if any) starts it again

        if (stoppedOnPurpose)
        {
            Spawn(id); // it settled or parked and was asked to run again while stopping: start it again at once
            return;
        }

        // The actor stopped on its own (its journal failed, or it kept crashing): the movie stays tracked and
        // starts again later, waiting longer each time.
        var delay = _respawnDelay.TryGetValue(id, out var last)
            ? TimeSpan.FromTicks(Math.Min(last.Ticks * 2, LastRespawnDelay.Ticks))
            : FirstRespawnDelay;
        _respawnDelay[id] = delay;
        _log.Warning("{Movie} stopped unexpectedly; starting it again in {Delay}", id, delay);
        Timers.StartSingleTimer("respawn-" + id, new Respawn(id), delay);
    }

    private void Spawn(MovieId id, bool evenIfSettled = false)
    {
        if (!_state.Movies.TryGetValue(id, out var movie) || (!movie.IsActive && !evenIfSettled))
            return;
        var name = ChildName(id);
        if (!Context.Child(name).IsNobody())
            return; // still stopping: OnTerminated starts it again
        var child = Context.ActorOf(MovieActor.Props(id, movie.Title, movie.Year, movie.ReopenedAt, _grabber, _settings), name);
        _children[child] = id;
        _justStarted.Add(id);
        Context.Watch(child);
    }

    /// <summary>Forwards to the movie's actor, started first if it is parked (or settled, when asked to change that).</summary>
    private void DeliverToChild(MovieId id, object message, bool evenIfSettled = false)
    {
        if (_stopping.Contains(id) && !Context.Child(ChildName(id)).IsNobody())
        {
            // The actor is stopping (it settled or parked): hand the message to its successor.
            if (!_waitingForStop.TryGetValue(id, out var waiting))
                _waitingForStop[id] = waiting = [];
            waiting.Add((message, Sender));
            return;
        }

        Spawn(id, evenIfSettled);
        Context.Child(ChildName(id)).Forward(message);
    }

    private void StopChild(MovieId id, IActorRef child)
    {
        _stopping.Add(id);
        Context.Stop(child);
    }

    private void OnForgetMovie(ForgetMovie forget)
    {
        if (!_state.Movies.TryGetValue(forget.MovieId, out var movie))
        {
            Sender.Tell(new ForgetMovieResult(forget.MovieId, false, $"{forget.MovieId} is not a tracked movie"));
            return;
        }

        switch (movie.SettledAs)
        {
            case MovieStatus.Forgotten:
                Sender.Tell(new ForgetMovieResult(forget.MovieId, true, $"{forget.MovieId} was already forgotten"));
                break;
            case MovieStatus.Completed:
                Sender.Tell(new ForgetMovieResult(forget.MovieId, false,
                    $"{forget.MovieId} is completed; it stays in the history (`cleanup` drops old completed movies)"));
                break;
            default:
                // Active or permanently failed: its own actor records that it is forgotten (or refuses, if downloading).
                DeliverToChild(forget.MovieId, forget, evenIfSettled: true);
                break;
        }
    }

    /// <summary>Completed movies have no actor: dropping them is the coordinator's own record only.</summary>
    private void OnCleanupCompleted(CleanupCompleted cleanup)
    {
        var old = _state.CompletedBefore(cleanup.OlderThan);
        var sender = Sender;
        if (old.Count == 0)
        {
            sender.Tell(new CleanupCompletedResult([]));
            return;
        }

        foreach (var id in old)
            PersistChange(new MovieCleanedUp(id, Now), () =>
            {
                if (id == old[^1])
                    sender.Tell(new CleanupCompletedResult(old));
            });
    }

    private static string WakeTimer(MovieId id) => "wake-" + id.Value;

    private void PersistChange(ICoordinatorEvent e, Action then)
    {
        Persist(e, persisted =>
        {
            _state = _state.Apply(persisted);
            if (LastSequenceNr % SnapshotEvery == 0)
                SaveSnapshot(_state);
            then();
        });
    }

    private static string ChildName(MovieId id) => "movie-" + Uri.EscapeDataString(id.Value);

    private sealed record Respawn(MovieId MovieId);

    private sealed record Wake(MovieId MovieId);
}
