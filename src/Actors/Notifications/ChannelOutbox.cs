using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using Akka.Persistence.Query;
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
/// The actor recovers, journals and answers its status; <see cref="OutboxFollowing"/> (the notifier's journal) and
/// <see cref="OutboxSending"/> (tries, retries, give-ups) act on it through <see cref="IChannelOutbox"/>, and
/// <see cref="OutboxLedger"/> keeps the bookkeeping (pure).
/// </summary>
public sealed class ChannelOutbox : ReceivePersistentActor, IWithTimers, IChannelOutbox
{
    private readonly OutboxSettings _settings;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly OutboxLedger _ledger = new();
    private readonly OutboxFollowing _following;
    private readonly OutboxSending _sending;

    public ChannelOutbox(OutboxSettings settings)
    {
        _settings = settings;
        _following = new OutboxFollowing(this, Context, settings, _ledger, _log);
        _sending = new OutboxSending(this, Context, settings, _ledger, _log);

        Recover<OutboxOpened>(_following.OnOpenedRecovered);
        Recover<NotificationQueued>(q =>
        {
            _following.OnQueuedRecovered(q);
            _ledger.Queued(q.Notification);
        });
        Recover<NotificationDelivered>(_ledger.Delivered);
        Recover<NotificationGivenUp>(_ledger.GivenUp);
        Recover<ChannelRefusing>(_ => _ledger.RefusingMarked());
        Recover<RecoveryCompleted>(_ =>
        {
            if (_ledger.WaitingCount > 0)
                _log.Info("{0}: {1} notification(s) still to send", _settings.Name, _ledger.WaitingCount);
            _following.Follow();
            _sending.SendNext();
        });

        Command<Started>(_ => Sender.Tell(Ack.Instance));
        Command<EventEnvelope>(envelope => _following.OnNotifierEvent(envelope, Sender));
        Command<Completed>(_ => _following.OnCurrentEventsRead());
        Command<Failed>(_following.OnFailed);
        Command<FollowDue>(_ => _following.Follow());
        Command<Sent>(_sending.OnSent);
        Command<RetryDue>(_ => _sending.SendNext());
        Command<GetChannelStatus>(_ => Sender.Tell(_ledger.Status(_settings.Name)));
    }

    public override string PersistenceId => _settings.PersistenceId;

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(OutboxSettings settings) => Akka.Actor.Props.Create(() => new ChannelOutbox(settings));

    protected override void PostStop()
    {
        _following.Stop();
        _sending.Stop();
        base.PostStop();
    }

    DateTimeOffset IChannelOutbox.Now => Context.System.Scheduler.Now;
    ITimerScheduler IChannelOutbox.Timers => Timers;
    void IChannelOutbox.Journal<TEvent>(TEvent e, Action<TEvent> then) => Persist(e, then);
    void IChannelOutbox.JournalAll(IReadOnlyList<INotificationEvent> events, Action<INotificationEvent> then) => PersistAll(events, then);
    void IChannelOutbox.SendNext() => _sending.SendNext();

    internal sealed record Sent(string DeliveryId, DeliveryOutcome Outcome) : INoSerializationVerificationNeeded;

    internal sealed class RetryDue : INoSerializationVerificationNeeded
    {
        public static RetryDue Instance { get; } = new();
    }

    internal sealed class FollowDue : INoSerializationVerificationNeeded
    {
        public static FollowDue Instance { get; } = new();
    }
}
