using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using MovieSync.Messages;
using static MovieSync.Messages.MovieCommands;
using static MovieSync.Messages.MovieQueries;

namespace MovieSync.Actors.Movies;

/// <summary>Owns the set of movies: one supervised <see cref="MovieActor"/> per unfinished movie, none for finished ones.</summary>
/// <remarks>
/// What to do is decided by <see cref="CoordinatorDecisions"/> from the persisted state alone; this actor persists the
/// events, answers, and carries the decision out on the movie's actor (<see cref="MovieChildren"/>) and its timers.
/// </remarks>
public sealed class MovieCoordinator : ReceivePersistentActor, IWithTimers
{
    public const string Name = "coordinator";
    private const int SnapshotEvery = 1000;

    private readonly MovieSettings _settings;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly MovieChildren _children;
    private readonly MovieStatistics _statistics = new();
    /// <summary>Movies whose attempt waits (for their FileList turn) without an actor; not persisted: a restart asks again.</summary>
    private readonly HashSet<MovieId> _waitingWithoutActor = new();
    /// <summary>Why each movie whose last attempt was deferred waits (until it reports a change); not persisted either.</summary>
    private readonly Dictionary<MovieId, MovieWait> _waits = new();
    private CoordinatorState _state = CoordinatorState.Empty;

