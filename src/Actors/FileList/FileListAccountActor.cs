using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using MovieSync.Clients.FileList;
using MovieSync.Messages;
using static MovieSync.Messages.FileListCommands;
using static MovieSync.Messages.FileListEvents;
using static MovieSync.Messages.FileListQueries;

namespace MovieSync.Actors.FileList;

/// <summary>
/// One FileList account: every search and .torrent download of every movie goes through it and spends from its
/// hourly budget, whose spend is persisted before each request so it survives restarts. Movies reserve a search and its
/// download together and wait in line for them (<see cref="FileListQueue"/>), woken one at a time as requests free;
/// while the credentials are rejected, requests are answered <see cref="FileListDeferred"/> and one probes them again on
/// a growing schedule. The results' download links (they embed the passkey) stay here: a fetch names the torrent by its id.
/// check-config's credentials check is a request like the others: it spends from the same budget.
/// </summary>
/// <remarks>
/// The budget runs on the scheduler's monotonic clock, anchored to the wall clock when the actor starts
/// (<see cref="BudgetClock"/>): a clock set forward or back while it runs neither frees nor blocks requests. Spend
/// recorded in the future of the wall clock (it was set back while MovieSync was stopped) counts as made at start.
/// This actor recovers and journals the budget, answers and announces the account's status, and routes each message to
/// the part it concerns: <see cref="AccountTurns"/> (reservations, the line and its turns), <see cref="AccountRequests"/>
/// (the FileList requests) and <see cref="AccountCredentials"/> (the client, the pause while FileList rejects the
/// credentials). They act on it through <see cref="IAccountLedger"/>.
/// </remarks>
public sealed class FileListAccountActor : ReceivePersistentActor, IWithTimers, IAccountLedger
{
    public const string Name = "filelist-account";

    internal const string QueueTimer = "queue";

    /// <summary>A movie in line is never told to come back sooner than this (it is woken when its turn comes anyway).</summary>
    internal static readonly TimeSpan MinimumWait = TimeSpan.FromSeconds(1);

    private FileListAccountSettings _settings;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly BudgetClock _clock;
    private readonly AccountCredentials _credentials;
    private readonly AccountTurns _turns;
    private readonly AccountRequests _requests;
    private List<DateTimeOffset>? _recovered = [];
    private RequestBudget _budget;
    private FileListQueue _queue;
    private bool _snapshotting;
    private readonly HashSet<IActorRef> _statusWatchers = [];
    private FileListAccountStatus? _lastAnnounced;

    public FileListAccountActor(FileListAccountSettings settings, Func<FileListAccount, FileListClient> clientFor)
    {
        // A restarted actor takes config.json's allowance as it is now, not as it was at start.
        if (settings.ReadRequestsPerHour is { } readRequestsPerHour)
            settings = settings with { RequestsPerHour = readRequestsPerHour() };
        _settings = settings;
        _clock = new BudgetClock(Context.System.Scheduler);
        _credentials = new AccountCredentials(this, clientFor, _clock, _log);
        _budget = new RequestBudget(settings.RequestsPerHour, settings.Window);
        _queue = NewQueue(_budget);
        _turns = new AccountTurns(this, Context, _credentials, _clock, _log);
        _requests = new AccountRequests(this, Context, _turns, _credentials, _clock, _log);

        Recover<SnapshotOffer>(offer => _recovered = ((FileListAccountSnapshot)offer.Snapshot).SpentAt.ToList());
        Recover<FileListRequestSpent>(e => _recovered?.Add(e.At));
        Recover<FileListRateLimitReached>(e => _recovered?.AddRange(Enumerable.Repeat(e.At, settings.RequestsPerHour)));
        Recover<RecoveryCompleted>(_ => OnRecovered());

        Command<ReserveFileListRequests>(_turns.OnReserve);
        Command<ReleaseFileListReservation>(_turns.OnRelease);
        Command<QueueTick>(_ => _turns.ServeLine());
        Command<FileListLineLeft>(_turns.OnLineLeft);
        Command<SearchFilm>(_requests.OnSearch);
        Command<FetchTorrent>(_requests.OnFetch);
        Command<CheckFileListAccount>(_ => _requests.OnCheck());
        Command<WatchFileListAccountStatus>(_ =>
        {
            _statusWatchers.Add(Sender);
            Context.Watch(Sender);
            Sender.Tell(Status());
        });
        Command<Terminated>(t => _statusWatchers.Remove(t.ActorRef));
        Command<RequestFinished>(_requests.OnFinished);
        Command<GetFileListAccountStatus>(_ => Sender.Tell(Status()));
        Command<ReloadFileListCredentials>(_ => OnReloadCredentials());
        Command<SaveSnapshotSuccess>(OnSnapshotSaved);
        Command<SaveSnapshotFailure>(f =>
        {
            _snapshotting = false;
            _log.Warning(f.Cause, "Snapshot of the FileList account's spend failed");
        });
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteMessagesSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(f => _log.Warning(f.Cause, "Deleting old FileList account snapshots failed"));
        Command<DeleteMessagesFailure>(f => _log.Warning(f.Cause, "Deleting old FileList account events failed"));
    }

    public override string PersistenceId => _settings.PersistenceId;

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void PreStart()
    {
        base.PreStart();
        Context.System.EventStream.Subscribe(Self, typeof(FileListLineLeft));
    }

