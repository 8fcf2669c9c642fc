using MovieSync.Messages;
using static MovieSync.Messages.NotificationEvents;

namespace MovieSync.Tests.Serialization;

/// <summary>One example of every stored notification type for <see cref="SerializerSpecs"/>.</summary>
internal static class NotificationSamples
{
    private static readonly DateTimeOffset At = new(2026, 11, 24, 20, 15, 0, TimeSpan.Zero);

    public static IEnumerable<object> All()
    {
        var grabbed = new Notification(Notification.DeliveryIdFor("movie-tt0133093/4"), NotificationKind.Grabbed, At,
            "Grabbed The Matrix (1999): The.Matrix.1999.1080p.BluRay.x264-GRP (1080p, 143 seeders).",
            new NotifiedMovie(MovieId.Parse("tt0133093"), "The Matrix", 1999));
        var refusing = new Notification(Notification.DeliveryIdFor("notify-webhook-1a2b3c4d/7"), NotificationKind.Attention, At,
            "The notification channel webhook https://example.org/hook keeps refusing notifications (HTTP 404 Not Found).", null)
            { NotTo = "notify-webhook-1a2b3c4d" };
        yield return new NotifierStarted(1234, At);
        yield return new NotificationRaised(grabbed, 1240);
        yield return new NotificationRaised(refusing, null) { Subject = "filelist:alice" };
        yield return new AttentionCleared("filelist:alice", At);
        yield return new OutboxOpened(17, At);
        yield return new NotificationQueued(grabbed, 18);
        yield return new NotificationDelivered(grabbed.DeliveryId, 4, At);
        yield return new NotificationGivenUp(refusing.DeliveryId, "HTTP 404 Not Found", At);
        yield return new ChannelRefusing("webhook https://example.org/hook", "HTTP 404 Not Found", At);
    }
}
