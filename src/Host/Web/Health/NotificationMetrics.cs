using Prometheus;
using static MovieSync.Host.Web.NotificationsApi;

namespace MovieSync.Host.Web.Health;

/// <summary>
/// The notification channels' part of <c>GET /metrics</c>, labelled by the channel's type and key
/// (<c>webhook-1a2b3c4d</c>, the outbox's <c>notify-KEY</c>), never by anything secret; set from the outboxes' status at
/// each scrape.
/// </summary>
public sealed class NotificationMetrics
{
    private readonly Counter _delivered;
    private readonly Counter _failures;
    private readonly Counter _givenUp;
    private readonly Gauge _waiting;
    private readonly Gauge _refusing;
    private readonly Gauge _failing;

    /// <summary>Each channel's failed tries as last read: an outbox started again counts from 0, and the counter carries on.</summary>
    private readonly Dictionary<string, int> _failedTriesRead = new(StringComparer.Ordinal);

    public NotificationMetrics(MetricFactory metrics)
    {
        string[] labels = ["type", "channel"];
        _delivered = metrics.CreateCounter("moviesync_notifications_delivered_total",
            "Notifications the channel accepted (NotificationDelivered events in its outbox's journal).", labels);
        _failures = metrics.CreateCounter("moviesync_notification_failures_total",
            "Tries the channel did not take (an error, a timeout, a refusal) since the host started; each is retried or, refused three times, given up.",
            labels);
        _givenUp = metrics.CreateCounter("moviesync_notifications_given_up_total",
            "Notifications the channel refused three times in a row and that were given up (NotificationGivenUp events).", labels);
        _waiting = metrics.CreateGauge("moviesync_notifications_waiting", "Notifications journaled for the channel and not delivered yet.", labels);
        _refusing = metrics.CreateGauge("moviesync_notification_channel_refusing",
            "1 while the channel keeps refusing notifications (given one up and accepted none since), else 0.", labels);
        _failing = metrics.CreateGauge("moviesync_notification_channel_failing",
            "1 when the dashboard marks the channel failing (refusing, its last try failed, or its outbox not answering), else 0.", labels);
    }

    public void Update(IReadOnlyList<ChannelView> channels)
    {
        lock (_failedTriesRead)
        {
            foreach (var channel in channels)
            {
                _failing.WithLabels(channel.Type, channel.Key).Set(channel.Failing ? 1 : 0);
                if (!channel.Answered)
                    continue;
                string[] labels = [channel.Type, channel.Key];
                _delivered.WithLabels(labels).IncTo(channel.Delivered);
                _givenUp.WithLabels(labels).IncTo(channel.GivenUp);
                _waiting.WithLabels(labels).Set(channel.Waiting);
                _refusing.WithLabels(labels).Set(channel.Refusing ? 1 : 0);
                var failures = _failures.WithLabels(labels); // published from the first scrape on, at 0
                var before = _failedTriesRead.GetValueOrDefault(channel.Key);
                var more = channel.FailedTries >= before ? channel.FailedTries - before : channel.FailedTries;
                if (more > 0)
                    failures.Inc(more);
                _failedTriesRead[channel.Key] = channel.FailedTries;
            }
        }
    }
}
