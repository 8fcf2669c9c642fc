using System.Net;
using System.Net.Http.Headers;
using MovieSync.Messages;

namespace MovieSync.Clients.Notifications;

/// <summary>
/// Sends one HTTP request for a notification and classifies the answer: 2xx accepted, 429 and 5xx retried (Retry-After
/// honoured), any other 4xx or a redirect refused, no answer retried. The channel's secrets never reach a detail.
/// </summary>
public sealed class HttpDelivery(HttpClient http, TimeSpan timeout, IEnumerable<string> secrets)
{
    /// <summary>The header that carries the delivery id on every HTTP channel, for a receiver to drop a repeat.</summary>
    public const string DeliveryHeader = "X-MovieSync-Delivery";

    private const int ExcerptLength = 200;
    private readonly string[] _secrets = secrets.Where(s => s.Length >= 4).ToArray();

    /// <summary>The HttpClient every channel shares: no redirects (a moved URL is a setting to fix), its own timeout per request.</summary>
    public static HttpClient NewClient() =>
        new(new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };

    /// <param name="judge">Reads an accepted answer's body when the status alone does not tell (Telegram's <c>ok</c>).</param>
    public async Task<DeliveryOutcome> SendAsync(HttpRequestMessage request, Notification notification, CancellationToken cancellationToken,
        Func<HttpStatusCode, string, DeliveryOutcome?>? judge = null)
    {
        request.Headers.TryAddWithoutValidation(DeliveryHeader, notification.DeliveryId);
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("MovieSync", "1.0"));
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            var whole = await ReadBodyAsync(response, deadline.Token);
            var status = (int)response.StatusCode;
            if (judge?.Invoke(response.StatusCode, whole) is { } judged)
                return judged with { Detail = Redact(judged.Detail) };
            var body = whole.Length <= ExcerptLength ? whole : whole[..ExcerptLength] + "…";
            var detail = Redact($"HTTP {status} {response.ReasonPhrase}{(body.Length > 0 ? ": " + body : "")}");
            return status switch
            {
                >= 200 and < 300 => DeliveryOutcome.Accepted($"HTTP {status}"),
                429 => new DeliveryOutcome(DeliveryResult.Retry, detail, RetryAfter(response)),
                >= 300 and < 500 => new DeliveryOutcome(DeliveryResult.Refused, detail),
                _ => new DeliveryOutcome(DeliveryResult.Retry, detail, RetryAfter(response)),
            };
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new DeliveryOutcome(DeliveryResult.Retry, $"no answer within {timeout.TotalSeconds:0} s");
        }
        catch (HttpRequestException e)
        {
            return new DeliveryOutcome(DeliveryResult.Retry, Redact($"cannot reach it: {e.Message}"));
        }
    }

    /// <summary>Masks every secret of the channel in <paramref name="text"/>.</summary>
    public string Redact(string text)
    {
        foreach (var secret in _secrets)
            text = text.Replace(secret, "***", StringComparison.Ordinal);
        return ServiceText.Clean(text);
    }

    private static async Task<string> ReadBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return (await BoundedBody.ReadTextAsync(response.Content, 64 * 1024, cancellationToken)).Trim();
        }
        catch (BodyTooLargeException)
        {
            return "(a body too large to show)";
        }
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response) =>
        response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - DateTimeOffset.UtcNow is var wait && wait > TimeSpan.Zero ? wait : null,
            _ => null,
        };
}
