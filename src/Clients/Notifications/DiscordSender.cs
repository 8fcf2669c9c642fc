using System.Net.Http.Json;
using System.Text.Json.Serialization;
using MovieSync.Messages;

namespace MovieSync.Clients.Notifications;

/// <summary>Posts <c>{"content": ...}</c> to a Discord webhook, which answers 204; mentions are switched off.</summary>
public sealed class DiscordSender(HttpDelivery delivery, Uri webhookUrl) : INotificationSender
{
    /// <summary>Discord's limit for a message's content.</summary>
    public const int ContentLimit = 2000;

    public Task<DeliveryOutcome> SendAsync(Notification notification, CancellationToken cancellationToken)
    {
        var body = new Body(NotificationText.Chat(notification, ContentLimit), new Mentions([]));
        var request = new HttpRequestMessage(HttpMethod.Post, webhookUrl) { Content = JsonContent.Create(body) };
        return delivery.SendAsync(request, notification, cancellationToken);
    }

    private sealed record Body([property: JsonPropertyName("content")] string Content,
        [property: JsonPropertyName("allowed_mentions")] Mentions AllowedMentions);

    private sealed record Mentions([property: JsonPropertyName("parse")] string[] Parse);
}
