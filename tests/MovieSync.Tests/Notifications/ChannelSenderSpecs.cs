using System.Text.Json;
using MailKit.Security;
using MovieSync.Clients.Notifications;
using MovieSync.Messages;
using MovieSync.Simulators.Notifications;
using Xunit;

namespace MovieSync.Tests.Notifications;

/// <summary>Each channel's sender against a loopback server in that service's shape: what it sends, and how it reads the answer.</summary>
public sealed class ChannelSenderSpecs : IAsyncLifetime
{
    private const string Secret = "123456:SECRET-bot-token";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private static readonly Notification Grabbed = new(Notification.DeliveryIdFor("movie-tt0133093/3"), NotificationKind.Grabbed,
        new DateTimeOffset(2026, 12, 1, 18, 0, 0, TimeSpan.Zero), "Grabbed The Matrix (1999): The.Matrix.1999.1080p.BluRay.x264-GRP.",
        new NotifiedMovie(MovieId.Parse("tt0133093"), "The Matrix", 1999));

    private readonly HttpClient _http = HttpDelivery.NewClient();
    private FakeNotificationReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await FakeNotificationReceiver.StartAsync();

    public async Task DisposeAsync()
    {
        await _receiver.DisposeAsync();
        _http.Dispose();
    }

    private HttpDelivery Delivery(params string[] secrets) => new(_http, Timeout, secrets);

