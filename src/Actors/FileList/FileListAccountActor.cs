using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using MovieSync.Actors.Work;
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
/// The budget runs on the scheduler's monotonic clock, anchored to the wall clock when the actor starts: a clock set
/// forward or back while it runs neither frees nor blocks requests. Spend recorded in the future of the wall clock (it
/// was set back while MovieSync was stopped) counts as made at start.
/// </remarks>
public sealed class FileListAccountActor : ReceivePersistentActor, IWithTimers
{
    public const string Name = "filelist-account";

    /// <summary>Any film with many releases: the check-config search only needs FileList to answer.</summary>
    private const string CheckImdbId = "tt0133093";

    private FileListAccountSettings _settings;
    private readonly Func<FileListAccount, FileListClient> _clientFor;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    /// <summary>How many found torrents' download links are kept for a fetch (the newest searches' results).</summary>
    private const int LinksKept = 2000;

    private readonly Dictionary<long, Uri> _links = new();
    private readonly Queue<long> _linkOrder = new();
    private const string QueueTimer = "queue";

    /// <summary>A movie in line is never told to come back sooner than this (it is woken when its turn comes anyway).</summary>
    private static readonly TimeSpan MinimumWait = TimeSpan.FromSeconds(1);

    private readonly DateTimeOffset _wallAtStart;
    private readonly TimeSpan _monotonicAtStart;
    private List<DateTimeOffset>? _recovered = [];
    private RequestBudget _budget;
    private FileListQueue _queue;
    private FileListClient _client;
    private Rejection? _rejected;
    private bool _snapshotting;
    private int _searches;
    private int _downloads;
    private readonly HashSet<IActorRef> _statusWatchers = [];
    private FileListAccountStatus? _lastAnnounced;

    public FileListAccountActor(FileListAccountSettings settings, Func<FileListAccount, FileListClient> clientFor)
    {
        // A restarted actor takes config.json's allowance as it is now, not as it was at start.
        if (settings.ReadRequestsPerHour is { } readRequestsPerHour)
            settings = settings with { RequestsPerHour = readRequestsPerHour() };
        _settings = settings;
        _clientFor = clientFor;
        _client = clientFor(settings.ReadCredentials());
        _wallAtStart = Context.System.Scheduler.Now;
        _monotonicAtStart = Context.System.Scheduler.MonotonicClock;
        _budget = new RequestBudget(settings.RequestsPerHour, settings.Window);
        _queue = NewQueue(_budget);

        Recover<SnapshotOffer>(offer => _recovered = ((FileListAccountSnapshot)offer.Snapshot).SpentAt.ToList());
        Recover<FileListRequestSpent>(e => _recovered?.Add(e.At));
        Recover<FileListRateLimitReached>(e => _recovered?.AddRange(Enumerable.Repeat(e.At, settings.RequestsPerHour)));
        Recover<RecoveryCompleted>(_ => OnRecovered());

        Command<ReserveFileListRequests>(OnReserve);
        Command<ReleaseFileListReservation>(r =>
        {
            _queue.Release(r.Reservation);
            ServeLine();
        });
        Command<QueueTick>(_ => ServeLine());
        Command<FileListEvents.FileListLineLeft>(left =>
        {
            if (_queue.Leave(left.MovieId))
                ServeLine();
        });
        Command<SearchFilm>(s =>
        {
            if (Spend(Sender, client => SearchAsync(client, s), isCheck: false, s.Reservation))
                _searches++;
        });
        Command<FetchTorrent>(OnFetch);
        Command<CheckFileListAccount>(_ =>
        {
            if (Spend(Sender, client => SearchAsync(client, new SearchFilm(CheckImdbId, "", null, _settings.Categories)),
                    isCheck: true, reservation: null))
                _searches++;
        });
        Command<WatchFileListAccountStatus>(_ =>
        {
            _statusWatchers.Add(Sender);
            Context.Watch(Sender);
            Sender.Tell(Status());
        });
        Command<Terminated>(t => _statusWatchers.Remove(t.ActorRef));
        Command<RequestFinished>(OnRequestFinished);
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
        Context.System.EventStream.Subscribe(Self, typeof(FileListEvents.FileListLineLeft));
    }

