using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using Akka.Persistence.Query;
using Akka.Streams;
using MovieSync.Clients.Notifications;
using MovieSync.Messages;
using static MovieSync.Actors.Notifications.JournalFollowing;
using static MovieSync.Messages.NotificationEvents;
using static MovieSync.Messages.NotificationQueries;

namespace MovieSync.Actors.Notifications;

/// <summary>
/// One channel's outbox (<c>notify-KEY</c>): follows the notifier's journal from the last notification it took, journals
/// each one its channel wants (<see cref="NotificationQueued"/>), then sends them in order, one at a time, until the
/// channel accepts (<see cref="NotificationDelivered"/>), waiting longer after each failure (the scheduler's timers). A
/// crash or restart sends the unfinished one again with the same delivery id. A notification refused
/// <see cref="OutboxSettings.RefusalsBeforeGivingUp"/> times in a row (4xx other than 429) is given up, and the first
/// such refusal since the channel last accepted one is journaled as <see cref="ChannelRefusing"/>, which the notifier
/// turns into an attention for the other channels. Its status (<see cref="GetChannelStatus"/>) carries the last deliveries and
/// give-ups, folded from the same events, so they survive a restart.
/// </summary>
public sealed class ChannelOutbox : ReceivePersistentActor, IWithTimers
{
    private const string RetryTimer = "retry";
    private const string FollowTimer = "follow";
    private static readonly TimeSpan FollowAgainAfter = TimeSpan.FromSeconds(5);

    private readonly OutboxSettings _settings;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly LinkedList<Notification> _waiting = new();
    private readonly CancellationTokenSource _stopping = new();
    private long? _cursor;

    /// <summary>On the first start: the notifier's last event before this channel existed.</summary>
    private long _openedAt;

    /// <summary>What it queued before it was opened (a restart during its first start must not queue them again).</summary>
    private readonly HashSet<string> _queuedEarly = new(StringComparer.Ordinal);
    private bool _live;
    private bool _sending;
    private int _attempts;
    private int _failuresInRow;
    private int _refusalsInRow;
    private bool _refusing;
    private int _delivered;
    private DateTimeOffset? _lastDeliveredAt;
    private string? _lastError;
    private DateTimeOffset? _lastErrorAt;
    private int _failedTries;
    private int _givenUp;
    private readonly RecentDeliveries _recent = new();
    private UniqueKillSwitch? _stream;

    public ChannelOutbox(OutboxSettings settings)
    {
        _settings = settings;
        Recover<OutboxOpened>(o => _cursor = o.NotifierSequenceNr);
        Recover<NotificationQueued>(q =>
        {
            if (_cursor is not null)
                _cursor = Math.Max(_cursor.Value, q.NotifierSequenceNr);
            else
                _queuedEarly.Add(q.Notification.DeliveryId);
            _waiting.AddLast(q.Notification);
        });
        Recover<NotificationDelivered>(OnDelivered);
        Recover<NotificationGivenUp>(OnGivenUp);
        Recover<ChannelRefusing>(_ => _refusing = true);
        Recover<RecoveryCompleted>(_ =>
        {
            if (_waiting.Count > 0)
                _log.Info("{0}: {1} notification(s) still to send", _settings.Name, _waiting.Count);
            Follow();
            SendNext();
        });

        Command<Started>(_ => Sender.Tell(Ack.Instance));
        Command<EventEnvelope>(OnNotifierEvent);
        Command<Completed>(_ => OnCurrentEventsRead());
        Command<Failed>(f =>
        {
            _log.Warning(f.Cause, "{0}: following the notifier's journal failed; following again in {1}", _settings.Name, FollowAgainAfter);
            _stream = null;
            Timers.StartSingleTimer(FollowTimer, FollowDue.Instance, FollowAgainAfter);
        });
        Command<FollowDue>(_ => Follow());
        Command<Sent>(OnSent);
        Command<RetryDue>(_ => SendNext());
        Command<GetChannelStatus>(_ => Sender.Tell(new ChannelStatus(_settings.Name, _waiting.Count, _delivered, _lastDeliveredAt, _lastError,
            _refusing)
        {
            LastErrorAt = _lastErrorAt, FailedTries = _failedTries, GivenUp = _givenUp, Recent = _recent.Newest,
        }));
    }

