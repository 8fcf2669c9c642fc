using Akka.Actor;
using Akka.Event;
using MovieSync.Clients.Notifications;
using MovieSync.Messages;
using static MovieSync.Actors.Notifications.ChannelOutbox;
using static MovieSync.Messages.NotificationEvents;

namespace MovieSync.Actors.Notifications;

/// <summary>
/// How a channel outbox sends: the first waiting notification, one at a time, until the channel accepts it
/// (<see cref="NotificationDelivered"/>), waiting longer after each failure; refused
/// <see cref="OutboxSettings.RefusalsBeforeGivingUp"/> times in a row it is given up (<see cref="NotificationGivenUp"/>),
/// and the first such give-up since the channel last accepted one is journaled as <see cref="ChannelRefusing"/>.
/// </summary>
internal sealed class OutboxSending(IChannelOutbox outbox, IActorContext context, OutboxSettings settings, OutboxLedger ledger,
    ILoggingAdapter log)
{
    private const string RetryTimer = "retry";

    private readonly CancellationTokenSource _stopping = new();
    private bool _sending;

    public void SendNext()
    {
        if (_sending || ledger.Next is not { } notification || outbox.Timers.IsTimerActive(RetryTimer))
            return;
        _sending = true;
        ledger.Trying();
        var token = _stopping.Token;
        SendAsync(notification, token).PipeTo(context.Self,
            success: outcome => new Sent(notification.DeliveryId, outcome),
            failure: e => new Sent(notification.DeliveryId, new DeliveryOutcome(DeliveryResult.Retry, e.Message)));
    }

    public void OnSent(Sent sent)
    {
        _sending = false;
        if (ledger.Next?.DeliveryId != sent.DeliveryId)
            return;
        var outcome = sent.Outcome;
        if (outcome.Result != DeliveryResult.Accepted)
            ledger.TryFailed(outbox.Now);

        switch (outcome.Result)
        {
            case DeliveryResult.Accepted:
                outbox.Journal(new NotificationDelivered(sent.DeliveryId, ledger.Attempts, outbox.Now), delivered =>
                {
                    log.Info("{0} accepted notification {1} ({2})", settings.Name, delivered.DeliveryId,
                        delivered.Attempts == 1 ? "first try" : $"try {delivered.Attempts}");
                    ledger.Delivered(delivered);
                    SendNext();
                });
                break;
            case DeliveryResult.Refused when ledger.Refused() >= settings.RefusalsBeforeGivingUp:
                GiveUp(sent.DeliveryId, outcome.Detail);
                break;
            default:
                var wait = settings.RetryDelay(ledger.Retrying(outcome.Result, outcome.Detail), outcome.RetryAfter);
                log.Warning("{0} did not take notification {1} (try {2}): {3}; trying again in {4}", settings.Name, sent.DeliveryId,
                    ledger.Attempts, outcome.Detail, wait);
                outbox.Timers.StartSingleTimer(RetryTimer, RetryDue.Instance, wait);
                break;
        }
    }

    /// <summary>Cancels a send under way: the outbox stops.</summary>
    public void Stop()
    {
        _stopping.Cancel();
        _stopping.Dispose();
    }

    /// <summary>The sender's answer; whatever it throws, even before its first await, is a failed try to retry.</summary>
    private async Task<DeliveryOutcome> SendAsync(Notification notification, CancellationToken cancellationToken)
    {
        try
        {
            return await settings.Sender.SendAsync(notification, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new DeliveryOutcome(DeliveryResult.Retry, e.Message);
        }
    }

    private void GiveUp(string deliveryId, string reason)
    {
        var now = outbox.Now;
        ledger.GivingUp(reason);
        var events = new List<INotificationEvent> { new NotificationGivenUp(deliveryId, reason, now) };
        if (!ledger.Refusing)
            events.Add(new ChannelRefusing(settings.Name, reason, now));
        outbox.JournalAll(events, e =>
        {
            switch (e)
            {
                case NotificationGivenUp given:
                    log.Error("{0} refused notification {1} {2} times ({3}): given up", settings.Name, given.DeliveryId,
                        ledger.RefusalsInRow, given.Reason);
                    ledger.GivenUp(given);
                    ledger.StartAfresh();
                    break;
                case ChannelRefusing:
                    ledger.RefusingMarked();
                    log.Error("{0} keeps refusing notifications: the other channels are told once; it gets each new one until it " +
                              "accepts again. Check its settings in config.json", settings.Name);
                    break;
            }

            if (ReferenceEquals(e, events[^1]))
                SendNext();
        });
    }
}
