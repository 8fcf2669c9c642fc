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
/// This actor keeps the accounts registered (<see cref="BrokerAccounts"/>, also the status answers), follows the cluster's
/// reachability and routes each message to the part it concerns: <see cref="BrokerTurns"/> (the line, the reservations
/// and turns) and <see cref="BrokerRequests"/> (the searches and downloads). They act on it through <see cref="IFileListBroker"/>.
/// </remarks>
public sealed class FileListBroker : ReceiveActor, IWithTimers, IFileListBroker
{
    public const string Name = "filelist-broker";

    internal const string FreeTimer = "free";

    private readonly bool _inCluster;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly BrokerAccounts _accounts = new();
    private readonly BrokerTurns _turns;
    private readonly BrokerRequests _requests;
    private long _lastId;

    public FileListBroker(TimeSpan turnClaimTimeout, TimeSpan reservationTimeout, TimeSpan answerTimeout, bool inCluster)
    {
        _inCluster = inCluster;
        _turns = new BrokerTurns(this, Context, _accounts, turnClaimTimeout, reservationTimeout, _log);
        _requests = new BrokerRequests(this, Context, _accounts, _turns, answerTimeout, _log);
        Receive<RegisterAccount>(OnRegister);
        Receive<AccountAnswered>(_requests.OnAnswered);
        Receive<ClusterEvent.UnreachableMember>(u => OnUnreachable(u.Member.Address));
        Receive<ClusterEvent.ReachableMember>(r => _accounts.Reachable(r.Member.Address));
        // A node restarted on the same address is a new member once the old one is removed: it may register again.
        Receive<ClusterEvent.MemberRemoved>(r => _accounts.Reachable(r.Member.Address));
        Receive<ClusterEvent.IClusterDomainEvent>(_ => { });
        Receive<FileListAccountStatus>(OnStatus);
        Receive<Terminated>(t => OnAccountGone(t.ActorRef));
        Receive<ReserveFileListRequests>(_turns.OnReserve);
        Receive<FileListReserved>(_turns.OnAccountReserved);
        Receive<FileListDeferred>(_turns.OnAccountDeferred);
        Receive<SearchFilm>(_requests.OnSearch);
        Receive<FetchTorrent>(_requests.OnFetch);
        Receive<ReleaseFileListReservation>(r => _turns.Release(r.Reservation));
        Receive<FileListEvents.FileListLineLeft>(_turns.OnLineLeft);
        Receive<FreeTick>(_ => OnFreeTick());
        Receive<GetFileListAccounts>(_ => Sender.Tell(new FileListAccountsResult(_accounts.Rows())));
        Receive<GetFileListAccountStatus>(_ => Sender.Tell(_accounts.Summary(Now)));
        Receive<ReloadCredentialsOf>(r =>
        {
            if (_accounts.Find(r.Username) is { } account)
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
        if (_accounts.IsOnUnreachableNode(register.Account))
            return; // a message from before the node became unreachable; it registers again once reachable
        var existing = _accounts.Find(register.Username);
        if (existing is not null && !existing.Ref.Equals(register.Account))
        {
            _log.Warning("A second FileList account {User} asked to register: refused (usernames are unique; the first one serves)",
                register.Username);
            Sender.Tell(new AccountRefused(register.Username, $"FileList account {register.Username} is already registered; usernames are unique"));
            return;
        }

        _accounts.Serve(existing ?? new BrokerAccount(register.Username, register.Account, register.Node));
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
        if (_accounts.Find(status.Username) is not { } account)
            return;
        account.Status = status;
        _turns.ServeLine();
    }

    private void OnUnreachable(Address node)
    {
        foreach (var account in _accounts.Unreachable(node))
            Drop(account, "is on a node the cluster cannot reach");
    }

    private void OnAccountGone(IActorRef gone)
    {
        if (_accounts.ServedBy(gone) is { } account)
            Drop(account, "stopped");
    }

    private void Drop(BrokerAccount account, string why)
    {
        _accounts.Drop(account);
        _log.Warning("FileList account {User} on {Node} {Why}: its films search again through the other accounts", account.Username,
            account.Node, why);
        _turns.MarkGone(account);
        _requests.Abandon(account, why);
        _turns.Reroute(account);
        _turns.ServeLine();
    }

    private void OnFreeTick()
    {
        _turns.ReleaseLapsed();
        // Watching again also reaches an account actor restarted by its supervisor (it forgot its watchers).
        foreach (var account in _accounts.Serving)
            account.Ref.Tell(WatchFileListAccountStatus.Instance);
        _turns.ScheduleFreeCheck();
    }

    DateTimeOffset IFileListBroker.Now => Now;
    long IFileListBroker.NextNumber() => ++_lastId;

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

    // Ticks and piped answers never leave this actor: they need no serializer.
    internal sealed record AccountAnswered(long Id, object Answer) : INoSerializationVerificationNeeded;

    internal sealed record FreeTick : INoSerializationVerificationNeeded
    {
        public static FreeTick Instance { get; } = new();
    }
}
