using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MovieSync.Simulators.Notifications;

/// <summary>Which service a <see cref="FakeNotificationReceiver"/> answers as.</summary>
public enum ReceiverShape
{
    /// <summary>Any 2xx: answers 200 with an empty body (a webhook, ntfy).</summary>
    Webhook,

    /// <summary>Telegram's Bot API: <c>{"ok":true,"result":{...}}</c>, or <c>{"ok":false,"error_code":N,"description":...}</c>.</summary>
    Telegram,

    /// <summary>A Discord webhook: 204 No Content.</summary>
    Discord,
}

/// <summary>One request the receiver got (and what it answered).</summary>
public sealed record ReceivedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body, int Status)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    public bool Accepted => Status is >= 200 and < 300;
}

/// <summary>
/// A notification channel's server on 127.0.0.1 (a free port) that records every request and answers in the shape of
/// a webhook, ntfy, Telegram's Bot API or a Discord webhook: it can fail the next N requests with a status of choice,
/// or refuse every request, then accept.
/// </summary>
public sealed class FakeNotificationReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ReceiverShape _shape;
    private readonly ConcurrentQueue<ReceivedRequest> _requests = new();
    private int _failuresLeft;
    private long _messageId;

    private FakeNotificationReceiver(WebApplication app, ReceiverShape shape)
    {
        _app = app;
        _shape = shape;
    }

    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>The status the failing requests get (503 by default; 429 asks to come back; 4xx refuses).</summary>
    public int FailureStatus { get; set; } = 503;

    /// <summary>When set, every request is answered with this status (a channel that keeps refusing, or is down).</summary>
    public int? AlwaysStatus { get; set; }

    /// <summary>Every request so far, oldest first.</summary>
    public IReadOnlyList<ReceivedRequest> Requests => _requests.ToList();

    /// <summary>The requests it accepted.</summary>
    public IReadOnlyList<ReceivedRequest> Accepted => _requests.Where(r => r.Accepted).ToList();

    public static async Task<FakeNotificationReceiver> StartAsync(ReceiverShape shape = ReceiverShape.Webhook, CancellationToken ct = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeNotificationReceiver(app, shape);
        app.Run(fake.HandleAsync);
        await app.StartAsync(ct);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        fake.BaseUrl = new Uri(address.TrimEnd('/') + "/");
        return fake;
    }

    /// <summary>The next <paramref name="count"/> requests fail with <see cref="FailureStatus"/>; those after are accepted.</summary>
    public void FailNext(int count) => Interlocked.Exchange(ref _failuresLeft, count);

    /// <summary>A URL on this receiver (<c>hook</c>, <c>movies</c> for an ntfy topic, <c>bot123:abc/sendMessage</c>).</summary>
    public Uri Url(string path) => new(BaseUrl, path);

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var failing = AlwaysStatus ?? (Interlocked.Decrement(ref _failuresLeft) >= 0 ? FailureStatus : null);
        var status = failing ?? (_shape == ReceiverShape.Discord ? 204 : 200);
        _requests.Enqueue(new ReceivedRequest(context.Request.Method, context.Request.Path.Value ?? "", headers, body, status));
        context.Response.StatusCode = status;
        if (status == 429)
            context.Response.Headers.RetryAfter = "1";
        if (_shape == ReceiverShape.Telegram)
        {
            context.Response.ContentType = "application/json";
            var json = failing is { } code
                ? JsonSerializer.Serialize(new Dictionary<string, object>
                {
                    ["ok"] = false,
                    ["error_code"] = code,
                    ["description"] = code == 429 ? "Too Many Requests: retry after 1" : "Bad Request: chat not found",
                    ["parameters"] = new Dictionary<string, int> { ["retry_after"] = 1 },
                })
                : JsonSerializer.Serialize(new Dictionary<string, object>
                {
                    ["ok"] = true,
                    ["result"] = new Dictionary<string, object>
                    {
                        ["message_id"] = Interlocked.Increment(ref _messageId), ["date"] = 1764600000, ["text"] = "...",
                        ["chat"] = new Dictionary<string, object> { ["id"] = 42, ["type"] = "private" },
                    },
                });
            await context.Response.WriteAsync(json, context.RequestAborted);
        }
        else if (failing is not null)
        {
            await context.Response.WriteAsync($"failing on purpose with {failing}", context.RequestAborted);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
