using System.Text.Json;
using System.Text.Json.Nodes;
using MovieSync.Actors.Adapters.Simulation;
using MovieSync.Configuration;
using MovieSync.Simulators.Notifications;
using Xunit;

namespace MovieSync.Web.Tests.Support;

/// <summary>The specs that read <see cref="NotifyingHost"/>'s one host (they change nothing).</summary>
[CollectionDefinition(Name)]
public sealed class NotifyingHostCollection : ICollectionFixture<NotifyingHost>
{
    public const string Name = "notifying host";
}

/// <summary>
/// A real `run` on a new home with two films, grabbed and downloaded within seconds, and two notification channels on
/// loopback receivers: a webhook that answers the first two tries 429 (Retry-After: 1) then accepts, and a Telegram bot
/// whose API refuses everything (400 "chat not found"). Ready once the webhook has taken all five notifications (two
/// grabs, two completions, and the attention that the Telegram channel keeps refusing, raised only after its third
/// refusal): by then Telegram is refusing. Telegram goes on refusing each new notification three times meanwhile.
/// </summary>
public sealed class NotifyingHost : IAsyncLifetime
{
    public const string BotToken = "123456:notify-board-secret-bot-token";
    private static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(120);

    public static readonly IReadOnlyList<SimulatedMovie> Watchlist =
        [new("tt0133093", "The Matrix", 1999), new("tt0078748", "Alien", 1979)];

    public DashboardHost Host { get; private set; } = null!;

    public FakeNotificationReceiver Hook { get; private set; } = null!;

    public FakeNotificationReceiver Telegram { get; private set; } = null!;

    /// <summary>The webhook channel as config.json reads it (its key names it in the API and the metrics).</summary>
    public NotificationChannelOptions HookChannel => new() { Index = 0, Type = ChannelType.Webhook, Url = Hook.Url("hook") };

    public NotificationChannelOptions TelegramChannel => new()
    {
        Index = 1, Type = ChannelType.Telegram, BotToken = BotToken, ChatId = "42", ApiUrl = Telegram.BaseUrl,
    };

    public async Task InitializeAsync()
    {
        Hook = await FakeNotificationReceiver.StartAsync();
        Hook.FailureStatus = 429;
        Hook.FailNext(2);
        Telegram = await FakeNotificationReceiver.StartAsync(ReceiverShape.Telegram);
        Telegram.AlwaysStatus = 400;
        Host = await DashboardHost.StartFreshAsync(Watchlist, config => config["notifications"] = new JsonArray(
                new JsonObject { ["type"] = "webhook", ["url"] = Hook.Url("hook").ToString() },
                new JsonObject
                {
                    ["type"] = "telegram", ["bot_token"] = BotToken, ["chat_id"] = "42", ["api_url"] = Telegram.BaseUrl.ToString(),
                }),
            grabSeconds: 0.2, downloadSeconds: 1);
        await Host.WaitForAsync(async () =>
        {
            var channels = await ChannelsAsync();
            return channels.Count == 2 && channels[0].GetProperty("delivered").GetInt32() == 5 && channels[1].GetProperty("refusing").GetBoolean();
        }, "the webhook's five deliveries and Telegram refusing", SettleTimeout);
    }

    /// <summary><c>GET /api/notifications</c>: the channels in config.json's order.</summary>
    public async Task<List<JsonElement>> ChannelsAsync() => (await Host.GetJsonAsync("api/notifications")).EnumerateArray().ToList();

    public async Task DisposeAsync()
    {
        if (Host is not null)
            await Host.DisposeAsync();
        if (Hook is not null)
            await Hook.DisposeAsync();
        if (Telegram is not null)
            await Telegram.DisposeAsync();
    }
}
