using MovieSync.Clients.Notifications;
using MovieSync.Messages;
using static MovieSync.Messages.NotificationEvents;
using static MovieSync.Messages.NotificationQueries;

namespace MovieSync.Actors.Notifications;

/// <summary>
/// A channel outbox's bookkeeping, pure: the notifications waiting in order, the tries of the first one, the failures and
/// refusals in a row, whether the channel is refusing, and what its status shows (deliveries, the last error, the failed
/// tries, give-ups and <see cref="RecentDeliveries"/>); folded from the same events on recovery as when they are journaled.
/// </summary>
internal sealed class OutboxLedger
{
    private readonly LinkedList<Notification> _waiting = new();
    private readonly RecentDeliveries _recent = new();
    private int _delivered;
    private DateTimeOffset? _lastDeliveredAt;
    private string? _lastError;
    private DateTimeOffset? _lastErrorAt;
    private int _failedTries;
    private int _givenUp;
    private int _failuresInRow;

    /// <summary>The tries of the first waiting notification so far.</summary>
    public int Attempts { get; private set; }

    public int RefusalsInRow { get; private set; }

    /// <summary>The channel refused one until it was given up (<see cref="ChannelRefusing"/>) and has accepted none since.</summary>
    public bool Refusing { get; private set; }

    public int WaitingCount => _waiting.Count;

    /// <summary>The notification to send next; null when none waits.</summary>
    public Notification? Next => _waiting.First?.Value;

    public void Queued(Notification notification) => _waiting.AddLast(notification);

    /// <summary>A try of the first waiting notification starts.</summary>
    public void Trying() => Attempts++;

    /// <summary>A try was not accepted.</summary>
    public void TryFailed(DateTimeOffset at)
    {
        _failedTries++;
        _lastErrorAt = at;
    }

    /// <summary>The channel refused the try: the refusals in a row, this one counted.</summary>
    public int Refused() => ++RefusalsInRow;

    /// <summary>A try to be tried again: a retry (not a refusal) ends a run of refusals; the failures in a row, this one counted.</summary>
    public int Retrying(DeliveryResult result, string detail)
    {
        if (result == DeliveryResult.Retry)
            RefusalsInRow = 0;
        _lastError = detail;
        return ++_failuresInRow;
    }

    /// <summary>The first waiting notification is about to be given up for <paramref name="reason"/>.</summary>
    public void GivingUp(string reason) => _lastError = reason;

    public void RefusingMarked() => Refusing = true;

    /// <summary>After a give-up the next notification starts afresh: no tries, no failures or refusals in a row.</summary>
    public void StartAfresh()
    {
        RefusalsInRow = 0;
        _failuresInRow = 0;
        Attempts = 0;
    }

    public void Delivered(NotificationDelivered delivered)
    {
        if (Remove(delivered.DeliveryId) is { } notification)
            _recent.Delivered(notification, delivered.Attempts, delivered.At);
        _delivered++;
        _lastDeliveredAt = delivered.At;
        _lastError = null;
        _lastErrorAt = null;
        Refusing = false;
        StartAfresh();
    }

    /// <summary>A given-up notification leaves the outbox; its reason is the channel's last error until it accepts one again.</summary>
    public void GivenUp(NotificationGivenUp given)
    {
        if (Remove(given.DeliveryId) is { } notification)
            _recent.GivenUp(notification, given.Reason, given.At);
        _givenUp++;
        _lastError = given.Reason;
        _lastErrorAt = given.At;
    }

    public ChannelStatus Status(string name) => new(name, _waiting.Count, _delivered, _lastDeliveredAt, _lastError, Refusing)
    {
        LastErrorAt = _lastErrorAt, FailedTries = _failedTries, GivenUp = _givenUp, Recent = _recent.Newest,
    };

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
}
