using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using MovieSync.Messages;
using static MovieSync.Messages.MovieEvents;
using static MovieSync.Messages.MovieQueries;

namespace MovieSync.Actors.Movies;

/// <summary>One movie's lifecycle: attempts, persisted retry schedule, and following its download to completion.</summary>
/// <remarks>
/// This actor recovers and journals the movie's state and routes each message to the part it concerns:
/// <see cref="MovieAttempts"/>, <see cref="DownloadFollowing"/>, <see cref="MovieControl"/> (a person's commands,
/// passivation) and <see cref="WatchlistRemoval"/>. They act on the movie through <see cref="IMovieLifecycle"/>.
/// </remarks>
public sealed class MovieActor : ReceivePersistentActor, IWithTimers, IMovieLifecycle
{
    internal const string AttemptTimer = "attempt";
    internal const string FollowTimer = "follow";

    private readonly MovieSettings _settings;
    private readonly DateTimeOffset? _reopenedAt;
    private readonly string? _grabReason;
    private readonly string _title;
    private readonly int? _year;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly MovieAttempts _attempts;
    private readonly DownloadFollowing _following;
    private readonly MovieControl _control;
    private readonly WatchlistRemoval _removal;
    private MovieState _state;
    private bool _busy;

    /// <param name="reopenedAt">When the coordinator last reopened the movie (`retry`, `grab`); recorded here if it was not yet.</param>
    /// <param name="grabReason">Set when that reopening was a `grab`.</param>
    public MovieActor(MovieId movieId, string title, int? year, DateTimeOffset? reopenedAt, IMovieGrabber grabber,
        MovieSettings settings, string? grabReason = null)
    {
        _state = MovieState.Empty(movieId);
        _title = title;
        _year = year;
        _reopenedAt = reopenedAt;
        _grabReason = grabReason;
        _settings = settings;
        _attempts = new MovieAttempts(this, Context, grabber, settings, _log);
        _following = new DownloadFollowing(this, Context, grabber, settings, _log);
        _control = new MovieControl(this, Context, grabber, settings, _log);
        _removal = new WatchlistRemoval(this, Context, grabber, settings, _log);

        Recover<SnapshotOffer>(offer => _state = (MovieState)offer.Snapshot);
        Recover<IMovieEvent>(e => _state = _state.Apply(e));
        Recover<RecoveryCompleted>(_ => OnRecovered());

        Command<AttemptDue>(_ => _attempts.Start());
        Command<AttemptFinished>(OnAttemptFinished);
        Command<FollowDue>(_ => _following.Start());
        Command<FileListEvents.FileListTurn>(_ => _attempts.OnTurn());
        Command<FollowFinished>(_following.OnFinished);
        Command<StalledRemoved>(_following.OnStalledRemoved);
        Command<TakenBack>(_control.OnTakenBack);
        Command<MovieCommands.Passivate>(_ => _control.Passivate());
        Command<MovieCommands.RetryMovie>(_control.Handle);
        Command<MovieCommands.ForgetMovie>(OnForget);
        Command<Removed>(_removal.OnRemoved);
        Command<MovieCommands.GrabMovie>(_control.Handle);
        Command<MovieCommands.SkipMovie>(_control.Handle);
        Command<MovieCommands.SetPriority>(_control.Handle);
        Command<GetMovieState>(_ => Sender.Tell(new MovieStateResult(_state, _following.Progress)));
        Command<SaveSnapshotSuccess>(s => DeleteSnapshots(new SnapshotSelectionCriteria(s.Metadata.SequenceNr - 1)));
        Command<SaveSnapshotFailure>(f => _log.Warning(f.Cause, "Snapshot of {Movie} failed", _state.MovieId));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(f => _log.Warning(f.Cause, "Deleting old snapshots of {Movie} failed", _state.MovieId));
    }

    public override string PersistenceId => _state.MovieId.PersistenceId;

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(MovieId movieId, string title, int? year, DateTimeOffset? reopenedAt, IMovieGrabber grabber,
        MovieSettings settings, string? grabReason = null) =>
        Akka.Actor.Props.Create(() => new MovieActor(movieId, title, year, reopenedAt, grabber, settings, grabReason));

    private DateTimeOffset Now => Context.System.Scheduler.Now;

    private void OnRecovered()
    {
        if (!_state.Exists)
            Record(new MovieQueued(_state.MovieId, _title, _year, Now));
        else if (_state.Status is MovieStatus.Failed or MovieStatus.PermanentFailure or MovieStatus.Forgotten or MovieStatus.Skipped &&
                 _reopenedAt >= _state.UpdatedAt)
            // The coordinator reopened the movie but we were not running to record it: do it now.
            Record(_grabReason is { } reason ? new GrabRequested(_state.MovieId, reason, Now) : new RetryRequested(_state.MovieId, Now));
        else
            Resume();
    }