    public static Props Props(FileListAccountSettings settings, Func<FileListAccount, FileListClient> clientFor) =>
        Akka.Actor.Props.Create(() => new FileListAccountActor(settings, clientFor));

    private FileListQueue NewQueue(RequestBudget budget) =>
        new(budget, _settings.TurnClaimTimeout, _settings.ReservationTimeout);

    private string Username => _settings.Account.Username;

    /// <summary>After every command: tells the status watchers (the broker) when the account's status changed.</summary>
    protected override bool AroundReceive(Receive receive, object message)
    {
        var handled = base.AroundReceive(receive, message);
        if (_statusWatchers.Count > 0 && _recovered is null)
        {
            var status = Status();
            if (status != _lastAnnounced)
            {
                _lastAnnounced = status;
                foreach (var watcher in _statusWatchers)
                    watcher.Tell(status);
            }
        }

        return handled;
    }

    private void OnRecovered()
    {
        _budget = RequestBudget.Restore(_settings.RequestsPerHour, _recovered ?? [], _clock.Now, _settings.Window);
        _queue = NewQueue(_budget);
        _recovered = null;
        _log.Info("FileList account {User}: {Remaining} of {Limit} requests left in the current hour", Username,
            _budget.Remaining(_clock.Now), _settings.RequestsPerHour);
    }

    private void OnReloadCredentials()
    {
        _credentials.Reload();
        if (_settings.ReadRequestsPerHour?.Invoke() is { } perHour && perHour != _settings.RequestsPerHour)
        {
            var before = _settings.RequestsPerHour;
            _settings = _settings with { RequestsPerHour = perHour };
            _budget.Resize(perHour);
            _log.Info("FileList account {User}: {PerHour} requests per hour from now on (was {Before}); {Remaining} left in the current hour",
                Username, perHour, before, _budget.Remaining(_clock.Now));
        }

        _credentials.Renewed();
        _turns.ServeLine();
        Sender.Tell(Status());
    }

    private FileListAccountStatus Status()
    {
        var now = _clock.Now;
        var free = _queue.Free(now);
        var turnAt = free >= _queue.RequestsPerFilm ? (DateTimeOffset?)null : _clock.ToWall(_queue.TurnAt(_queue.Waiting, now));
        if (_credentials.Rejected is { } paused && paused.Until > now && (turnAt is null || _clock.ToWall(paused.Until) > turnAt))
            turnAt = _clock.ToWall(paused.Until);
        return StatusWithoutCounts(now) with
        {
            RequestsFree = free, FilmTurnAt = turnAt, Searches = _requests.Searches, Downloads = _requests.Downloads,
        };
    }

    private FileListAccountStatus StatusWithoutCounts(DateTimeOffset now)
    {
        var remaining = _budget.Remaining(now);
        if (_credentials.Rejected is { } rejected)
            return new FileListAccountStatus(Username, FileListAccountHealth.CredentialsRejected, rejected.Reason,
                _settings.RequestsPerHour, remaining, rejected.Until > now ? _clock.ToWall(rejected.Until) : null);
        if (remaining == 0)
            return new FileListAccountStatus(Username, FileListAccountHealth.BudgetSpent, _requests.BudgetSpent(now).Reason,
                _settings.RequestsPerHour, 0, _clock.ToWall(_budget.NextAvailableAt(now)));
        return new FileListAccountStatus(Username, FileListAccountHealth.Ok, null, _settings.RequestsPerHour, remaining, null);
    }

    private void SnapshotWhenDue()
    {
        if (_snapshotting || LastSequenceNr % _settings.SnapshotEvery != 0)
            return;
        _snapshotting = true;
        SaveSnapshot(new FileListAccountSnapshot(_budget.SpentAt));
    }

    private void OnSnapshotSaved(SaveSnapshotSuccess saved)
    {
        _snapshotting = false;
        // The snapshot holds the whole spend: older events and snapshots can never matter again.
        DeleteMessages(saved.Metadata.SequenceNr);
        DeleteSnapshots(new SnapshotSelectionCriteria(saved.Metadata.SequenceNr - 1));
    }

    FileListAccountSettings IAccountLedger.Settings => _settings;
    RequestBudget IAccountLedger.Budget => _budget;
    FileListQueue IAccountLedger.Queue => _queue;
    void IAccountLedger.ScheduleQueueTick() => _turns.ScheduleQueueTick();
    FileListAccountStatus IAccountLedger.Status() => Status();

    void IAccountLedger.JournalSpend(DateTimeOffset at, Action then) => Persist(new FileListRequestSpent(at), _ =>
    {
        then();
        SnapshotWhenDue();
    });

    void IAccountLedger.JournalRateLimit(DateTimeOffset at) => Persist(new FileListRateLimitReached(at), _ => { });

    // Ticks and piped results never leave this actor: they need no serializer.

    /// <summary>A FileList call's outcome (<see cref="FileListSearchResult"/> or <see cref="FileListDownloadResult"/>), piped back.</summary>
    internal sealed record RequestFinished(object Answer) : INoSerializationVerificationNeeded
    {
        /// <summary>A check-config request: answered <see cref="FileListAccountChecked"/>.</summary>
        public bool IsCheck { get; init; }

        public long? Reservation { get; init; }
    }

    /// <summary>Requests may have freed, or a reservation lapsed: serve the line.</summary>
    internal sealed record QueueTick : INoSerializationVerificationNeeded
    {
        public static QueueTick Instance { get; } = new();
    }
}
