using MovieSync.Clients.Notifications;
using MovieSync.Messages;
using static MovieSync.Messages.NotificationQueries;

namespace MovieSync.Actors.Notifications;

/// <summary>
/// The last notifications an outbox delivered or gave up, newest first, at most <see cref="RecentDelivery.Kept"/>: folded
/// from its journaled events (the queued notification, then its delivery or give-up), so a restart shows the same ones.
/// </summary>
public sealed class RecentDeliveries
{
    private readonly LinkedList<RecentDelivery> _recent = new();

    public IReadOnlyList<RecentDelivery> Newest => _recent.ToList();

    public void Delivered(Notification notification, int attempts, DateTimeOffset at) =>
        Add(new RecentDelivery(notification.DeliveryId, notification.Kind, NotificationText.Headline(notification), notification.At, at, attempts,
            GivenUp: false, Reason: null));

    public void GivenUp(Notification notification, string reason, DateTimeOffset at) =>
        Add(new RecentDelivery(notification.DeliveryId, notification.Kind, NotificationText.Headline(notification), notification.At, at, null,
            GivenUp: true, reason));

    private void Add(RecentDelivery delivery)
    {
        _recent.AddFirst(delivery);
        while (_recent.Count > RecentDelivery.Kept)
            _recent.RemoveLast();
    }
}
