using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using Akka.Persistence.Query;
using Akka.Streams;
using MovieSync.Messages;
using static MovieSync.Actors.Notifications.JournalFollowing;
using static MovieSync.Messages.FileListAccountQueries;
using static MovieSync.Messages.NotificationEvents;

namespace MovieSync.Actors.Notifications;

/// <summary>
/// Turns what happens into notifications, each journaled (<see cref="NotificationRaised"/>) before any channel sends it.
/// It follows the whole journal in order and journals, with each notification, the offset of the event it came from: a
/// restart reads the journal again (for the films' titles) and derives only past that offset, so a crash between a
/// movie's event and its notification neither loses the notification nor raises it twice. On its very first start what
/// happened before the host started is history (<see cref="NotifierStarted"/>): a new channel on an old library does
/// not send a notification per film ever grabbed. The FileList accounts' status, which is not journaled, is
/// asked of the broker: an account whose credentials are rejected raises one attention until it is accepted again; so
/// does a disk below <c>disk.min_free_gb</c> (the coordinator's movies waiting for room) until none waits for it.
/// </summary>
public sealed class Notifier : ReceivePersistentActor, IWithTimers
{
    public const string Name = "notifier";
    private const string FollowTimer = "follow";
    private const string AccountsTimer = "accounts";
    private static readonly TimeSpan FollowAgainAfter = TimeSpan.FromSeconds(5);

    private readonly IActorRef? _broker;
    private readonly IActorRef? _coordinator;
    private readonly TimeSpan _accountsEvery;
    private readonly DateTimeOffset? _notifyFrom;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly NotificationDerivation _derivation = new();
    private readonly HashSet<string> _openAttentions = new(StringComparer.Ordinal);
    private long? _startOffset;
    private long _lastDerived;
    private long _seen;
    private bool _live;
    private UniqueKillSwitch? _stream;

    public Notifier(IActorRef? broker, TimeSpan accountsEvery, DateTimeOffset? notifyFrom, IActorRef? coordinator)
    {
        _broker = broker;
        _coordinator = coordinator;
        _accountsEvery = accountsEvery;
        _notifyFrom = notifyFrom;
        Recover<NotifierStarted>(s => _startOffset = s.Offset);
        Recover<NotificationRaised>(OnRaised);
        Recover<AttentionCleared>(c => _openAttentions.Remove(c.Subject));
        Recover<RecoveryCompleted>(_ =>
        {
            Follow();
            if (_broker is not null || _coordinator is not null)
                Timers.StartPeriodicTimer(AccountsTimer, AccountsDue.Instance, _accountsEvery);
        });

        Command<Started>(_ => Sender.Tell(Ack.Instance));
        Command<EventEnvelope>(OnEnvelope);
        Command<Completed>(_ => OnCurrentEventsRead());
        Command<Failed>(f =>
        {
            _log.Warning(f.Cause, "Following the journal for notifications failed; following again in {0}", FollowAgainAfter);
            _stream = null;
            Timers.StartSingleTimer(FollowTimer, FollowDue.Instance, FollowAgainAfter);
        });
        Command<FollowDue>(_ => Follow());
        Command<AccountsDue>(_ =>
        {
            _broker?.Tell(GetFileListAccounts.Instance);
            _coordinator?.Tell(MovieQueries.GetWaiting.Instance);
        });
        Command<FileListAccountsResult>(OnAccounts);
        Command<MovieQueries.WaitingResult>(OnWaiting);
        Command<JournalWritableAgain>(OnJournalWritableAgain);
    }

    public override string PersistenceId => Name;

    public ITimerScheduler Timers { get; set; } = null!;

    /// <param name="broker">The FileList broker, asked every <paramref name="accountsEvery"/> for the accounts' status; null: none.</param>
    /// <param name="coordinator">The movie coordinator, asked as often which movies wait for disk space; null: none.</param>
    /// <param name="notifyFrom">
    /// On the very first start, events that happened from then on are notified although they were journaled before the
    /// notifier caught up (the host's start: the first run's first grabs); null: the whole journal so far is history.
    /// </param>
    public static Props Props(IActorRef? broker, TimeSpan accountsEvery, DateTimeOffset? notifyFrom = null, IActorRef? coordinator = null) =>
        Akka.Actor.Props.Create(() => new Notifier(broker, accountsEvery, notifyFrom, coordinator));

    protected override void PostStop()
    {
        _stream?.Shutdown();
        base.PostStop();
    }

    private void OnRaised(NotificationRaised raised)
    {
        if (raised.Offset is { } offset)
            _lastDerived = Math.Max(_lastDerived, offset);
        if (raised.Subject is { } subject)
            _openAttentions.Add(subject);
    }

    /// <summary>The journal's current events first (to its end), then live ones; both from the last event seen.</summary>
    private void Follow()
    {
        _stream?.Shutdown();
        try
        {
            var journal = ReadJournal(Context.System);
            var source = _live ? journal.AllEvents(Offset.Sequence(_seen)) : journal.CurrentAllEvents(Offset.Sequence(_seen));
            _stream = Run(source, Self, Context.Materializer());
        }
        catch (Exception e)
        {
            Self.Tell(new Failed(e));
        }
    }

    private void OnCurrentEventsRead()
    {
        if (_live)
            return; // a live stream ended: the journal is shutting down
        _live = true;
        if (_startOffset is not null)
        {
            Follow();
            return;
        }

        Persist(new NotifierStarted(_seen, Context.System.Scheduler.Now), started =>
        {
            _startOffset = started.Offset;
            _log.Info("Notifications start: the {0} journal events written before are history", started.Offset);
            Follow();
        });
    }