    public override string PersistenceId => _settings.PersistenceId;

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(OutboxSettings settings) => Akka.Actor.Props.Create(() => new ChannelOutbox(settings));

    protected override void PostStop()
    {
        _stream?.Shutdown();
        _stopping.Cancel();
        _stopping.Dispose();
        base.PostStop();
    }

    /// <summary>
    /// The notifier's events after the cursor; on the outbox's very first start, its current events first, to learn where
    /// the channel starts (<see cref="OutboxOpened"/>).
    /// </summary>
    private void Follow()
    {
        _stream?.Shutdown();
        try
        {
            var journal = ReadJournal(Context.System);
            var from = (_cursor ?? 0) + 1;
            var source = _cursor is null && !_live
                ? journal.CurrentEventsByPersistenceId(Notifier.Name, 0, long.MaxValue)
                : journal.EventsByPersistenceId(Notifier.Name, from, long.MaxValue);
            _stream = Run(source, Self, Context.Materializer());
        }
        catch (Exception e)
        {
            Self.Tell(new Failed(e));
        }
    }

    private void OnCurrentEventsRead()
    {
        if (_cursor is not null)
            return; // a live stream ended: the journal is shutting down
        _live = true;
        Persist(new OutboxOpened(_openedAt, Context.System.Scheduler.Now), opened =>
        {
            _cursor = opened.NotifierSequenceNr;
            Follow();
        });
    }

    private void OnNotifierEvent(EventEnvelope envelope)
    {
        var stream = Sender;
        if (_cursor is null)
        {
            // First start: what the notifier raised before this channel existed is not sent to it.
            _openedAt = Math.Max(_openedAt, envelope.SequenceNr);
            if (envelope.Event is NotificationRaised early && _settings.NotifyFrom is { } from && early.Notification.At >= from &&
                Wants(early.Notification) && _queuedEarly.Add(early.Notification.DeliveryId))
                Queue(early.Notification, envelope.SequenceNr, stream);
            else
                stream.Tell(Ack.Instance);
            return;
        }

        if (envelope.SequenceNr <= _cursor || envelope.Event is not NotificationRaised raised || !Wants(raised.Notification))
        {
            _cursor = Math.Max(_cursor.Value, envelope.SequenceNr);
            stream.Tell(Ack.Instance);
            return;
        }

        Queue(raised.Notification, envelope.SequenceNr, stream);
    }

    private void Queue(Notification notification, long notifierSequenceNr, IActorRef stream) =>
        Persist(new NotificationQueued(notification, notifierSequenceNr), queued =>
        {
            if (_cursor is not null)
                _cursor = queued.NotifierSequenceNr;
            _waiting.AddLast(queued.Notification);
            stream.Tell(Ack.Instance);
            SendNext();
        });

    private bool Wants(Notification notification) =>
        notification.NotTo != PersistenceId && _settings.Events.Contains(notification.Event, StringComparer.OrdinalIgnoreCase);

    private void SendNext()
    {
        if (_sending || _waiting.First is not { } first || Timers.IsTimerActive(RetryTimer))
            return;
        _sending = true;
        _attempts++;
        var notification = first.Value;
        var token = _stopping.Token;
        SendAsync(notification, token).PipeTo(Self,
            success: outcome => new Sent(notification.DeliveryId, outcome),
            failure: e => new Sent(notification.DeliveryId, new DeliveryOutcome(DeliveryResult.Retry, e.Message)));
    }

