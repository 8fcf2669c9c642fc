using System.Net.Http.Json;
using System.Text.Json.Serialization;
using MovieSync.Messages;

namespace MovieSync.Clients.Notifications;

/// <summary>
/// POSTs the contract's JSON body (<c>delivery_id</c>, <c>event</c>, <c>at</c>, <c>message</c>, <c>movie</c>) to a URL, with the
/// delivery id also in <see cref="HttpDelivery.DeliveryHeader"/>; any 2xx is accepted.
/// </summary>
public sealed class WebhookSender(HttpDelivery delivery, Uri url) : INotificationSender
{
    public Task<DeliveryOutcome> SendAsync(Notification notification, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(Body.From(notification)) };
        return delivery.SendAsync(request, notification, cancellationToken);
    }

    /// <summary>The webhook's body, as CONTRACT.md fixes it.</summary>
    public sealed record Body(
        [property: JsonPropertyName("delivery_id")] string DeliveryId,
        [property: JsonPropertyName("event")] string Event,
        [property: JsonPropertyName("at")] DateTimeOffset At,
        [property: JsonPropertyName("message")] string Message,
        [property: JsonPropertyName("movie")] Movie? Film)
    {
        public static Body From(Notification n) =>
            new(n.DeliveryId, n.Event, n.At, n.Message, n.Movie is { } m ? new Movie(m.Id.Value, m.Title, m.Year) : null);
    }

    public sealed record Movie(
        [property: JsonPropertyName("id")] string Id,
        [property: JsonPropertyName("title")] string Title,
        [property: JsonPropertyName("year")] int? Year);
}