    [Fact]
    public async Task A_webhook_gets_the_contracts_body_and_the_delivery_header()
    {
        var outcome = await new WebhookSender(Delivery(), _receiver.Url("hook")).SendAsync(Grabbed, CancellationToken.None);

        Assert.Equal(DeliveryResult.Accepted, outcome.Result);
        var request = Assert.Single(_receiver.Requests);
        Assert.Equal(("POST", "/hook"), (request.Method, request.Path));
        Assert.Equal(Grabbed.DeliveryId, request.Header("X-MovieSync-Delivery"));
        using var body = JsonDocument.Parse(request.Body);
        var root = body.RootElement;
        Assert.Equal(["delivery_id", "event", "at", "message", "movie"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(Grabbed.DeliveryId, root.GetProperty("delivery_id").GetString());
        Assert.Equal("grabbed", root.GetProperty("event").GetString());
        Assert.Equal(Grabbed.At, root.GetProperty("at").GetDateTimeOffset());
        Assert.Equal(Grabbed.Message, root.GetProperty("message").GetString());
        Assert.Equal(["id", "title", "year"], root.GetProperty("movie").EnumerateObject().Select(p => p.Name));
        Assert.Equal(("tt0133093", "The Matrix", 1999),
            (root.GetProperty("movie").GetProperty("id").GetString(), root.GetProperty("movie").GetProperty("title").GetString(),
                root.GetProperty("movie").GetProperty("year").GetInt32()));
    }

    [Fact]
    public async Task An_attention_has_a_null_movie_in_the_webhook_body()
    {
        var attention = new Notification("d1", NotificationKind.Attention, Grabbed.At, "FileList rejected the passkey", null);
        await new WebhookSender(Delivery(), _receiver.Url("hook")).SendAsync(attention, CancellationToken.None);
        using var body = JsonDocument.Parse(Assert.Single(_receiver.Requests).Body);
        Assert.Equal(JsonValueKind.Null, body.RootElement.GetProperty("movie").ValueKind);
        Assert.Equal("attention", body.RootElement.GetProperty("event").GetString());
    }

    [Theory]
    [InlineData(503, DeliveryResult.Retry)]
    [InlineData(500, DeliveryResult.Retry)]
    [InlineData(429, DeliveryResult.Retry)]
    [InlineData(404, DeliveryResult.Refused)]
    [InlineData(401, DeliveryResult.Refused)]
    public async Task An_answer_is_retried_or_refused_by_its_status(int status, DeliveryResult expected)
    {
        _receiver.AlwaysStatus = status;
        var outcome = await new WebhookSender(Delivery(), _receiver.Url("hook")).SendAsync(Grabbed, CancellationToken.None);
        Assert.Equal(expected, outcome.Result);
        Assert.Contains($"HTTP {status}", outcome.Detail);
        if (status == 429)
            Assert.Equal(TimeSpan.FromSeconds(1), outcome.RetryAfter);
    }

    [Fact]
    public async Task A_server_that_is_not_there_is_retried()
    {
        var outcome = await new WebhookSender(Delivery(), new Uri($"http://127.0.0.1:{FreePort()}/hook")).SendAsync(Grabbed, CancellationToken.None);
        Assert.Equal(DeliveryResult.Retry, outcome.Result);
        Assert.Contains("cannot reach it", outcome.Detail);
    }

    [Fact]
    public async Task Ntfy_gets_the_text_with_title_tags_and_the_bearer_token()
    {
        var outcome = await new NtfySender(Delivery("tk_ntfy_secret"), _receiver.Url("movies"), "tk_ntfy_secret").SendAsync(Grabbed, CancellationToken.None);

        Assert.Equal(DeliveryResult.Accepted, outcome.Result);
        var request = Assert.Single(_receiver.Requests);
        Assert.Equal(("POST", "/movies"), (request.Method, request.Path));
        Assert.Equal(Grabbed.Message, request.Body);
        Assert.Equal("Grabbed The Matrix (1999)", request.Header("Title"));
        Assert.Equal("arrow_down,movie_camera", request.Header("Tags"));
        Assert.Equal("Bearer tk_ntfy_secret", request.Header("Authorization"));
        Assert.Equal(Grabbed.DeliveryId, request.Header("X-MovieSync-Delivery"));
    }

    [Fact]
    public async Task Telegram_is_sent_to_the_bots_sendMessage_and_accepted_only_with_ok_true()
    {
        await using var telegram = await FakeNotificationReceiver.StartAsync(ReceiverShape.Telegram);
        var sender = new TelegramSender(Delivery(Secret), telegram.BaseUrl, Secret, "42");

        var outcome = await sender.SendAsync(Grabbed, CancellationToken.None);

        Assert.Equal(DeliveryResult.Accepted, outcome.Result);
        var request = Assert.Single(telegram.Requests);
        Assert.Equal($"/bot{Secret}/sendMessage", request.Path);
        using var body = JsonDocument.Parse(request.Body);
        Assert.Equal("42", body.RootElement.GetProperty("chat_id").GetString());
        Assert.StartsWith("⬇️ Grabbed The Matrix (1999)\n" + Grabbed.Message, body.RootElement.GetProperty("text").GetString());
    }

    [Fact]
    public async Task Telegrams_refusal_is_refused_and_its_answer_never_shows_the_token()
    {
        await using var telegram = await FakeNotificationReceiver.StartAsync(ReceiverShape.Telegram);
        telegram.AlwaysStatus = 400;
        var outcome = await new TelegramSender(Delivery(Secret), telegram.BaseUrl, Secret, "42").SendAsync(Grabbed, CancellationToken.None);
        Assert.Equal(DeliveryResult.Refused, outcome.Result);
        Assert.Contains("chat not found", outcome.Detail);
        Assert.DoesNotContain("SECRET", outcome.Detail);

        telegram.AlwaysStatus = 429;
        var limited = await new TelegramSender(Delivery(Secret), telegram.BaseUrl, Secret, "42").SendAsync(Grabbed, CancellationToken.None);
        Assert.Equal((DeliveryResult.Retry, TimeSpan.FromSeconds(1)), (limited.Result, limited.RetryAfter));
    }

    [Fact]
    public async Task Discord_gets_the_content_and_answers_204()
    {
        await using var discord = await FakeNotificationReceiver.StartAsync(ReceiverShape.Discord);
        var outcome = await new DiscordSender(Delivery(), discord.Url("api/webhooks/1/x")).SendAsync(Grabbed, CancellationToken.None);

        Assert.Equal(DeliveryResult.Accepted, outcome.Result);
        var request = Assert.Single(discord.Requests);
        Assert.Equal(204, request.Status);
        using var body = JsonDocument.Parse(request.Body);
        Assert.Equal("⬇️ Grabbed The Matrix (1999)\n" + Grabbed.Message, body.RootElement.GetProperty("content").GetString());
    }

    [Fact]
    public async Task Email_goes_through_SMTP_with_the_login_and_the_delivery_id()
    {
        await using var smtp = new FakeSmtpServer();
        var sender = new EmailSender(new SmtpSettings("127.0.0.1", smtp.Port, SecureSocketOptions.None, "mailer", "smtp-SECRET-pass",
            "moviesync@example.org", ["me@example.org"]), Timeout);

        var outcome = await sender.SendAsync(Grabbed, CancellationToken.None);

        Assert.Equal(DeliveryResult.Accepted, outcome.Result);
        var mail = Assert.Single(smtp.Mails);
        Assert.Equal(("moviesync@example.org", "mailer"), (mail.From, mail.Login));
        Assert.Equal(["me@example.org"], mail.To);
        Assert.Equal("MovieSync: Grabbed The Matrix (1999)", mail.Header("Subject"));
        Assert.Equal(Grabbed.DeliveryId, mail.Header("X-MovieSync-Delivery"));
        Assert.Contains(Grabbed.Message, mail.Data);
    }

    [Fact]
    public async Task An_SMTP_4xx_is_retried_and_a_5xx_refused()
    {
        await using var smtp = new FakeSmtpServer();
        var sender = new EmailSender(new SmtpSettings("127.0.0.1", smtp.Port, SecureSocketOptions.None, null, null, "moviesync@example.org",
            ["me@example.org"]), Timeout);

        smtp.FailNext(1);
        Assert.Equal(DeliveryResult.Retry, (await sender.SendAsync(Grabbed, CancellationToken.None)).Result);
        smtp.AlwaysReply = 550;
        var refused = await sender.SendAsync(Grabbed, CancellationToken.None);
        Assert.Equal(DeliveryResult.Refused, refused.Result);
        Assert.Contains("550", refused.Detail);
    }

    private static int FreePort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