    /// <summary>An attempt that ends after the movie settled (skipped, forgotten meanwhile) is the control's to clear up.</summary>
    private void OnAttemptFinished(AttemptFinished finished)
    {
        _busy = false;
        if (_state.IsSettled)
            _control.OnLateAttempt(finished.Outcome);
        else
            _attempts.OnFinished(finished.Outcome);
    }

    /// <summary>A finished movie that left the watchlist may lose its torrent and files (<c>on_removed</c>); else a plain forget.</summary>
    private void OnForget(MovieCommands.ForgetMovie forget)
    {
        if (forget.RemovesFinished && _state.Status == MovieStatus.Completed)
            _removal.Start(forget);
        else
            _control.Handle(forget);
    }

    /// <summary>Persists, applies, reports to the coordinator, then carries on from the new state.</summary>
    private void Record(IMovieEvent e)
    {
        Persist(e, persisted =>
        {
            _state = _state.Apply(persisted);
            SnapshotOnCadence();
            Resume();
        });
    }

    private void SnapshotOnCadence()
    {
        if (LastSequenceNr % _settings.SnapshotEvery == 0)
            SaveSnapshot(_state);
    }

    private void Resume()
    {
        switch (_state.Status)
        {
            case MovieStatus.Pending:
                Schedule(AttemptTimer, AttemptDue.Instance, TimeSpan.Zero);
                break;
            case MovieStatus.Failed:
                var wait = _state.NextRetryAt!.Value - Now;
                _log.Info("{Movie}: retry {Retry} in {Wait} (at {RetryAt:u}) after: {Error}", _state.DisplayName,
                    _state.Failures, ReadableDuration.Of(wait), _state.NextRetryAt, _state.LastError);
                Schedule(AttemptTimer, AttemptDue.Instance, wait);
                break;
            case MovieStatus.Downloading:
                Schedule(FollowTimer, FollowDue.Instance, TimeSpan.Zero);
                break;
            default:
                Timers.CancelAll();
                break;
        }

        // Reported after the timers are set: whoever reacts to the report (a spec moving the clock) finds them there.
        Context.Parent.Tell(new MovieReports.MovieStateReported(_state));
    }

    private void Fail(string reason, RejectedTorrent? rejected = null)
    {
        var e = _state.FailAttempt(reason, _settings.Retry, Now, rejected);
        if (e is MovieFailedPermanently)
            _log.Warning("{Movie}: permanent failure after {Failures} failed attempts: {Error}", _state.DisplayName,
                _state.Failures + 1, reason);
        Record(e);
    }

    /// <summary>Timers only fire when the scheduler's clock moves; work that is due now is told at once.</summary>
    private void Schedule(string key, object message, TimeSpan delay)
    {
        Timers.Cancel(key);
        if (delay > TimeSpan.Zero)
            Timers.StartSingleTimer(key, message, delay);
        else
            Self.Tell(message);
    }

    MovieState IMovieLifecycle.State => _state;
    DateTimeOffset IMovieLifecycle.Now => Now;
    bool IMovieLifecycle.Busy { get => _busy; set => _busy = value; }
    void IMovieLifecycle.Record(IMovieEvent e) => Record(e);
    void IMovieLifecycle.SnapshotOnCadence() => SnapshotOnCadence();
    void IMovieLifecycle.Resume() => Resume();
    void IMovieLifecycle.Fail(string reason, RejectedTorrent? rejected) => Fail(reason, rejected);
    void IMovieLifecycle.Schedule(string key, object message, TimeSpan delay) => Schedule(key, message, delay);

    void IMovieLifecycle.Journal<TEvent>(TEvent e, Action<TEvent> then) => Persist(e, persisted =>
    {
        _state = _state.Apply(persisted);
        then(persisted);
    });

    internal static string RankText(QueueRank rank) => rank == QueueRank.GrabNow ? "grab now" : rank.ToString().ToLowerInvariant() + " priority";

    internal static string DescribeFailure(Exception error, string what) => error is TimeoutException
        ? $"{what} timed out"
        : $"{what} crashed: {error.GetType().Name}: {error.Message}";

    // Ticks and piped results never leave this actor: they need no serializer.
    internal sealed record AttemptDue : INoSerializationVerificationNeeded
    {
        public static AttemptDue Instance { get; } = new();
    }

    internal sealed record FollowDue : INoSerializationVerificationNeeded
    {
        public static FollowDue Instance { get; } = new();
    }

    internal sealed record AttemptFinished(GrabOutcome Outcome) : INoSerializationVerificationNeeded;

    internal sealed record FollowFinished(DownloadProgress? Progress, string? Error) : INoSerializationVerificationNeeded;

    internal sealed record StalledRemoved(RejectedTorrent Torrent, string Reason, string? Error) : INoSerializationVerificationNeeded;

    internal sealed record TakenBack(string TorrentName, string? Error) : INoSerializationVerificationNeeded;

    internal sealed record Removed(MovieCommands.ForgetMovie Forget, IActorRef Sender, bool TorrentRemoved, string? TrashedTo, string? Error)
        : INoSerializationVerificationNeeded;
}
