using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using MovieSync.Messages;
using static MovieSync.Messages.CoordinatorEvents;
using static MovieSync.Messages.DownloadCommands;
using static MovieSync.Messages.DownloadQueries;

namespace MovieSync.Actors.Downloads;

/// <summary>Owns the set of movies: one supervised <see cref="DownloadActor"/> per unfinished movie, none for finished ones.</summary>
public sealed class DownloadCoordinator : ReceivePersistentActor, IWithTimers
{
    public const string Name = "downloads";
    private const int SnapshotEvery = 1000;
    private static readonly TimeSpan FirstRespawnDelay = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan LastRespawnDelay = TimeSpan.FromMinutes(5);

    private readonly IMovieGrabber _grabber;
    private readonly DownloadSettings _settings;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<MovieId, MovieStatus> _activeStatus = new();
    private readonly HashSet<MovieId> _awaitingFirstReport = new();
    private readonly Dictionary<MovieId, TimeSpan> _respawnDelay = new();
    private readonly HashSet<MovieId> _settling = new();
    private readonly List<IActorRef> _statisticsWaiters = new();
    private readonly Dictionary<IActorRef, MovieId> _children = new();
    private CoordinatorState _state = CoordinatorState.Empty;
    private long _changes;

    public DownloadCoordinator(IMovieGrabber grabber, DownloadSettings settings)
    {
        _grabber = grabber;
        _settings = settings;

        Recover<SnapshotOffer>(offer => _state = (CoordinatorState)offer.Snapshot);
        Recover<ICoordinatorEvent>(e => _state = _state.Apply(e));
        Recover<RecoveryCompleted>(_ => OnRecovered());

        Command<QueueMovie>(OnQueueMovie);
        Command<RetryMovie>(OnRetryMovie);
        Command<DownloadActor.StatusReported>(OnStatusReported);
        Command<GetStatistics>(_ => OnGetStatistics());
        Command<Respawn>(r => Spawn(r.MovieId));
        Command<Terminated>(OnChildTerminated);
        Command<SaveSnapshotSuccess>(s => DeleteSnapshots(new SnapshotSelectionCriteria(s.Metadata.SequenceNr - 1)));
        Command<SaveSnapshotFailure>(f => _log.Warning(f.Cause, "Coordinator snapshot failed"));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(f => _log.Warning(f.Cause, "Deleting old coordinator snapshots failed"));
    }

    public override string PersistenceId => "coordinator";

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(IMovieGrabber grabber, DownloadSettings settings) =>
        Akka.Actor.Props.Create(() => new DownloadCoordinator(grabber, settings));

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
        _log.Info("Recovered {Total} movies, {Active} unfinished", _state.Movies.Count, active.Count);
        foreach (var id in active)
        {
            _awaitingFirstReport.Add(id);
            Spawn(id);
        }
    }

    private void OnQueueMovie(QueueMovie queue)
    {
        if (_state.Movies.ContainsKey(queue.MovieId))
        {
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

        if (movie.IsActive)
        {
            Context.Child(ChildName(retry.MovieId)).Forward(retry);
            return;
        }

        if (movie.SettledAs != MovieStatus.PermanentFailure)
        {
            Sender.Tell(new RetryMovieResult(retry.MovieId, false,
                $"{retry.MovieId} is {movie.SettledAs.ToString()!.ToLowerInvariant()}, not failed"));
            return;
        }

        var sender = Sender;
        PersistChange(new MovieReopened(retry.MovieId, Now), () =>
        {
            Spawn(retry.MovieId);
            sender.Tell(new RetryMovieResult(retry.MovieId, true, $"{retry.MovieId} is pending again"));
        });
    }

    private void OnStatusReported(DownloadActor.StatusReported report)
    {
        var id = report.State.MovieId;
        if (!_state.Movies.TryGetValue(id, out var movie) || !movie.IsActive)
            return; // a late report from an actor that is being stopped

        var firstReport = _awaitingFirstReport.Remove(id);
        if (!firstReport)
            _changes++;
        _respawnDelay.Remove(id);

        if (report.State.IsSettled)
        {
            _activeStatus.Remove(id);
            var child = Sender;
            PersistChange(new MovieSettled(id, report.State.Status, Now), () =>
            {
                _settling.Add(id);
                Context.Stop(child);
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
        int pending = 0, failed = 0, permanent = 0, downloading = 0, completed = 0;
        foreach (var (id, movie) in _state.Movies)
        {
            var status = movie.SettledAs ?? _activeStatus.GetValueOrDefault(id, MovieStatus.Pending);
            switch (status)
            {
                case MovieStatus.Pending: pending++; break;
                case MovieStatus.Failed: failed++; break;
                case MovieStatus.PermanentFailure: permanent++; break;
                case MovieStatus.Downloading: downloading++; break;
                case MovieStatus.Completed: completed++; break;
            }
        }

        return new StatisticsResult(pending, failed, permanent, downloading, completed, _changes);
    }

    // Plain Watch + Terminated rather than WatchWith: a custom termination message that arrives while a Persist
    // stashes commands comes back from the stash as a bare Terminated (which would kill us with a DeathPactException).
    private void OnChildTerminated(Terminated terminated)
    {
        if (!_children.Remove(terminated.ActorRef, out var id))
            return;
        var wasSettling = _settling.Remove(id);
        if (!_state.Movies.TryGetValue(id, out var movie) || !movie.IsActive)
            return;

        if (wasSettling)
        {
            Spawn(id); // it settled and was reopened while stopping: start it again at once
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

    private void Spawn(MovieId id)
    {
        if (!_state.Movies.TryGetValue(id, out var movie) || !movie.IsActive)
            return;
        var name = ChildName(id);
        if (!Context.Child(name).IsNobody())
            return; // still stopping: OnTerminated starts it again
        var child = Context.ActorOf(DownloadActor.Props(id, movie.Title, movie.Year, movie.ReopenedAt, _grabber, _settings), name);
        _children[child] = id;
        Context.Watch(child);
    }

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
}
