using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using MovieSync.Actors.Work;
using MovieSync.Messages;
using static MovieSync.Messages.MovieEvents;
using static MovieSync.Messages.MovieQueries;

namespace MovieSync.Actors.Movies;

/// <summary>One movie's lifecycle: attempts, persisted retry schedule, and following its download to completion.</summary>
public sealed class MovieActor : ReceivePersistentActor, IWithTimers
{
    private const string AttemptTimer = "attempt";
    private const string FollowTimer = "follow";

    private readonly IMovieGrabber _grabber;
    private readonly MovieSettings _settings;
    private readonly DateTimeOffset? _reopenedAt;
    private readonly string? _grabReason;
    private readonly string _title;
    private readonly int? _year;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private MovieState _state;
    private bool _busy;
    private MovieProgress? _progress;
    private StallClock? _stall;
    private bool _passivating;

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
        _grabber = grabber;
        _settings = settings;

        Recover<SnapshotOffer>(offer => _state = (MovieState)offer.Snapshot);
        Recover<IMovieEvent>(e => _state = _state.Apply(e));
        Recover<RecoveryCompleted>(_ => OnRecovered());

        Command<AttemptDue>(_ => StartAttempt());
        Command<AttemptFinished>(OnAttemptFinished);
        Command<FollowDue>(_ => StartFollowing());
        Command<FileListEvents.FileListTurn>(_ => OnTurn());
        Command<FollowFinished>(OnFollowFinished);
        Command<StalledRemoved>(OnStalledRemoved);
        Command<TakenBack>(t =>
        {
            _busy = false;
            if (_passivating)
                Context.Stop(Self);
            if (t.Error is null)
                _log.Info("{Movie}: torrent {Torrent} removed from qBittorrent", _state.DisplayName, t.TorrentName);
            else
                _log.Warning("{Movie}: torrent {Torrent} is still in qBittorrent ({Error}); remove it there by hand", _state.DisplayName,
                    t.TorrentName, t.Error);
        });
        Command<MovieCommands.Passivate>(_ =>
        {
            // An attempt under way (the movie was skipped or forgotten meanwhile) ends first: what it added is taken back.
            if (_busy)
                _passivating = true;
            else
                Context.Stop(Self);
        });
        Command<MovieCommands.RetryMovie>(Handle);
        Command<MovieCommands.ForgetMovie>(OnForget);
        Command<Removed>(OnRemoved);
        Command<MovieCommands.GrabMovie>(Handle);
        Command<MovieCommands.SkipMovie>(Handle);
        Command<MovieCommands.SetPriority>(Handle);
        Command<GetMovieState>(_ => Sender.Tell(new MovieStateResult(_state, _progress)));
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

