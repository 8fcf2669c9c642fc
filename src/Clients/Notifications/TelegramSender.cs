using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using MovieSync.Messages;

namespace MovieSync.Clients.Notifications;

/// <summary>
/// Sends a message through the Telegram Bot API (<c>POST {api_url}/bot{token}/sendMessage</c> with <c>chat_id</c> and
/// <c>text</c>); accepted only when the answer says <c>ok: true</c>. The token is in the URL: it never reaches a detail.
/// </summary>
public sealed class TelegramSender(HttpDelivery delivery, Uri apiUrl, string botToken, string chatId) : INotificationSender
{
    /// <summary>Telegram's limit for a message's text.</summary>
    public const int TextLimit = 4096;

    public Task<DeliveryOutcome> SendAsync(Notification notification, CancellationToken cancellationToken)
    {
        var url = new Uri(apiUrl.ToString().TrimEnd('/') + $"/bot{botToken}/sendMessage");
        var body = new Body(chatId, NotificationText.Chat(notification, TextLimit));
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body) };
        return delivery.SendAsync(request, notification, cancellationToken, Judge);
    }

    /// <summary>Telegram answers <c>{"ok": false, "error_code": N, "description": ...}</c> with the matching HTTP status.</summary>
    private static DeliveryOutcome? Judge(HttpStatusCode status, string body)
    {
        var (ok, code, description, retryAfter) = Read(body);
        var detail = $"HTTP {(int)status}{(description is null ? "" : ": " + description)}";
        if ((int)status is >= 200 and < 300)
            return ok ? DeliveryOutcome.Accepted(detail) : new DeliveryOutcome(DeliveryResult.Retry, $"{detail} (the answer did not say ok: true)");
        var errorCode = code ?? (int)status;
        return errorCode switch
        {
            429 => new DeliveryOutcome(DeliveryResult.Retry, detail, retryAfter is { } seconds ? TimeSpan.FromSeconds(seconds) : null),
            >= 400 and < 500 => new DeliveryOutcome(DeliveryResult.Refused, detail),
            _ => new DeliveryOutcome(DeliveryResult.Retry, detail),
        };
    }

    private static (bool Ok, int? Code, string? Description, int? RetryAfter) Read(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                return (false, null, null, null);
            var ok = root.TryGetProperty("ok", out var okValue) && okValue.ValueKind == JsonValueKind.True;
            int? code = root.TryGetProperty("error_code", out var c) && c.TryGetInt32(out var n) ? n : null;
            var description = root.TryGetProperty("description", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
            int? retryAfter = root.TryGetProperty("parameters", out var p) && p.ValueKind == JsonValueKind.Object &&
                              p.TryGetProperty("retry_after", out var r) && r.TryGetInt32(out var s) ? s : null;
            return (ok, code, description, retryAfter);
        }
        catch (JsonException)
        {
            return (false, null, null, null);
        }
    }

    private sealed record Body([property: JsonPropertyName("chat_id")] string ChatId, [property: JsonPropertyName("text")] string Text);
}
