using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using MovieSync.Messages;
using static MovieSync.Messages.FileListAccountQueries;
using static MovieSync.Messages.FileListCommands;
using static MovieSync.Messages.FileListQueries;

namespace MovieSync.Actors.FileList;

/// <summary>
/// Speaks the account protocol on behalf of several FileList accounts: each film's search and download are reserved
/// on the account that can serve best (healthy, most requests free, then least recently used), and both go through
/// that account. When none can serve, the film waits in the broker's one line, in tracked order, and is woken
/// (<see cref="FileListEvents.FileListTurn"/>) one at a time as any account frees.
/// </summary>
/// <remarks>
/// The accounts tell the broker their status on every change (<see cref="WatchFileListAccountStatus"/>); the broker
/// asks again when the earliest of them should free. Reservations are asked of an account with
/// <c>WaitInLine = false</c>: an account that cannot serve after all answers at once and the next one is tried.
/// Searches and downloads are asked by the broker itself, each under its own number: when the account stops or its
/// node becomes unreachable, the film waiting for it is told at once to search again elsewhere, and a late answer
/// finds its number gone and is dropped.
/// </remarks>
public sealed class FileListBroker : ReceiveActor, IWithTimers
{
    public const string Name = "filelist-broker";

    private const string FreeTimer = "free";
    private const int RequestsPerFilm = 2;

    /// <summary>A waiting film is never told to come back sooner than this (its turn wakes it anyway).</summary>
    private static readonly TimeSpan MinimumWait = TimeSpan.FromSeconds(1);

    private readonly TimeSpan _turnClaimTimeout;
    private readonly TimeSpan _reservationTimeout;
    private readonly TimeSpan _answerTimeout;
    private readonly bool _inCluster;
    private readonly Dictionary<long, InFlight> _inFlight = new();

    /// <summary>Nodes the cluster sees unreachable: their accounts are skipped, and may not register, until reachable again.</summary>
    private readonly HashSet<Address> _unreachable = new();
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<string, Account> _accounts = new(StringComparer.Ordinal);
    private readonly Dictionary<long, Held> _reservations = new();

    /// <summary>Accounts that stopped, shown as unreachable until they register again.</summary>
    private readonly Dictionary<string, Account> _gone = new(StringComparer.Ordinal);
    private readonly Dictionary<long, Pending> _pending = new();
    private readonly FileListLine _line = new();
    private readonly Dictionary<MovieId, long> _promised = new();
    private long _lastId;
    private long _lastUse;

