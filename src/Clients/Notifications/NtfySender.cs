using System.Net.Http.Headers;
using System.Text;
using MovieSync.Messages;

namespace MovieSync.Clients.Notifications;

/// <summary>
/// Publishes to an ntfy topic: the message as the body, <c>Title</c> and <c>Tags</c> headers (attention at high priority),
/// the access token, when given, as a bearer token.
/// </summary>
public sealed class NtfySender(HttpDelivery delivery, Uri topicUrl, string? token) : INotificationSender
{
    public Task<DeliveryOutcome> SendAsync(Notification notification, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, topicUrl)
        {
            Content = new StringContent(notification.Message, Encoding.UTF8, "text/plain"),
        };
        // HTTP headers are Latin-1: ntfy reads RFC 2047 encoded words for anything else.
        request.Headers.TryAddWithoutValidation("Title", Header(NotificationText.Headline(notification)));
        request.Headers.TryAddWithoutValidation("Tags", NotificationText.Tags(notification));
        if (notification.Kind == NotificationKind.Attention)
            request.Headers.TryAddWithoutValidation("Priority", "high");
        if (!string.IsNullOrEmpty(token))
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return delivery.SendAsync(request, notification, cancellationToken);
    }

    private static string Header(string text) =>
        text.All(c => c is >= ' ' and <= '~') ? text : $"=?UTF-8?B?{Convert.ToBase64String(Encoding.UTF8.GetBytes(text))}?=";
}
