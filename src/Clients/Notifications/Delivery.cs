using MovieSync.Messages;

namespace MovieSync.Clients.Notifications;

/// <summary>What a channel answered one attempt to send.</summary>
public enum DeliveryResult
{
    /// <summary>Taken (2xx; Telegram <c>ok: true</c>; SMTP 250): never sent again.</summary>
    Accepted,

    /// <summary>Not now (5xx, 429, unreachable, timeout, SMTP 4xx): tried again later.</summary>
    Retry,

    /// <summary>Refused (4xx other than 429, SMTP 5xx, a rejected login): the channel's settings are wrong.</summary>
    Refused,
}

/// <summary>One attempt's outcome; <paramref name="Detail"/> never holds a secret, <paramref name="RetryAfter"/> is the channel's own wish.</summary>
public sealed record DeliveryOutcome(DeliveryResult Result, string Detail, TimeSpan? RetryAfter = null)
{
    public static DeliveryOutcome Accepted(string detail) => new(DeliveryResult.Accepted, detail);
}

/// <summary>One notification channel (webhook, ntfy, Telegram, Discord, email): sends a notification, once per call.</summary>
public interface INotificationSender
{
    /// <summary>Sends <paramref name="notification"/>; never throws for what the channel or the network did.</summary>
    Task<DeliveryOutcome> SendAsync(Notification notification, CancellationToken cancellationToken);
}