    public FileListBroker(TimeSpan turnClaimTimeout, TimeSpan reservationTimeout, TimeSpan answerTimeout, bool inCluster)
    {
        _turnClaimTimeout = turnClaimTimeout;
        _reservationTimeout = reservationTimeout;
        _answerTimeout = answerTimeout;
        _inCluster = inCluster;
        Receive<RegisterAccount>(OnRegister);
        Receive<AccountAnswered>(OnAccountAnswered);
        Receive<ClusterEvent.UnreachableMember>(u => OnUnreachable(u.Member.Address));
        Receive<ClusterEvent.ReachableMember>(r => _unreachable.Remove(r.Member.Address));
        // A node restarted on the same address is a new member once the old one is removed: it may register again.
        Receive<ClusterEvent.MemberRemoved>(r => _unreachable.Remove(r.Member.Address));
        Receive<ClusterEvent.IClusterDomainEvent>(_ => { });
        Receive<FileListAccountStatus>(OnStatus);
        Receive<Terminated>(t => OnAccountGone(t.ActorRef));
        Receive<ReserveFileListRequests>(OnReserve);
        Receive<FileListReserved>(OnAccountReserved);
        Receive<FileListDeferred>(OnAccountDeferred);
        Receive<SearchFilm>(OnSearch);
        Receive<FetchTorrent>(OnFetch);
        Receive<ReleaseFileListReservation>(r => Release(r.Reservation));
        Receive<FileListEvents.FileListLineLeft>(OnLineLeft);
        Receive<FreeTick>(_ => OnFreeTick());
        Receive<GetFileListAccounts>(_ => Sender.Tell(new FileListAccountsResult(Rows())));
        Receive<GetFileListAccountStatus>(_ => Sender.Tell(Summary()));
        Receive<ReloadCredentialsOf>(r =>
        {
            if (_accounts.TryGetValue(r.Username, out var account))
                account.Ref.Forward(ReloadFileListCredentials.Instance);
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <param name="answerTimeout">How long a search or download may take on an account before the film is told to try again (under the grabber's own timeout).</param>
    /// <param name="inCluster">Follow the cluster's reachability: an account whose node is unreachable is treated as stopped.</param>
    public static Props Props(TimeSpan turnClaimTimeout, TimeSpan reservationTimeout, TimeSpan? answerTimeout = null, bool inCluster = false) =>
        Akka.Actor.Props.Create(() => new FileListBroker(turnClaimTimeout, reservationTimeout, answerTimeout ?? DefaultAnswerTimeout, inCluster));

    /// <summary>Under the grabber's 90 s, so that the film hears the broker's reason rather than its own timeout.</summary>
    public static readonly TimeSpan DefaultAnswerTimeout = TimeSpan.FromSeconds(80);

    protected override void PreStart()
    {
        Context.System.EventStream.Subscribe(Self, typeof(FileListEvents.FileListLineLeft));
        if (_inCluster)
            Cluster.Get(Context.System).Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents,
                typeof(ClusterEvent.IReachabilityEvent), typeof(ClusterEvent.MemberRemoved));
    }

    protected override void PostStop()
    {
        if (_inCluster)
            Cluster.Get(Context.System).Unsubscribe(Self);
    }

    private DateTimeOffset Now => Context.System.Scheduler.Now;

    private void OnRegister(RegisterAccount register)
    {
        if (_unreachable.Contains(register.Account.Path.Address))
            return; // a message from before the node became unreachable; it registers again once reachable
        if (_accounts.TryGetValue(register.Username, out var existing) && !existing.Ref.Equals(register.Account))
        {
            _log.Warning("A second FileList account {User} asked to register: refused (usernames are unique; the first one serves)",
                register.Username);
            Sender.Tell(new AccountRefused(register.Username, $"FileList account {register.Username} is already registered; usernames are unique"));
            return;
        }

        _accounts[register.Username] = existing ?? new Account(register.Username, register.Account, register.Node);
        _gone.Remove(register.Username);
        Context.Watch(register.Account);
        register.Account.Tell(WatchFileListAccountStatus.Instance);
        if (existing is null)
            _log.Info("FileList account {User} on {Node} registered with the broker", register.Username, register.Node);
        if (!Sender.IsNobody()) // the host registers its accounts without waiting for an answer
            Sender.Tell(new AccountRegistered(register.Username));
    }

    private void OnStatus(FileListAccountStatus status)
    {
        // Keyed by username: the answer comes from the account actor itself, which may sit under a supervisor (the registered ref).
        if (!_accounts.TryGetValue(status.Username, out var account))
            return;
        account.Status = status;
        ServeLine();
    }

    private void OnUnreachable(Address node)
    {
        _unreachable.Add(node);
        foreach (var account in _accounts.Values.Where(a => a.Ref.Path.Address.Equals(node)).ToList())
            Drop(account, "is on a node the cluster cannot reach");
    }

    private void OnAccountGone(IActorRef gone)
    {
        if (_accounts.Values.FirstOrDefault(a => a.Ref.Equals(gone)) is { } account)
            Drop(account, "stopped");
    }

    private void Drop(Account account, string why)
    {
        _accounts.Remove(account.Username);
        _gone[account.Username] = account;
        _log.Warning("FileList account {User} on {Node} {Why}: its films search again through the other accounts", account.Username,
            account.Node, why);
        foreach (var held in _reservations.Values.Where(h => h.Account == account))
            held.Gone = true;
        foreach (var (id, flight) in _inFlight.Where(f => f.Value.Account == account).ToList())
        {
            _inFlight.Remove(id);
            flight.ReplyTo.Tell(new FileListDeferred(
                $"FileList account {account.Username} {why} during the {flight.What}; searching again through another account", Now));
        }
        foreach (var (id, pending) in _pending.Where(p => p.Value.Account == account).ToList())
        {
            _pending.Remove(id);
            Route(pending with { Tried = pending.Tried.Add(account.Username) });
        }

        ServeLine();
    }

    /// <summary>A film asks for its search and download: its promise if it has one, else the best account now, else the line.</summary>
    private void OnReserve(ReserveFileListRequests reserve)
    {
        if (_promised.Remove(reserve.MovieId, out var promised) && _reservations.TryGetValue(promised, out var held) && !held.Gone)
        {
            held.ExpiresAt = Now + _reservationTimeout;
            Sender.Tell(new FileListReserved(promised));
            return;
        }

        var waiter = new FileListWaiter(reserve.MovieId, reserve.TrackedAt, reserve.Rank);
        _line.Leave(reserve.MovieId);
        var ahead = _line.Ahead(waiter);
        if (ahead > 0 || Best([]) is null)
        {
            Wait(waiter, Sender);
            return;
        }

        Route(new Pending(waiter, Sender, Account: null, IsPromise: false, []));
    }

    /// <summary>Asks the best account not yet tried to reserve; when none can, the film waits in line.</summary>
    private void Route(Pending pending)
    {
        var account = Best(pending.Tried);
        if (account is null)
        {
            Wait(pending.Waiter, pending.IsPromise ? null : pending.ReplyTo);
            return;
        }

        var id = ++_lastId;
        account.LastUse = ++_lastUse;
        account.Asking++;
        _pending[id] = pending with { Account = account };
        account.Ref.Tell(new ReserveFileListRequests(pending.Waiter.MovieId, pending.Waiter.TrackedAt)
        {
            RequestId = id, WaitInLine = false, Rank = pending.Waiter.Rank,
        });
    }

    private void OnAccountReserved(FileListReserved reserved)
    {
        if (reserved.RequestId is not { } requestId || !_pending.Remove(requestId, out var pending) || pending.Account is null)
        {
            // A late answer for an ask the broker gave up on (its account stopped): nobody takes it.
            Sender.Tell(new ReleaseFileListReservation(reserved.Reservation));
            return;
        }

        pending.Account.Asking--;
        pending.Account.GrantedSinceStatus++; // its status after this answer counts it (the account tells it after every change)
        var id = ++_lastId;
        var expiresAt = Now + (pending.IsPromise ? _turnClaimTimeout : _reservationTimeout);
        _reservations[id] = new Held(pending.Account, reserved.Reservation, pending.Waiter.MovieId) { ExpiresAt = expiresAt };
        ScheduleExpiry();
        if (pending.IsPromise)
        {
            _promised[pending.Waiter.MovieId] = id;
            _log.Debug("FileList broker: {Movie}'s turn on account {User}", pending.Waiter.MovieId, pending.Account.Username);
            Context.System.EventStream.Publish(new FileListEvents.FileListTurn(pending.Waiter.MovieId));
        }
        else
            pending.ReplyTo.Tell(new FileListReserved(id));
    }

    private void OnAccountDeferred(FileListDeferred deferred)
    {
        if (deferred.RequestId is not { } requestId)
            return;
        if (!_pending.Remove(requestId, out var pending) || pending.Account is null)
            return;
        pending.Account.Asking--;
        PassOver(pending.Account);
        Route(pending with { Tried = pending.Tried.Add(pending.Account.Username) });
    }

    private void OnSearch(SearchFilm search)
    {
        if (search.Reservation is { } id && _reservations.TryGetValue(id, out var held))
        {
            if (held.Gone)
            {
                Sender.Tell(AccountGone(held));
                return;
            }

            AskAccount(held.Account, search with { Reservation = held.AccountReservation }, "search");
            return;
        }

        if (Best([]) is { } any)
            AskAccount(any, search with { Reservation = null }, "search");
        else
            Sender.Tell(NoAccount());
    }

    /// <summary>The download goes through the account whose search found the torrent (its link embeds that passkey).</summary>
    private void OnFetch(FetchTorrent fetch)
    {
        if (fetch.Reservation is { } id && _reservations.TryGetValue(id, out var held))
        {
            if (held.Gone)
                Sender.Tell(AccountGone(held));
            else
                AskAccount(held.Account, fetch with { Reservation = held.AccountReservation }, "download");
            return;
        }

        Sender.Tell(new FileListDeferred($"torrent {fetch.TorrentId} was found through no FileList account known now; searching again", Now));
    }

    /// <summary>Asks <paramref name="account"/> on the sender's behalf, under a number of its own (see the remarks).</summary>
    private void AskAccount(Account account, object request, string what)
    {
        var id = ++_lastId;
        _inFlight[id] = new InFlight(Sender, account, what);
        account.Ref.Ask<object>(request, _answerTimeout).PipeTo(Self,
            success: answer => new AccountAnswered(id, answer),
            failure: _ => new AccountAnswered(id, new FileListDeferred(
                $"FileList account {account.Username} did not answer the {what} within {_answerTimeout.TotalSeconds:0} s", Now)));
    }

    private void OnAccountAnswered(AccountAnswered answered)
    {
        if (!_inFlight.Remove(answered.Id, out var flight))
        {
            _log.Debug("FileList broker: a late answer ({Answer}) for a request already sent elsewhere, dropped", answered.Answer.GetType().Name);
            return;
        }

        // The account could not serve after all (its credentials were just rejected, FileList said 429): skipped until
        // its next status, and the film tries again at once through another account if one can serve.
        if (answered.Answer is FileListDeferred deferred && _accounts.ContainsKey(flight.Account.Username))
        {
            PassOver(flight.Account);
            if (Best([flight.Account.Username]) is not null)
            {
                _log.Info("FileList account {User} could not make a {What} ({Reason}): the film tries another account", flight.Account.Username,
                    flight.What, deferred.Reason);
                flight.ReplyTo.Tell(new FileListDeferred($"{deferred.Reason}; trying another FileList account", Now));
                return;
            }
        }

        flight.ReplyTo.Tell(answered.Answer);
    }

    /// <summary>The account could not serve after all: skipped until its status, which it sends at once when asked (and on changes).</summary>
    private static void PassOver(Account account)
    {
        account.SkipUntilStatus = true;
        account.Ref.Tell(WatchFileListAccountStatus.Instance);
    }

    private FileListDeferred AccountGone(Held held) =>
        new($"FileList account {held.Account.Username} stopped before the download; searching again through another account", Now);

    private FileListDeferred NoAccount()
    {
        var at = EarliestFree();
        return new FileListDeferred($"no FileList account can serve now; the first one frees by {at:u}", at);
    }

    /// <summary>The film will claim no turn: out of the line, and a turn promised to it goes to the next film.</summary>
    private void OnLineLeft(FileListEvents.FileListLineLeft left)
    {
        var wasWaiting = _line.Leave(left.MovieId);
        if (_promised.Remove(left.MovieId, out var promised))
            Release(promised);
        else if (!wasWaiting)
            return;
        ServeLine();
    }

    private void Release(long reservation)
    {
        if (!_reservations.Remove(reservation, out var held))
            return;
        if (!held.Gone)
            held.Account.Ref.Tell(new ReleaseFileListReservation(held.AccountReservation));
    }

    /// <summary>The film waits in the broker's line; <paramref name="replyTo"/> (if any) learns when the first account should free.</summary>
    private void Wait(FileListWaiter waiter, IActorRef? replyTo)
    {
        _line.EnterUnlessWaiting(waiter);
        var position = _line.Ahead(waiter) + 1;
        var at = EstimatedTurn(position);
        replyTo?.Tell(new FileListDeferred(
            $"{Ordinal(position)} in line for FileList (no account can serve now: every one is spent, rate-limited or rejected); " +
            $"woken when its turn comes, by {at:u} at the latest", at));
        ScheduleFreeCheck();
    }

    /// <summary>Promises free accounts to the head of the line, one film per free pair of requests, each woken by its turn.</summary>
    private void ServeLine()
    {
        while (_line.Head is { } head && Best([]) is not null)
        {
            _line.Leave(head.MovieId);
            Route(new Pending(head, ActorRefs.Nobody, Account: null, IsPromise: true, []));
        }

        ScheduleFreeCheck();
    }

    /// <summary>
    /// The account that should serve the next film: healthy (one whose credentials were rejected only when no other can),
    /// most requests free, then least recently used.
    /// </summary>
    private Account? Best(System.Collections.Immutable.ImmutableHashSet<string> tried) =>
        _accounts.Values
            .Where(a => !tried.Contains(a.Username) && a.Free >= RequestsPerFilm && a.Status is { } s &&
                        (s.Health == FileListAccountHealth.Ok || s.PausedUntil is null || s.PausedUntil <= Now))
            // One whose credentials were rejected serves again after its pause, but only when no other account can.
            .OrderBy(a => a.Status!.Health == FileListAccountHealth.CredentialsRejected ? 1 : 0)
            .ThenByDescending(a => a.Free)
            .ThenBy(a => a.LastUse)
            .FirstOrDefault();

    /// <summary>
    /// When the film <paramref name="position"/> in line should get its turn: the first free account, then the accounts'
    /// pace together (two requests a film). Its turn wakes it anyway; this only keeps the line from all waking at once.
    /// </summary>
    private DateTimeOffset EstimatedTurn(int position)
    {
        var first = EarliestFree();
        var filmsPerHour = _accounts.Values.Sum(a => (a.Status?.RequestsPerHour ?? 0) / RequestsPerFilm);
        return filmsPerHour == 0 || position <= 1 ? first : first + TimeSpan.FromHours((position - 1) / (double)filmsPerHour);
    }

    /// <summary>When the first account should be able to serve a film again (at least a second from now).</summary>
    private DateTimeOffset EarliestFree()
    {
        var now = Now;
        var times = _accounts.Values.Select(a => a.Status?.FilmTurnAt ?? a.Status?.PausedUntil).OfType<DateTimeOffset>().ToList();
        var at = times.Count > 0 ? times.Min() : now + TimeSpan.FromMinutes(1);
        return at < now + MinimumWait ? now + MinimumWait : at;
    }

    /// <summary>While films wait: ask the accounts again when the first of them should free.</summary>
    private void ScheduleFreeCheck()
    {
        var now = Now;
        DateTimeOffset? next = _line.Count > 0 ? EarliestFree() : null;
        if (_reservations.Count > 0)
        {
            var expiry = _reservations.Values.Min(h => h.ExpiresAt);
            next = next is null || expiry < next ? expiry : next;
        }

        if (next is { } at)
            Timers.StartSingleTimer(FreeTimer, FreeTick.Instance, at > now ? at - now : TimeSpan.Zero);
        else
            Timers.Cancel(FreeTimer);
    }

    private void ScheduleExpiry() => ScheduleFreeCheck();

    private void OnFreeTick()
    {
        var now = Now;
        foreach (var (id, held) in _reservations.Where(r => r.Value.ExpiresAt <= now).ToList())
        {
            Release(id);
            if (_promised.TryGetValue(held.MovieId, out var promise) && promise == id)
                _promised.Remove(held.MovieId);
        }

        // Watching again also reaches an account actor restarted by its supervisor (it forgot its watchers).
        foreach (var account in _accounts.Values)
            account.Ref.Tell(WatchFileListAccountStatus.Instance);
        ScheduleFreeCheck();
    }

    private IReadOnlyList<FileListAccountRow> Rows() =>
        _accounts.Values.Concat(_gone.Values).OrderBy(a => a.Username, StringComparer.Ordinal).Select(a => new FileListAccountRow(
            a.Username, a.Node, _gone.ContainsKey(a.Username) ? FileListAccountState.Unreachable : StateOf(a.Status), a.Status?.RequestsRemaining ?? 0, a.Status?.RequestsPerHour ?? 0,
            a.Status?.Searches ?? 0, a.Status?.Downloads ?? 0)).ToList();

    private static FileListAccountState StateOf(FileListAccountStatus? status) => status?.Health switch
    {
        null => FileListAccountState.Unreachable,
        FileListAccountHealth.CredentialsRejected => FileListAccountState.CredentialsRejected,
        FileListAccountHealth.BudgetSpent => FileListAccountState.RateLimited,
        _ => FileListAccountState.Ok,
    };

    /// <summary>All accounts as one: what check-config and the status page ask of "the" account.</summary>
    private FileListAccountStatus Summary()
    {
        var statuses = _accounts.Values.Select(a => a.Status).OfType<FileListAccountStatus>().ToList();
        var serving = Best([]) is not null;
        return new FileListAccountStatus(string.Join(", ", statuses.Select(s => s.Username)),
            serving || statuses.Count == 0 ? FileListAccountHealth.Ok
            : statuses.All(s => s.Health == FileListAccountHealth.CredentialsRejected) ? FileListAccountHealth.CredentialsRejected
            : FileListAccountHealth.BudgetSpent,
            serving ? null : "no FileList account can serve now",
            statuses.Sum(s => s.RequestsPerHour), statuses.Sum(s => s.RequestsRemaining), serving ? null : EarliestFree())
        {
            RequestsFree = _accounts.Values.Sum(a => Math.Max(0, a.Free)),
            Searches = statuses.Sum(s => s.Searches),
            Downloads = statuses.Sum(s => s.Downloads),
        };
    }

    private static string Ordinal(int n) => (n % 100) switch
    {
        11 or 12 or 13 => n + "th",
        _ => (n % 10) switch { 1 => n + "st", 2 => n + "nd", 3 => n + "rd", _ => n + "th" },
    };

    /// <summary>
    /// An account actor offers itself to the broker (answered <see cref="AccountRegistered"/> or <see cref="AccountRefused"/>),
    /// from this node or another: it crosses nodes as the username, the actor's path and the node's name, no credential.
    /// </summary>
    public sealed record RegisterAccount(string Username, IActorRef Account, string Node = "local") : IProtocolMessage;

    public sealed record AccountRegistered(string Username) : IProtocolMessage;

    /// <summary>config.json has new credentials for this account: it is told to read them again.</summary>
    public sealed record ReloadCredentialsOf(string Username) : IProtocolMessage;

    /// <summary>Another actor already serves this username.</summary>
    public sealed record AccountRefused(string Username, string Reason) : IProtocolMessage;

    /// <summary>A search or download the broker asked of an account for <paramref name="ReplyTo"/>.</summary>
    private sealed record InFlight(IActorRef ReplyTo, Account Account, string What);

    private sealed record AccountAnswered(long Id, object Answer) : INoSerializationVerificationNeeded;

    private sealed class Account(string username, IActorRef @ref, string node)
    {
        public string Username { get; } = username;
        public IActorRef Ref { get; } = @ref;
        public string Node { get; } = node;
        public FileListAccountStatus? Status
        {
            get => _status;
            set
            {
                _status = value;
                GrantedSinceStatus = 0;
                SkipUntilStatus = false;
            }
        }

        private FileListAccountStatus? _status;

        /// <summary>Reservations asked of the account and not answered yet.</summary>
        public int Asking { get; set; }

        /// <summary>Reservations it granted since its last status (which it sends after each, so the next one counts them).</summary>
        public int GrantedSinceStatus { get; set; }

        /// <summary>It could not serve after all: passed over until it tells its status again.</summary>
        public bool SkipUntilStatus { get; set; }

        public long LastUse { get; set; }

        public int Free => SkipUntilStatus ? 0
            : (Status?.RequestsFree ?? Status?.RequestsRemaining ?? 0) - RequestsPerFilm * (Asking + GrantedSinceStatus);
    }

    /// <summary>A broker reservation: the account that holds the film's search and download, under its own number.</summary>
    private sealed class Held(Account account, long accountReservation, MovieId movieId)
    {
        public Account Account { get; } = account;
        public long AccountReservation { get; } = accountReservation;
        public MovieId MovieId { get; } = movieId;
        public DateTimeOffset ExpiresAt { get; set; }

        /// <summary>The account stopped: a search or download under this reservation makes the film search again.</summary>
        public bool Gone { get; set; }
    }

    private sealed record Pending(FileListWaiter Waiter, IActorRef ReplyTo, Account? Account, bool IsPromise,
        System.Collections.Immutable.ImmutableHashSet<string> Tried);

    private sealed record FreeTick : INoSerializationVerificationNeeded
    {
        public static FreeTick Instance { get; } = new();
    }
}
