using Akka.Actor;
using Akka.Event;
using static MovieSync.Actors.FileList.FileListBroker;
using static MovieSync.Messages.FileListCommands;

namespace MovieSync.Actors.FileList;

/// <summary>
/// On a cluster node that serves FileList accounts: keeps this node's accounts registered with the coordinator's
/// broker, reached through its singleton proxy. It registers each account until the broker answers, watches the broker,
/// and registers them all again when the broker stops (the coordinator restarted, its node left) and, every
/// <see cref="RefreshEvery"/>, in case the broker restarted and forgot them (registering again is harmless).
/// It also hands config.json's new credentials to the local account (<see cref="ReloadCredentialsOf"/>).
/// </summary>
public sealed class FileListAccountRegistrar : ReceiveActor, IWithTimers
{
    public const string Name = "filelist-registrar";

    private const string RegisterTimer = "register";
    private readonly IActorRef _broker;
    private readonly IReadOnlyDictionary<string, IActorRef> _accounts;
    private readonly string _node;
    private readonly TimeSpan _retryEvery;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly HashSet<string> _registered = new(StringComparer.Ordinal);
    private readonly HashSet<string> _refused = new(StringComparer.Ordinal);
    private IActorRef? _watched;

    /// <summary>Registered accounts are offered again this often, so that a broker which restarted learns them.</summary>
    public static readonly TimeSpan RefreshEvery = TimeSpan.FromSeconds(15);

    public FileListAccountRegistrar(IActorRef broker, IReadOnlyDictionary<string, IActorRef> accounts, string node, TimeSpan retryEvery)
    {
        _broker = broker;
        _accounts = accounts;
        _node = node;
        _retryEvery = retryEvery;
        Receive<Tick>(_ => Register());
        Receive<AccountRegistered>(OnRegistered);
        Receive<AccountRefused>(OnRefused);
        Receive<Terminated>(t => OnBrokerGone(t.ActorRef));
        Receive<ReloadCredentialsOf>(r =>
        {
            if (_accounts.TryGetValue(r.Username, out var account))
                account.Forward(ReloadFileListCredentials.Instance);
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(IActorRef broker, IReadOnlyDictionary<string, IActorRef> accounts, string node, TimeSpan? retryEvery = null) =>
        Akka.Actor.Props.Create(() => new FileListAccountRegistrar(broker, accounts, node, retryEvery ?? TimeSpan.FromSeconds(2)));

    protected override void PreStart() => Register();

    private void Register()
    {
        foreach (var (username, account) in _accounts)
            _broker.Tell(new RegisterAccount(username, account, _node));
        var waiting = _accounts.Keys.Any(u => !_registered.Contains(u) && !_refused.Contains(u));
        Timers.StartSingleTimer(RegisterTimer, Tick.Instance, waiting ? _retryEvery : RefreshEvery);
    }

    private void OnRegistered(AccountRegistered registered)
    {
        if (_registered.Add(registered.Username))
            _log.Info("FileList account {User} of node {Node} is registered with the coordinator's broker", registered.Username, _node);
        _refused.Remove(registered.Username);
        if (!Sender.Equals(_watched))
        {
            if (_watched is not null)
                Context.Unwatch(_watched);
            _watched = Sender;
            Context.Watch(Sender);
        }
    }

    private void OnRefused(AccountRefused refused)
    {
        if (_refused.Add(refused.Username))
            _log.Error("The coordinator refused FileList account {User} of node {Node}: {Reason}; offered again every {Seconds} s",
                refused.Username, _node, refused.Reason, RefreshEvery.TotalSeconds);
    }

    private void OnBrokerGone(IActorRef broker)
    {
        if (!broker.Equals(_watched))
            return;
        _watched = null;
        _registered.Clear();
        _log.Warning("The coordinator's FileList broker stopped (its node restarted or left): registering node {Node}'s accounts again", _node);
        Register();
    }

    private sealed record Tick : INoSerializationVerificationNeeded
    {
        public static Tick Instance { get; } = new();
    }
}
