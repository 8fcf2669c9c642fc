using MovieSync.Actors.Notifications;
using MovieSync.Clients.Notifications;
using MovieSync.Messages;
using Xunit;

namespace MovieSync.Tests.Notifications;

/// <summary>An outbox's retry schedule: doubling from the first wait up to the cap; a channel's own wish (Retry-After) within the cap.</summary>
public sealed class OutboxSettingsSpecs
{
    private static readonly OutboxSettings Settings = new("webhook-1a2b3c4d", "webhook https://example.org/hook", ["grabbed"], new NoSender());

    [Fact]
    public void Retries_wait_5_s_doubling_up_to_30_min()
    {
        Assert.Equal([5, 10, 20, 40, 80], Enumerable.Range(1, 5).Select(r => Settings.RetryDelay(r, null).TotalSeconds));
        Assert.Equal(TimeSpan.FromMinutes(30), Settings.RetryDelay(10, null));
        Assert.Equal(TimeSpan.FromMinutes(30), Settings.RetryDelay(1000, null));
    }

    [Fact]
    public void A_channels_retry_after_is_honoured_within_the_cap()
    {
        Assert.Equal(TimeSpan.FromSeconds(90), Settings.RetryDelay(1, TimeSpan.FromSeconds(90)));
        Assert.Equal(TimeSpan.FromMinutes(30), Settings.RetryDelay(1, TimeSpan.FromHours(5)));
        Assert.Equal("notify-webhook-1a2b3c4d", Settings.PersistenceId);
    }

    private sealed class NoSender : INotificationSender
    {
        public Task<DeliveryOutcome> SendAsync(Notification notification, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("not sent in this spec");
    }
}