    public MovieCoordinator(IMovieGrabber grabber, MovieSettings settings)
    {
        _settings = settings;
        _children = new MovieChildren(Context, id =>
        {
            var movie = _state.Movies[id];
            return MovieActor.Props(id, movie.Title, movie.Year, movie.ReopenedAt, grabber, settings, movie.GrabReason);
        });

        Recover<SnapshotOffer>(offer => _state = (CoordinatorState)offer.Snapshot);
        Recover<ICoordinatorEvent>(e => _state = _state.Apply(e));
        Recover<RecoveryCompleted>(_ => OnRecovered());

        Command<QueueMovie>(Handle);
        Command<RetryMovie>(Handle);
        Command<ForgetMovie>(Handle);
        Command<GrabMovie>(Handle);
        Command<SkipMovie>(Handle);
        Command<SetPriority>(Handle);
        Command<CleanupCompleted>(Handle);
        Command<MovieReports.MovieStateReported>(OnReported);
        Command<MovieReports.MovieWaiting>(OnWaiting);
        Command<FileListEvents.FileListTurn>(OnTurn);
        Command<GetStatistics>(_ =>
        {
            _statistics.Ask(Sender);
            _statistics.AnswerWhenReady(_state);
        });
        Command<GetMovieState>(OnGetMovieState);
        Command<GetWaiting>(_ => Sender.Tell(new WaitingResult(_waits.Values.OrderBy(w => w.MovieId.Value, StringComparer.Ordinal).ToList())));
        Command<Wake>(w => Start(w.MovieId));
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

    protected override void PreStart()
    {
        base.PreStart();
        Context.System.EventStream.Subscribe(Self, typeof(FileListEvents.FileListTurn));
    }

    private void OnRecovered()
    {
        var active = _state.ActiveMovies.ToList();
        var parked = 0;
        foreach (var id in active)
        {
            if (_state.Movies[id].IsParkedAt(Now))
            {
                parked++;
                WakeAt(id, _state.Movies[id].ParkedUntil!.Value);
                continue;
            }

            _statistics.AwaitFirstReport(id);
            Start(id);
        }

        _log.Info("Recovered {Total} movies, {Active} unfinished of which {Parked} wait for a retry without an actor",
            _state.Movies.Count, active.Count, parked);
    }

    /// <summary>A command for the set: decided from the state, persisted, answered, carried out.</summary>
    private void Handle(object command)
    {
        var decision = _state.Decide(command, Now);
        var sender = Sender;
        var id = (command as IWithMovieId)?.MovieId;
        if (decision.Step is MovieActorStep.Forward or MovieActorStep.ForwardEvenIfSettled)
        {
            Deliver(id!.Value, command, decision.Step == MovieActorStep.ForwardEvenIfSettled);
            return;
        }

        PersistThen(decision.Events, () =>
        {
            if (decision.Step == MovieActorStep.Start)
            {
                Timers.Cancel(WakeTimer(id!.Value));
                Start(id.Value);
            }

            if (decision.Reply is { } reply && !sender.Equals(Context.System.DeadLetters))
                sender.Tell(reply); // no one to answer when the sender was not an actor (movies queued at start)
        });
    }

    private void OnReported(MovieReports.MovieStateReported report)
    {
        var id = report.State.MovieId;
        var decision = _state.DecideOnReport(report.State, Now, _settings.ParkWhenWaitingLongerThan, _children.IsJustStarted(id));
        if (decision is null)
            return; // a late report from an actor that is being stopped
        _statistics.Report(id);
        _children.Reported(id);
        _waits.Remove(id); // a change: whatever it waited for is behind it, or it says so again at its next attempt

        var child = Sender;
        switch (decision.Step)
        {
            case MovieActorStep.Stop:
                _statistics.Running(id, null);
                PersistThen(decision.Events, () => _children.Stop(id, child));
                if (decision.Events.Count > 0)
                    LeaveLines(id); // settled just now (skipped, forgotten): it waits for no FileList turn any more
                break;
            case MovieActorStep.Park:
                // Nothing to do until the retry: park the movie so that neither now nor after a restart it holds an actor.
                _statistics.Running(id, null);
                var wakeAt = report.State.NextRetryAt!.Value;
                PersistThen(decision.Events, () =>
                {
                    if (wakeAt - Now > _settings.ParkWhenWaitingLongerThan)
                    {
                        WakeAt(id, wakeAt);
                        _children.Stop(id, child);
                    }
                    else
                    {
                        _statistics.Running(id, MovieStatus.Failed); // the retry came near meanwhile: the actor keeps its own timer
                    }
                });
                break;
            default:
                _statistics.Running(id, report.State.Status);
                _statistics.AnswerWhenReady(_state);
                break;
        }
    }

    /// <summary>A movie waits for something that is not its fault: a long wait costs no actor (woken at its end, or its turn).</summary>
    private void OnWaiting(MovieReports.MovieWaiting waiting)
    {
        var id = waiting.MovieId;
        if (_state.Movies.TryGetValue(id, out var movie) && movie.IsActive)
            _waits[id] = new MovieWait(id, waiting.Reason, waiting.Until);
        if (waiting.Until - Now <= _settings.ParkWhenWaitingLongerThan || !_children.Answers(id) || !Sender.Equals(_children.Of(id)))
            return;
        _waitingWithoutActor.Add(id);
        WakeAt(id, waiting.Until);
        _children.Stop(id, Sender);
    }

    /// <summary>A waiting movie's FileList turn came: wake it (its actor claims the turn when its attempt starts).</summary>
    private void OnTurn(FileListEvents.FileListTurn turn)
    {
        var id = turn.MovieId;
        if (_waitingWithoutActor.Contains(id))
        {
            Timers.Cancel(WakeTimer(id));
            Start(id);
        }
        else if (_children.Answers(id))
        {
            _children.Of(id).Tell(turn);
        }
        else if (!_state.Movies.TryGetValue(id, out var movie) || !movie.IsActive)
        {
            LeaveLines(id); // nobody will claim it: the next movie gets it now rather than when the promise lapses
        }
    }

    private static void LeaveLines(MovieId id) =>
        Context.System.EventStream.Publish(new FileListEvents.FileListLineLeft(id));

    /// <summary>The API and CLI ask here for a movie's live state; only this actor knows where its movies run.</summary>
    private void OnGetMovieState(GetMovieState query)
    {
        if (_children.Answers(query.MovieId))
            _children.Of(query.MovieId).Forward(query);
        else
            Sender.Tell(new MovieNotRunning(query.MovieId));
    }

    private void OnChildTerminated(Terminated terminated)
    {
        var ending = _children.OnTerminated(terminated.ActorRef, out var id);
        if (ending == MovieChildren.Ending.Succeeded)
            _waitingWithoutActor.Remove(id); // messages that waited for it started its successor
        if (ending is MovieChildren.Ending.Unknown or MovieChildren.Ending.Succeeded)
            return;
        if (ending == MovieChildren.Ending.Unexpectedly)
        {
            _statistics.StoppedBeforeReport(id);
            _statistics.AnswerWhenReady(_state);
        }

        if (!_state.Movies.TryGetValue(id, out var movie) || !movie.IsActive || movie.IsParkedAt(Now) || _waitingWithoutActor.Contains(id))
            return; // settled, parked or waiting: the wake timer (if any) starts it again

        if (ending == MovieChildren.Ending.OnPurpose)
        {
            Start(id); // it settled or parked and was asked to run again while stopping: start it again at once
            return;
        }

        // The actor stopped on its own (its journal failed, or it kept crashing): the movie stays tracked and
        // starts again later, waiting longer each time.
        var delay = _children.NextRespawnDelay(id);
        _log.Warning("{Movie} stopped unexpectedly; starting it again in {Delay}", id, delay);
        Timers.StartSingleTimer("respawn-" + id, new Wake(id), delay);
    }

    /// <summary>Starts the movie's actor when the movie is unfinished (or, <paramref name="evenIfSettled"/>, to change that).</summary>
    private void Start(MovieId id, bool evenIfSettled = false)
    {
        _waitingWithoutActor.Remove(id);
        if (_state.Movies.TryGetValue(id, out var movie) && (movie.IsActive || evenIfSettled))
            _children.Start(id);
    }

    /// <summary>Forwards to the movie's actor, started first if it is parked (or settled, when asked to change that).</summary>
    private void Deliver(MovieId id, object message, bool evenIfSettled) =>
        _children.Deliver(id, message, Sender, () => Start(id, evenIfSettled));

    private void WakeAt(MovieId id, DateTimeOffset at) => Timers.StartSingleTimer(WakeTimer(id), new Wake(id), at - Now);

    private static string WakeTimer(MovieId id) => "wake-" + id.Value;

    /// <summary>Persists the events in order, applying each; then runs <paramref name="then"/> and answers waiting counts.</summary>
    private void PersistThen(IReadOnlyList<ICoordinatorEvent> events, Action then)
    {
        if (events.Count == 0)
        {
            then();
            _statistics.AnswerWhenReady(_state);
            return;
        }

        var last = events[^1];
        PersistAll(events, persisted =>
        {
            _state = _state.Apply(persisted);
            if (LastSequenceNr % SnapshotEvery == 0)
                SaveSnapshot(_state);
            if (!ReferenceEquals(persisted, last))
                return;
            then();
            _statistics.AnswerWhenReady(_state);
        });
    }

    /// <summary>A parked movie's retry is due, or an actor that stopped unexpectedly may start again.</summary>
    private sealed record Wake(MovieId MovieId) : INoSerializationVerificationNeeded;
}