    public static Props Props(FileListAccountSettings settings, Func<FileListAccount, FileListClient> clientFor) =>
        Akka.Actor.Props.Create(() => new FileListAccountActor(settings, clientFor));

    /// <summary>The budget's time: the wall clock at start, moved on by the monotonic clock since.</summary>
    private DateTimeOffset Now => _wallAtStart + (Context.System.Scheduler.MonotonicClock - _monotonicAtStart);

    /// <summary>A budget time as the wall clock will show it (what movies schedule their timers against).</summary>
    private DateTimeOffset ToWall(DateTimeOffset budgetTime) => Context.System.Scheduler.Now + (budgetTime - Now);

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
        _budget = RequestBudget.Restore(_settings.RequestsPerHour, _recovered ?? [], Now, _settings.Window);
        _queue = NewQueue(_budget);
        _recovered = null;
        _log.Info("FileList account {User}: {Remaining} of {Limit} requests left in the current hour", Username,
            _budget.Remaining(Now), _settings.RequestsPerHour);
    }

    /// <summary>
    /// A movie asks for its search and download: granted now, or it waits in line (the credentials' pause counts as
    /// waiting too) and learns when its turn should come; it is woken earlier if requests free sooner.
    /// </summary>
    private void OnReserve(ReserveFileListRequests reserve)
    {
        ServeLine(); // those already in line first: a newcomer never overtakes them
        var now = Now;
        var paused = _rejected is { } rejected && (now < rejected.Until || _queue.HasReservations);
        var entry = _queue.Enter(reserve.MovieId, reserve.TrackedAt, now, serveNew: !paused, join: reserve.WaitInLine,
            rank: reserve.Rank);
        if (entry is FileListQueue.Entry.Granted granted)
        {
            Sender.Tell(new FileListReserved(granted.Reservation) { RequestId = reserve.RequestId });
            return;
        }

        var waiting = (FileListQueue.Entry.Waiting)entry;
        // While the credentials are rejected only the head of the line probes them; the rest are woken when they work.
        var turnAt = _rejected is { } pause && paused ? Later(waiting.TurnAt, now + _settings.LongestCredentialsPause) : waiting.TurnAt;
        turnAt = Later(turnAt, now + MinimumWait);
        var why = _rejected is { } r
            ? r.Reason
            : $"the FileList request budget ({_settings.RequestsPerHour} per hour, filelist.requests_per_hour) is spent";
        Sender.Tell(new FileListDeferred($"{Ordinal(waiting.Position)} in line for FileList ({why}); woken when its turn comes, " +
                                         $"by {ToWall(turnAt):u} at the latest", ToWall(turnAt)) { RequestId = reserve.RequestId });
        ScheduleQueueTick();
    }

    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    /// <summary>Promises freed requests to the movies at the head of the line and has them woken (one, to probe credentials).</summary>
    private void ServeLine()
    {
        var now = Now;
        var max = _rejected switch
        {
            null => int.MaxValue,
            { } rejected when now >= rejected.Until && !_queue.HasReservations => 1,
            _ => 0,
        };
        foreach (var movie in _queue.PromiseTurns(now, max))
        {
            _log.Debug("FileList account {User}: {Movie}'s turn", Username, movie);
            Context.System.EventStream.Publish(new FileListTurn(movie));
        }

        ScheduleQueueTick();
    }

    private void ScheduleQueueTick()
    {
        var now = Now;
        var next = _queue.NextChangeAt(now);
        if (_rejected is { } rejected && rejected.Until > now && _queue.Waiting > 0 && (next is null || rejected.Until > next))
            next = rejected.Until;
        if (next is { } at)
            Timers.StartSingleTimer(QueueTimer, QueueTick.Instance, at > now ? at - now : TimeSpan.Zero);
        else
            Timers.Cancel(QueueTimer);
    }

    /// <summary>
    /// Answers at once when work must wait; else persists the spend first, then makes the request. A check
    /// (<paramref name="isCheck"/>) spends only a request no film has reserved, and is answered <see cref="FileListAccountChecked"/>.
    /// </summary>
    /// <returns>Whether the request is made.</returns>
    private bool Spend(IActorRef replyTo, Func<FileListClient, Task<RequestFinished>> request, bool isCheck, long? reservation)
    {
        var now = Now;
        if (_rejected is { } rejected && now < rejected.Until)
        {
            // Reserved before the rejection came back: the film waits in line with the others, woken when the credentials
            // work; or, reserved by a broker, it goes back to the broker at once.
            var elsewhere = reservation is { } refused && !_queue.Requeue(refused);
            replyTo.Tell(isCheck
                ? Checked(FileListCheckOutcome.CredentialsRejected, requestMade: false, rejected.Reason, ToWall(rejected.Until))
                : elsewhere ? TryElsewhere(rejected.Reason, now) : new FileListDeferred(rejected.Reason, ToWall(rejected.Until)));
            return false;
        }

        var taken = reservation is { } reserved
            ? _queue.SpendReserved(reserved, now) || _queue.SpendUnreserved(now)
            : _queue.SpendUnreserved(now);
        if (!taken)
        {
            replyTo.Tell(isCheck ? CheckRefused(now) : BudgetSpent(now));
            return false;
        }

        var client = _client;
        Persist(new FileListRequestSpent(now), _ =>
        {
            // The client answers its own timeouts; this one only bounds a request that hangs regardless.
            PipedWork.Run(_ => request(client), _settings.RequestTimeout,
                finished => finished with { IsCheck = isCheck, Reservation = reservation },
                error => new RequestFinished(FileListSearchResult.Failed(FileListOutcome.ServerError,
                    $"the FileList request failed: {error.GetType().Name}")) { IsCheck = isCheck, Reservation = reservation },
                Self, replyTo);
            SnapshotWhenDue();
        });
        return true;
    }

    private static async Task<RequestFinished> SearchAsync(FileListClient client, SearchFilm search) =>
        new(await client.SearchForFilmAsync(search.ImdbId, search.Title, search.Year, search.Categories));

    private void OnFetch(FetchTorrent fetch)
    {
        if (!_links.TryGetValue(fetch.TorrentId, out var link))
        {
            // Only after a restart of this actor (or thousands of searches since): the film's attempt searches again.
            Sender.Tell(new FileListDeferred($"torrent {fetch.TorrentId} is no longer known to FileList account {Username}; searching again",
                Context.System.Scheduler.Now));
            return;
        }

        if (Spend(Sender, async client => new RequestFinished(await client.DownloadTorrentAsync(link)), isCheck: false,
                fetch.Reservation))
            _downloads++;
    }

    private void Remember(FileListSearchResult result)
    {
        foreach (var (id, link) in result.DownloadLinks)
        {
            if (_links.TryAdd(id, link))
                _linkOrder.Enqueue(id);
            else
                _links[id] = link;
        }

        while (_linkOrder.Count > LinksKept)
            _links.Remove(_linkOrder.Dequeue());
    }

    private void OnRequestFinished(RequestFinished finished)
    {
        var (outcome, error, retryAfter, answer) = finished.Answer switch
        {
            FileListSearchResult s => (s.Outcome, s.Error, s.RetryAfter,
                (object)new FilmSearchResult(s.Torrents, s.IsSuccess ? null : s.Error ?? "the FileList search failed")),
            FileListDownloadResult d => (d.Outcome, d.Error, (TimeSpan?)null,
                new FetchTorrentResult(d.IsSuccess ? d.Content : null, d.IsSuccess ? null : d.Error ?? "the .torrent download failed")),
            _ => (FileListOutcome.ServerError, null, null, new FilmSearchResult([], "FileList answered nothing")),
        };
        if (finished.Answer is FileListSearchResult { IsSuccess: true } found)
            Remember(found);
        var now = Now;
        var checkedAs = (Outcome: FileListCheckOutcome.Accepted, Error: (string?)null, NextRequestAt: (DateTimeOffset?)null);
        switch (outcome)
        {
            case FileListOutcome.CredentialsRejected:
                // Woken with the others as soon as the credentials work; or, reserved by a broker, back to it at once.
                var elsewhere = finished.Reservation is { } refused && !_queue.Requeue(refused);
                var rejection = error ?? "FileList rejected the username/passkey";
                var paused = Reject(rejection, now);
                answer = elsewhere ? TryElsewhere(paused.Reason, now) : paused;
                checkedAs = (FileListCheckOutcome.CredentialsRejected, rejection, paused.RetryAt);
                break;
            case FileListOutcome.RateLimited:
                _budget.MarkExhausted(now);
                Persist(new FileListRateLimitReached(now), _ => { });
                var until = ToWall(retryAfter is { } wait && wait > TimeSpan.Zero ? now + wait : _budget.NextAvailableAt(now));
                _log.Warning("FileList says the request limit of account {User} is reached; FileList work waits until {Until:u}",
                    Username, until);
                answer = new FileListDeferred($"FileList's request limit is reached; waiting until {until:u}", until);
                checkedAs = (FileListCheckOutcome.BudgetSpent, $"FileList says the request limit of the account is reached; next request at {until:u}", until);
                break;
            default:
                if (_rejected is not null)
                    _log.Info("FileList accepts the credentials of {User} again; FileList work resumes", Username);
                _rejected = null;
                ServeLine();
                if (finished.Answer is not FileListSearchResult { IsSuccess: true })
                    checkedAs = (FileListCheckOutcome.Failed, $"{error ?? "FileList answered nothing usable"} ({outcome})", null);
                break;
        }

        Sender.Tell(finished.IsCheck ? Checked(checkedAs.Outcome, requestMade: true, checkedAs.Error, checkedAs.NextRequestAt) : answer);
    }

    /// <summary>
    /// Pauses all FileList work until one request probes the credentials again: after 1 minute, then twice as long after
    /// each further rejection, up to an hour (at once an hour when FileList says it locked the account out for that long).
    /// Warns once when the account goes from usable to rejected.
    /// </summary>
    private FileListDeferred Reject(string error, DateTimeOffset now)
    {
        if (_rejected is { } current && now < current.Until)
            return new FileListDeferred(current.Reason, ToWall(current.Until)); // another request of the same moment
        var pause = FileListErrors.IsLockout(error)
            ? _settings.LongestCredentialsPause // FileList said to come back in an hour: an earlier probe would prolong it
            : _rejected is { } previous
                ? TimeSpan.FromTicks(Math.Min(previous.Pause.Ticks * 2, _settings.LongestCredentialsPause.Ticks))
                : _settings.CredentialsPause;
        var until = now + pause;
        var wallUntil = ToWall(until);
        var reason = $"{error}: FileList work waits until {wallUntil:u} (then one request tries the credentials again) " +
                     "or new credentials (filelist.username / filelist.passkey in config.json)";
        if (_rejected is null)
            _log.Warning("FileList rejected the credentials of account {User} ({Error}); FileList work is paused and tried again at {Until:u} " +
                         "(the wait doubles up to an hour), or as soon as config.json has new credentials", Username, error, wallUntil);
        else
            _log.Info("FileList still rejects the credentials of account {User}; trying again at {Until:u}", Username, wallUntil);
        _rejected = new Rejection(reason, until, pause);
        ScheduleQueueTick();
        return new FileListDeferred(_rejected.Reason, wallUntil);
    }

    /// <summary>
    /// A film a broker reserved here, refused for the credentials: it asks the broker again in a moment, which passes this
    /// account over while it is paused (else the film, told to come back when the pause ends, is routed here again and
    /// probes the credentials at every pause, while the other accounts could serve it).
    /// </summary>
    private FileListDeferred TryElsewhere(string reason, DateTimeOffset now) =>
        new($"{reason}; another FileList account is tried", ToWall(now + MinimumWait));

    private FileListAccountChecked Checked(FileListCheckOutcome outcome, bool requestMade, string? error, DateTimeOffset? nextRequestAt) =>
        new(outcome, requestMade, error, nextRequestAt, Status());

    /// <summary>A check gets only a request no waiting film is promised: none is free until the budget frees one more.</summary>
    private FileListAccountChecked CheckRefused(DateTimeOffset now)
    {
        var at = ToWall(_budget.AvailableAt(1, _queue.Held, now));
        var held = _queue.Held > 0 ? $" or set aside for the {Plural(_queue.Held, "request")} of films in line" : "";
        return Checked(FileListCheckOutcome.BudgetSpent, requestMade: false,
            $"the FileList request budget ({_settings.RequestsPerHour} per hour, filelist.requests_per_hour) is spent{held}; " +
            $"next request at {at:u}", at);
    }

    private static string Plural(int n, string noun) => n == 1 ? $"1 {noun}" : $"{n} {noun}s";

    private FileListDeferred BudgetSpent(DateTimeOffset now)
    {
        var at = _budget.NextAvailableAt(now);
        return new FileListDeferred(
            $"the FileList request budget ({_settings.RequestsPerHour} per hour, filelist.requests_per_hour) is spent; next request at {ToWall(at):u}",
            ToWall(at));
    }

    private void OnReloadCredentials()
    {
        _client = _clientFor(_settings.ReadCredentials());
        if (_settings.ReadRequestsPerHour?.Invoke() is { } perHour && perHour != _settings.RequestsPerHour)
        {
            var before = _settings.RequestsPerHour;
            _settings = _settings with { RequestsPerHour = perHour };
            _budget.Resize(perHour);
            _log.Info("FileList account {User}: {PerHour} requests per hour from now on (was {Before}); {Remaining} left in the current hour",
                Username, perHour, before, _budget.Remaining(Now));
        }

        if (_rejected is not null)
            _log.Info("New FileList credentials for {User}: FileList work resumes", Username);
        _rejected = null;
        ServeLine();
        Sender.Tell(Status());
    }

    private FileListAccountStatus Status()
    {
        var now = Now;
        var free = _queue.Free(now);
        var turnAt = free >= _queue.RequestsPerFilm ? (DateTimeOffset?)null : ToWall(_queue.TurnAt(_queue.Waiting, now));
        if (_rejected is { } paused && paused.Until > now && (turnAt is null || ToWall(paused.Until) > turnAt))
            turnAt = ToWall(paused.Until);
        return StatusWithoutCounts(now) with { RequestsFree = free, FilmTurnAt = turnAt, Searches = _searches, Downloads = _downloads };
    }

    private FileListAccountStatus StatusWithoutCounts(DateTimeOffset now)
    {
        var remaining = _budget.Remaining(now);
        if (_rejected is { } rejected)
            return new FileListAccountStatus(Username, FileListAccountHealth.CredentialsRejected, rejected.Reason,
                _settings.RequestsPerHour, remaining, rejected.Until > now ? ToWall(rejected.Until) : null);
        if (remaining == 0)
            return new FileListAccountStatus(Username, FileListAccountHealth.BudgetSpent, BudgetSpent(now).Reason,
                _settings.RequestsPerHour, 0, ToWall(_budget.NextAvailableAt(now)));
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

    /// <summary>A FileList call's outcome (<see cref="FileListSearchResult"/> or <see cref="FileListDownloadResult"/>), piped back.</summary>
    private sealed record RequestFinished(object Answer) : INoSerializationVerificationNeeded
    {
        /// <summary>A check-config request: answered <see cref="FileListAccountChecked"/>.</summary>
        public bool IsCheck { get; init; }

        public long? Reservation { get; init; }
    }

    private sealed record Rejection(string Reason, DateTimeOffset Until, TimeSpan Pause);

    /// <summary>Requests may have freed, or a reservation lapsed: serve the line.</summary>
    private sealed record QueueTick : INoSerializationVerificationNeeded
    {
        public static QueueTick Instance { get; } = new();
    }

    private static string Ordinal(int n) => (n % 100) switch
    {
        11 or 12 or 13 => n + "th",
        _ => (n % 10) switch { 1 => n + "st", 2 => n + "nd", 3 => n + "rd", _ => n + "th" },
    };
}