    /// <summary>The sender's answer; whatever it throws, even before its first await, is a failed try to retry.</summary>
    private async Task<DeliveryOutcome> SendAsync(Notification notification, CancellationToken cancellationToken)
    {
        try
        {
            return await _settings.Sender.SendAsync(notification, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new DeliveryOutcome(DeliveryResult.Retry, e.Message);
        }
    }

    private void OnSent(Sent sent)
    {
        _sending = false;
        if (_waiting.First?.Value.DeliveryId != sent.DeliveryId)
            return;
        var outcome = sent.Outcome;
        if (outcome.Result != DeliveryResult.Accepted)
        {
            _failedTries++;
            _lastErrorAt = Context.System.Scheduler.Now;
        }

        switch (outcome.Result)
        {
            case DeliveryResult.Accepted:
                Persist(new NotificationDelivered(sent.DeliveryId, _attempts, Context.System.Scheduler.Now), delivered =>
                {
                    _log.Info("{0} accepted notification {1} ({2})", _settings.Name, delivered.DeliveryId,
                        delivered.Attempts == 1 ? "first try" : $"try {delivered.Attempts}");
                    OnDelivered(delivered);
                    SendNext();
                });
                break;
            case DeliveryResult.Refused when ++_refusalsInRow >= _settings.RefusalsBeforeGivingUp:
                GiveUp(sent.DeliveryId, outcome.Detail);
                break;
            default:
                if (outcome.Result == DeliveryResult.Retry)
                    _refusalsInRow = 0;
                _lastError = outcome.Detail;
                var wait = _settings.RetryDelay(++_failuresInRow, outcome.RetryAfter);
                _log.Warning("{0} did not take notification {1} (try {2}): {3}; trying again in {4}", _settings.Name, sent.DeliveryId,
                    _attempts, outcome.Detail, wait);
                Timers.StartSingleTimer(RetryTimer, RetryDue.Instance, wait);
                break;
        }
    }

    private void GiveUp(string deliveryId, string reason)
    {
        var now = Context.System.Scheduler.Now;
        _lastError = reason;
        var events = new List<INotificationEvent> { new NotificationGivenUp(deliveryId, reason, now) };
        if (!_refusing)
            events.Add(new ChannelRefusing(_settings.Name, reason, now));
        PersistAll(events, e =>
        {
            switch (e)
            {
                case NotificationGivenUp given:
                    _log.Error("{0} refused notification {1} {2} times ({3}): given up", _settings.Name, given.DeliveryId,
                        _refusalsInRow, given.Reason);
                    OnGivenUp(given);
                    _refusalsInRow = 0;
                    _failuresInRow = 0;
                    _attempts = 0;
                    break;
                case ChannelRefusing:
                    _refusing = true;
                    _log.Error("{0} keeps refusing notifications: the other channels are told once; it gets each new one until it " +
                               "accepts again. Check its settings in config.json", _settings.Name);
                    break;
            }

            if (ReferenceEquals(e, events[^1]))
                SendNext();
        });
    }

    private void OnDelivered(NotificationDelivered delivered)
    {
        if (Remove(delivered.DeliveryId) is { } notification)
            _recent.Delivered(notification, delivered.Attempts, delivered.At);
        _delivered++;
        _lastDeliveredAt = delivered.At;
        _lastError = null;
        _lastErrorAt = null;
        _refusing = false;
        _attempts = 0;
        _failuresInRow = 0;
        _refusalsInRow = 0;
    }

    /// <summary>A given-up notification leaves the outbox; its reason is the channel's last error until it accepts one again.</summary>
    private void OnGivenUp(NotificationGivenUp given)
    {
        if (Remove(given.DeliveryId) is { } notification)
            _recent.GivenUp(notification, given.Reason, given.At);
        _givenUp++;
        _lastError = given.Reason;
        _lastErrorAt = given.At;
    }

    /// <summary>Takes the notification out of the waiting ones; null when it is not there.</summary>
    private Notification? Remove(string deliveryId)
    {
        for (var node = _waiting.First; node is not null; node = node.Next)
        {
            if (node.Value.DeliveryId != deliveryId)
                continue;
            _waiting.Remove(node);
            return node.Value;
        }

        return null;
    }

    private sealed record Sent(string DeliveryId, DeliveryOutcome Outcome) : INoSerializationVerificationNeeded;

    private sealed class RetryDue : INoSerializationVerificationNeeded
    {
        public static RetryDue Instance { get; } = new();
    }

    private sealed class FollowDue : INoSerializationVerificationNeeded
    {
        public static FollowDue Instance { get; } = new();
    }
}