    /// <summary>Persists, applies, reports to the coordinator, then carries on from the new state.</summary>
    private void Record(IMovieEvent e)
    {
        Persist(e, persisted =>
        {
            _state = _state.Apply(persisted);
            if (LastSequenceNr % _settings.SnapshotEvery == 0)
                SaveSnapshot(_state);
            Resume();
        });
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

    private void StartAttempt()
    {
        if (_busy || _state.Status is not (MovieStatus.Pending or MovieStatus.Failed))
            return;
        _busy = true;
        var request = new GrabRequest(_state.MovieId, _state.Title, _state.Year, _state.Failures + 1,
            _state.TrackedAt) { Rejected = _state.Rejected, Rank = _state.Rank };
        _log.Info("{Movie}: attempt {Attempt} started ({Rank})", _state.DisplayName, request.Attempt, RankText(request.Rank));
        var grabber = _grabber;
        PipedWork.Run(ct => grabber.GrabAsync(request, ct), _settings.AttemptTimeout,
            outcome => new AttemptFinished(outcome),
            error => new AttemptFinished(new GrabOutcome.Failed(DescribeFailure(error, "attempt"))), Self);
    }

    /// <summary>The movie's FileList turn came before its waiting timer: attempt now (unless a retry is not due yet).</summary>
    private void OnTurn()
    {
        if (_busy || _state.Status is not (MovieStatus.Pending or MovieStatus.Failed) || _state.NextRetryAt > Now)
            return;
        Schedule(AttemptTimer, AttemptDue.Instance, TimeSpan.Zero);
    }

    private void OnAttemptFinished(AttemptFinished finished)
    {
        _busy = false;
        if (_state.IsSettled)
        {
            if (finished.Outcome is GrabOutcome.Added late)
            {
                TakeBack(late);
                return;
            }

            _log.Info("{Movie}: an attempt finished after the movie was {Status}; its outcome is ignored: {Outcome}",
                _state.DisplayName, _state.Status, finished.Outcome);
            if (_passivating)
                Context.Stop(Self);
            return;
        }

        switch (finished.Outcome)
        {
            case GrabOutcome.Added added:
                _log.Info("{Movie}: torrent {Torrent} added ({Reason})", _state.DisplayName, added.TorrentName,
                    added.Reason ?? "no reason given");
                Record(new TorrentAdded(_state.MovieId, added.TorrentName, added.InfoHash, Now)
                    { Reason = added.Reason, SizeBytes = added.SizeBytes, FileListId = added.FileListId });
                break;
            case GrabOutcome.AlreadyOnDisk onDisk:
                _log.Info("{Movie}: already on disk at {Path}", _state.DisplayName, onDisk.Path);
                Record(new MovieCompleted(_state.MovieId, onDisk.Path, AlreadyOnDisk: true, Now));
                break;
            case GrabOutcome.Failed failed:
                Fail(failed.Reason, failed.Rejected);
                break;
            case GrabOutcome.Deferred deferred:
                // Not the movie's fault: no failure is counted, and nothing is persisted (a restart simply asks again).
                // The coordinator may stop this actor until then (a long wait) or wake it sooner (its FileList turn came).
                _log.Info("{Movie}: waiting until {RetryAt:u}: {Reason}", _state.DisplayName, deferred.RetryAt, deferred.Reason);
                Schedule(AttemptTimer, AttemptDue.Instance, deferred.RetryAt - Now);
                Context.Parent.Tell(new MovieReports.MovieWaiting(_state.MovieId, deferred.RetryAt, deferred.Reason));
                break;
        }
    }

    /// <summary>
    /// The movie was skipped or forgotten while its attempt ran, and the attempt added a torrent after all: it comes out
    /// of qBittorrent again (nothing was downloaded yet), so no torrent stays there that nobody follows.
    /// </summary>
    private void TakeBack(GrabOutcome.Added added)
    {
        _busy = true;
        var (grabber, id, status) = (_grabber, _state.MovieId, _state.Status);
        _log.Info("{Movie}: torrent {Torrent} was added by the attempt under way when the movie was {Status}; removing it from qBittorrent",
            _state.DisplayName, added.TorrentName, status);
        PipedWork.Run(ct => grabber.RemoveAsync(id, added.InfoHash, deleteFiles: true, ct), _settings.AttemptTimeout,
            _ => new TakenBack(added.TorrentName, null),
            error => new TakenBack(added.TorrentName, DescribeFailure(error, "removing it")), Self);
    }

    private void Fail(string reason, RejectedTorrent? rejected = null)
    {
        var e = _state.FailAttempt(reason, _settings.Retry, Now, rejected);
        if (e is MovieFailedPermanently)
            _log.Warning("{Movie}: permanent failure after {Failures} failed attempts: {Error}", _state.DisplayName,
                _state.Failures + 1, reason);
        Record(e);
    }

    private void StartFollowing()
    {
        if (_busy || _state.Status != MovieStatus.Downloading)
            return;
        _busy = true;
        var (grabber, id, infoHash) = (_grabber, _state.MovieId, _state.InfoHash!);
        PipedWork.Run(ct => grabber.FollowAsync(id, infoHash, ct), _settings.AttemptTimeout,
            progress => new FollowFinished(progress, null),
            error => new FollowFinished(null, DescribeFailure(error, "progress check")), Self);
    }

    private void OnFollowFinished(FollowFinished finished)
    {
        _busy = false;
        switch (finished.Progress)
        {
            case DownloadProgress.Finished done:
                _progress = null;
                _log.Info("{Movie}: download complete at {Path}", _state.DisplayName, done.Path);
                Record(new MovieCompleted(_state.MovieId, done.Path, AlreadyOnDisk: false, Now));
                break;
            case DownloadProgress.Lost lost:
                _progress = null;
                Fail(lost.Reason);
                break;
            case DownloadProgress.InProgress progress:
                _progress = new MovieProgress(progress.Fraction, progress.BytesPerSecond, progress.Eta);
                if (FollowStall(progress) is { } stalled)
                    RemoveStalled(stalled);
                else
                    Timers.StartSingleTimer(FollowTimer, FollowDue.Instance, _settings.FollowInterval);
                break;
            default:
                // The client could not be asked (it is down): keep the torrent and ask again later.
                _log.Warning("{Movie}: could not check the download: {Error}", _state.DisplayName, finished.Error);
                Timers.StartSingleTimer(FollowTimer, FollowDue.Instance, _settings.FollowInterval);
                break;
        }
    }

    /// <summary>
    /// Runs the stall clock on one poll's report (only when the client tells its state); journals where the clock starts
    /// at most once per ProgressMarkEvery, so that a restart neither resets it nor loses more than that.
    /// </summary>
    private StalledDownload? FollowStall(DownloadProgress.InProgress progress)
    {
        if (progress.State is null || _state.InfoHash is null)
            return null;
        if (_stall is null || _stall.InfoHash != _state.InfoHash)
            _stall = StallClock.Of(_state, Now);
        if (!_stall.Observe(progress.Fraction, progress.Held, Now))
            return _stall.Stalled(progress, _settings.StalledAfter, Now);
        if (_state.ProgressAt is not { } marked || Now - marked >= _settings.ProgressMarkEvery)
            Persist(new DownloadProgressed(_state.MovieId, progress.Fraction, Now), e =>
            {
                _state = _state.Apply(e);
                if (LastSequenceNr % _settings.SnapshotEvery == 0)
                    SaveSnapshot(_state);
            });
        return null;
    }

    /// <summary>Takes the stalled torrent out of the client, then fails the attempt (see OnStalledRemoved).</summary>
    private void RemoveStalled(StalledDownload stalled)
    {
        _busy = true;
        var rejected = new RejectedTorrent(_state.InfoHash!, _state.TorrentName ?? "", _state.FileListId);
        _log.Warning("{Movie}: torrent {Torrent} {Reason}", _state.DisplayName, rejected.TorrentName, stalled.Reason);
        var (grabber, id) = (_grabber, _state.MovieId);
        PipedWork.Run(ct => grabber.RemoveAsync(id, rejected.InfoHash, stalled.DeleteFiles, ct), _settings.AttemptTimeout,
            _ => new StalledRemoved(rejected, stalled.Reason, null),
            error => new StalledRemoved(rejected, stalled.Reason, DescribeFailure(error, "removing the stalled torrent")), Self);
    }

    private void OnStalledRemoved(StalledRemoved removed)
    {
        _busy = false;
        if (removed.Error is not null)
        {
            // Still in the client: failing now would leave it there beside the next torrent. The next poll tries again.
            _log.Warning("{Movie}: {Error}; trying again at the next check", _state.DisplayName, removed.Error);
            Timers.StartSingleTimer(FollowTimer, FollowDue.Instance, _settings.FollowInterval);
            return;
        }

        _progress = null;
        _stall = null;
        Fail(removed.Reason, removed.Torrent);
    }

    /// <summary>A finished movie that left the watchlist may lose its torrent and files (<c>on_removed</c>); else a plain forget.</summary>
    private void OnForget(MovieCommands.ForgetMovie forget)
    {
        if (forget.RemovesFinished && _state.Status == MovieStatus.Completed)
            StartRemoval(forget);
        else
            Handle(forget);
    }

    /// <summary>
    /// Takes the torrent out of qBittorrent (its files stay), then for <c>remove_files</c> moves the files to the trash;
    /// <see cref="MovieRemoved"/> is journaled only after both, so a crash in between repeats them (each is idempotent).
    /// </summary>
    private void StartRemoval(MovieCommands.ForgetMovie forget)
    {
        if (_busy)
            return; // the removal under way answers; the watchlist tells an unanswered one again at its next check
        _busy = true;
        var sender = Sender;
        var (grabber, id, infoHash, path, trash, now) = (_grabber, _state.MovieId, _state.InfoHash, _state.Path, _settings.Trash, Now);
        var files = forget.Removal == RemovalAction.RemoveFiles;
        PipedWork.Run(async ct =>
            {
                var torrentRemoved = infoHash is not null && await grabber.RemoveAsync(id, infoHash, deleteFiles: false, ct);
                string? trashedTo = null;
                if (files && path is not null)
                    trashedTo = (trash ?? throw new InvalidOperationException("no trash folder is configured")).MoveIn(path, now);
                return new Removed(forget, sender, torrentRemoved, trashedTo, null);
            }, _settings.AttemptTimeout, removed => removed,
            error => new Removed(forget, sender, false, null, DescribeFailure(error, "removing it")), Self);
    }

    private void OnRemoved(Removed removed)
    {
        _busy = false;
        if (removed.Error is not null)
        {
            // Not answered: the watchlist tells the removal again at its next check. The movie stays completed meanwhile.
            _log.Warning("{Movie} left the watchlist, but {Error}; trying again at the next watchlist check", _state.DisplayName, removed.Error);
            Resume();
            return;
        }

        Persist(new MovieRemoved(_state.MovieId, removed.Forget.Reason, removed.TorrentRemoved, removed.TrashedTo, Now), e =>
        {
            _state = _state.Apply(e);
            var what = (e.TorrentRemoved ? "its torrent removed from qBittorrent" : "no torrent of it left in qBittorrent") +
                       (e.TrashedTo is { } trashed ? $", its files moved to {trashed}" : removed.Forget.Removal == RemovalAction.RemoveFiles
                           ? ", no files of it found to move" : ", its files kept");
            _log.Info("{Movie}: removed ({Reason}): {What}", _state.DisplayName, e.Reason, what);
            removed.Sender.Tell(new MovieCommands.ForgetMovieResult(e.MovieId, true, $"{e.MovieId} is removed: {what}"));
            Resume();
        });
    }

    /// <summary>
    /// A person's command (`retry`, `forget`, `grab`, `skip`, `priority`): decided from the state; a refusal changes nothing,
    /// an accepted one is persisted first. It is answered at once, also while an attempt runs (see OnAttemptFinished).
    /// </summary>
    private void Handle(IWithMovieId command)
    {
        var decision = _state.Decide(command, Now);
        var sender = Sender;
        if (decision.Event is null)
        {
            sender.Tell(decision.Reply);
            if (command is MovieCommands.ForgetMovie)
                Resume(); // an actor started only to be forgotten reports its state, and stops if it is settled
            return;
        }

        Persist(decision.Event, e =>
        {
            _state = _state.Apply(e);
            LogDecision(e);
            sender.Tell(decision.Reply);
            Timers.Cancel(AttemptTimer);
            Resume();
        });
    }

    private void LogDecision(IMovieEvent e)
    {
        switch (e)
        {
            case MovieForgotten forgotten:
                _log.Info("{Movie}: forgotten ({Reason})", _state.DisplayName, forgotten.Reason);
                break;
            case GrabRequested grab:
                _log.Info("{Movie}: grab now ({Reason}): first in line, retry count stays at {Failures}", _state.DisplayName, grab.Reason,
                    _state.Failures);
                break;
            case MovieSkipped skipped:
                _log.Info("{Movie}: skipped ({Reason}): not grabbed until `retry`", _state.DisplayName, skipped.Reason);
                break;
            case PriorityChanged priority:
                _log.Info("{Movie}: priority {Priority} ({Reason})", _state.DisplayName, RankText(_state.Rank), priority.Reason);
                break;
            case RetryRequested:
                _log.Info("{Movie}: retry asked: pending again with a fresh retry count", _state.DisplayName);
                break;
        }
    }

    private static string RankText(QueueRank rank) => rank == QueueRank.GrabNow ? "grab now" : rank.ToString().ToLowerInvariant() + " priority";

    private static string DescribeFailure(Exception error, string what) => error is TimeoutException
        ? $"{what} timed out"
        : $"{what} crashed: {error.GetType().Name}: {error.Message}";

    /// <summary>Timers only fire when the scheduler's clock moves; work that is due now is told at once.</summary>
    private void Schedule(string key, object message, TimeSpan delay)
    {
        Timers.Cancel(key);
        if (delay > TimeSpan.Zero)
            Timers.StartSingleTimer(key, message, delay);
        else
            Self.Tell(message);
    }

    // Ticks and piped results never leave this actor: they need no serializer.
    private sealed record AttemptDue : INoSerializationVerificationNeeded
    {
        public static AttemptDue Instance { get; } = new();
    }

    private sealed record FollowDue : INoSerializationVerificationNeeded
    {
        public static FollowDue Instance { get; } = new();
    }

    private sealed record AttemptFinished(GrabOutcome Outcome) : INoSerializationVerificationNeeded;

    private sealed record FollowFinished(DownloadProgress? Progress, string? Error) : INoSerializationVerificationNeeded;

    private sealed record StalledRemoved(RejectedTorrent Torrent, string Reason, string? Error) : INoSerializationVerificationNeeded;

    private sealed record TakenBack(string TorrentName, string? Error) : INoSerializationVerificationNeeded;

    private sealed record Removed(MovieCommands.ForgetMovie Forget, IActorRef Sender, bool TorrentRemoved, string? TrashedTo, string? Error)
        : INoSerializationVerificationNeeded;
}