    private void OnEnvelope(EventEnvelope envelope)
    {
        var stream = Sender;
        var ordering = envelope.Offset is Sequence sequence ? sequence.Value : 0;
        // A stream started again repeats the last event it gave.
        if (ordering <= _seen)
        {
            stream.Tell(Ack.Instance);
            return;
        }

        _seen = ordering;
        _derivation.Fold(envelope.Event);
        var due = _startOffset is { } start
            ? ordering > start && ordering > _lastDerived
            : ordering > _lastDerived && _notifyFrom is { } from && HappenedAt(envelope.Event) >= from;
        var notification = due ? _derivation.Derive(envelope.PersistenceId, envelope.SequenceNr, envelope.Event) : null;
        if (notification is null)
        {
            stream.Tell(Ack.Instance);
            return;
        }

        Persist(new NotificationRaised(notification, ordering), raised =>
        {
            OnRaised(raised);
            _log.Info("Notification {0} ({1}): {2}", raised.Notification.DeliveryId, raised.Notification.Event, raised.Notification.Message);
            stream.Tell(Ack.Instance);
        });
    }

    private static DateTimeOffset HappenedAt(object @event) => @event switch
    {
        IMovieEvent movie => movie.At,
        ChannelRefusing refusing => refusing.At,
        IWatchlistEvent watchlist => watchlist.At,
        _ => DateTimeOffset.MinValue,
    };

    private void OnAccounts(FileListAccountsResult result)
    {
        var now = Context.System.Scheduler.Now;
        var changes = new List<INotificationEvent>();
        foreach (var account in result.Accounts)
        {
            var subject = $"filelist:{account.Username}";
            if (account.State == FileListAccountState.CredentialsRejected && !_openAttentions.Contains(subject))
            {
                var notification = new Notification(Guid.NewGuid().ToString(), NotificationKind.Attention, now,
                    $"FileList rejected the username or passkey of account {account.Username}: its searches are paused. Check " +
                    "filelist.passkey (or filelist.accounts) in config.json; MovieSync takes the change up by itself.", null);
                changes.Add(new NotificationRaised(notification, null) { Subject = subject });
            }
            // "Ok" before its first request says nothing yet (every account starts so): only a request that went through clears it.
            else if (account.State == FileListAccountState.Ok && account.Searches + account.Downloads > 0 && _openAttentions.Contains(subject))
                changes.Add(new AttentionCleared(subject, now));
        }

        PersistAll(changes, change =>
        {
            switch (change)
            {
                case NotificationRaised raised:
                    OnRaised(raised);
                    _log.Warning("Notification {0} (attention): {1}", raised.Notification.DeliveryId, raised.Notification.Message);
                    break;
                case AttentionCleared cleared:
                    _openAttentions.Remove(cleared.Subject);
                    break;
            }
        });
    }

    /// <summary>Movies held back because the disk is below <c>disk.min_free_gb</c> (their wait says "disk: ..."): one attention until none is.</summary>
    private void OnWaiting(MovieQueries.WaitingResult result)
    {
        const string subject = "disk";
        var forDisk = result.Movies.Where(w => w.Reason.StartsWith("disk: ", StringComparison.Ordinal)).ToList();
        var now = Context.System.Scheduler.Now;
        if (forDisk.Count > 0 && !_openAttentions.Contains(subject))
        {
            var notification = new Notification(Guid.NewGuid().ToString(), NotificationKind.Attention, now,
                $"Not enough disk space ({forDisk[0].Reason["disk: ".Length..]}; disk.min_free_gb): no torrent is added until there is " +
                $"room; {forDisk.Count} movie(s) wait. Free some space; MovieSync looks again by itself.", null);
            Persist(new NotificationRaised(notification, null) { Subject = subject }, raised =>
            {
                OnRaised(raised);
                _log.Warning("Notification {0} (attention): {1}", raised.Notification.DeliveryId, raised.Notification.Message);
            });
        }
        else if (forDisk.Count == 0 && _openAttentions.Contains(subject))
            Persist(new AttentionCleared(subject, now), cleared => _openAttentions.Remove(cleared.Subject));
    }

    /// <summary>
    /// The all-clear after the journal alarm (<see cref="JournalOutageAlarm"/>), journaled like any notification, once per
    /// outage: the alarm tells it again until it is confirmed.
    /// </summary>
    private void OnJournalWritableAgain(JournalWritableAgain again)
    {
        var alarm = Sender;
        var subject = $"journal-writable-again/{again.Since.UtcTicks}";
        if (_openAttentions.Contains(subject))
        {
            alarm.Tell(new JournalAllClearTaken(again.Since));
            return;
        }

        var notification = new Notification(Notification.DeliveryIdFor(subject), NotificationKind.Attention, again.At,
            FormattableString.Invariant($"The journal can be written again (since {again.At.UtcDateTime:yyyy-MM-dd HH:mm} UTC), after ") +
            $"{ReadableDuration.Of(again.At - again.Since)} ({again.Cause}). Nothing was lost: what waited for it carries on.", null);
        Persist(new NotificationRaised(notification, null) { Subject = subject }, raised =>
        {
            OnRaised(raised);
            _log.Info("Notification {0} (attention): {1}", raised.Notification.DeliveryId, raised.Notification.Message);
            alarm.Tell(new JournalAllClearTaken(again.Since));
        });
    }

    private sealed class FollowDue : INoSerializationVerificationNeeded
    {
        public static FollowDue Instance { get; } = new();
    }

    private sealed class AccountsDue : INoSerializationVerificationNeeded
    {
        public static AccountsDue Instance { get; } = new();
    }
}
