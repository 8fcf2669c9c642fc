using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using MovieSync.Web.Tests.Support;
using Xunit;

namespace MovieSync.Web.Tests;

/// <summary>
/// <c>GET /api/notifications</c> and the notification metrics of <c>GET /metrics</c> on a real host (issue 13): a webhook
/// that failed twice then took every notification, each of its last five deliveries as the receiver got them, and a
/// Telegram channel that keeps refusing, marked failing with its error and never its bot token.
/// </summary>
[Collection(NotifyingHostCollection.Name)]
public sealed class NotificationsApiSpecs(NotifyingHost fixture)
{
    private DashboardHost Host => fixture.Host;

    [Fact]
    public async Task The_webhook_shows_its_five_deliveries_newest_first_as_the_receiver_took_them_and_its_two_failed_tries()
    {
        var hook = (await fixture.ChannelsAsync())[0];

        Assert.Equal("webhook", hook.GetProperty("type").GetString());
        Assert.Equal($"webhook {fixture.Hook.Url("hook")}", hook.GetProperty("name").GetString());
        Assert.Equal(fixture.HookChannel.Key, hook.GetProperty("key").GetString());
        Assert.Equal(("ok", false, false, true), (hook.GetProperty("state").GetString(), hook.GetProperty("failing").GetBoolean(),
            hook.GetProperty("refusing").GetBoolean(), hook.GetProperty("answered").GetBoolean()));
        Assert.Equal((0, 5, 2, 0), (hook.GetProperty("waiting").GetInt32(), hook.GetProperty("delivered").GetInt32(),
            hook.GetProperty("failed_tries").GetInt32(), hook.GetProperty("given_up").GetInt32()));
        Assert.Equal(JsonValueKind.Null, hook.GetProperty("last_error").ValueKind);

        // The receiver's accepted requests, newest first, are the recent deliveries: same ids, kinds and titles.
        var recent = hook.GetProperty("recent").EnumerateArray().ToList();
        var accepted = fixture.Hook.Accepted.Select(r => JsonDocument.Parse(r.Body).RootElement).Reverse().ToList();
        Assert.Equal(5, accepted.Count);
        Assert.Equal(accepted.Select(a => a.GetProperty("delivery_id").GetString()), recent.Select(r => r.GetProperty("delivery_id").GetString()));
        Assert.Equal(accepted.Select(a => a.GetProperty("event").GetString()), recent.Select(r => r.GetProperty("event").GetString()));
        Assert.Equal(["attention", "completed", "completed", "grabbed", "grabbed"], recent.Select(r => r.GetProperty("event").GetString()).Order());
        Assert.Equal(["Downloaded Alien (1979)", "Downloaded The Matrix (1999)", "Grabbed Alien (1979)", "Grabbed The Matrix (1999)",
            "Needs your attention"], recent.Select(r => r.GetProperty("title").GetString()).Order());
        Assert.All(recent, r => Assert.Equal("delivered", r.GetProperty("outcome").GetString()));
        var times = recent.Select(r => r.GetProperty("at").GetDateTimeOffset()).ToList();
        Assert.Equal(times.OrderDescending(), times);
        Assert.Equal(times[0], hook.GetProperty("last_delivered_at").GetDateTimeOffset());
        // The first notification took three tries (429, 429, 200); every other one, one.
        var firstId = fixture.Hook.Requests[0].Header("X-MovieSync-Delivery");
        Assert.Equal([429, 429, 200], fixture.Hook.Requests.Where(r => r.Header("X-MovieSync-Delivery") == firstId).Select(r => r.Status));
        Assert.All(recent, r => Assert.Equal(r.GetProperty("delivery_id").GetString() == firstId ? 3 : 1, r.GetProperty("attempts").GetInt32()));
        // The attention it took says which channel keeps refusing.
        Assert.Contains("telegram chat 42 keeps refusing", accepted[0].GetProperty("message").GetString());
    }

    [Fact]
    public async Task The_refusing_Telegram_channel_is_failing_with_its_error_and_given_up_notifications_and_no_bot_token()
    {
        using var response = await Host.Api.GetAsync("api/notifications");
        var body = await response.Content.ReadAsStringAsync();
        var telegram = JsonDocument.Parse(body).RootElement.EnumerateArray().ElementAt(1);

        Assert.Equal(("telegram", "telegram chat 42", fixture.TelegramChannel.Key), (telegram.GetProperty("type").GetString(),
            telegram.GetProperty("name").GetString(), telegram.GetProperty("key").GetString()));
        Assert.Equal(("refusing", true, true), (telegram.GetProperty("state").GetString(), telegram.GetProperty("failing").GetBoolean(),
            telegram.GetProperty("refusing").GetBoolean()));
        Assert.Equal(0, telegram.GetProperty("delivered").GetInt32());
        Assert.Equal("HTTP 400: Bad Request: chat not found", telegram.GetProperty("last_error").GetString());
        Assert.Equal(JsonValueKind.String, telegram.GetProperty("last_error_at").ValueKind);
        Assert.True(telegram.GetProperty("failed_tries").GetInt32() >= 3, body);
        Assert.True(telegram.GetProperty("given_up").GetInt32() >= 1, body);
        var recent = telegram.GetProperty("recent").EnumerateArray().ToList();
        Assert.NotEmpty(recent);
        Assert.All(recent, r =>
        {
            Assert.Equal("given_up", r.GetProperty("outcome").GetString());
            Assert.Equal("HTTP 400: Bad Request: chat not found", r.GetProperty("reason").GetString());
            Assert.Equal(JsonValueKind.Null, r.GetProperty("attempts").ValueKind);
        });
        // Every request to Telegram carried the token in its path; none of the API's answer does.
        Assert.All(fixture.Telegram.Requests, r => Assert.Contains(NotifyingHost.BotToken, r.Path));
        Assert.DoesNotContain(NotifyingHost.BotToken, body);
        Assert.DoesNotContain("secret-bot-token", body);
    }

    [Fact]
    public async Task Metrics_count_deliveries_and_failures_per_channel_and_mark_the_refusing_one()
    {
        var metrics = await Host.Api.GetStringAsync("metrics");
        var hook = fixture.HookChannel.Key;
        var telegram = fixture.TelegramChannel.Key;

        Assert.Equal(5, Value(metrics, "moviesync_notifications_delivered_total", "webhook", hook));
        Assert.Equal(2, Value(metrics, "moviesync_notification_failures_total", "webhook", hook));
        Assert.Equal(0, Value(metrics, "moviesync_notifications_given_up_total", "webhook", hook));
        Assert.Equal(0, Value(metrics, "moviesync_notifications_waiting", "webhook", hook));
        Assert.Equal(0, Value(metrics, "moviesync_notification_channel_refusing", "webhook", hook));
        Assert.Equal(0, Value(metrics, "moviesync_notification_channel_failing", "webhook", hook));

        Assert.Equal(0, Value(metrics, "moviesync_notifications_delivered_total", "telegram", telegram));
        Assert.True(Value(metrics, "moviesync_notification_failures_total", "telegram", telegram) >= 3, metrics);
        Assert.True(Value(metrics, "moviesync_notifications_given_up_total", "telegram", telegram) >= 1, metrics);
        Assert.Equal(1, Value(metrics, "moviesync_notification_channel_refusing", "telegram", telegram));
        Assert.Equal(1, Value(metrics, "moviesync_notification_channel_failing", "telegram", telegram));
        Assert.Contains("# TYPE moviesync_notifications_delivered_total counter", metrics);
        Assert.Contains("# TYPE moviesync_notifications_waiting gauge", metrics);
        Assert.DoesNotContain("secret-bot-token", metrics);

        // A counter never goes down between scrapes.
        var again = await Host.Api.GetStringAsync("metrics");
        Assert.True(Value(again, "moviesync_notification_failures_total", "telegram", telegram) >=
                    Value(metrics, "moviesync_notification_failures_total", "telegram", telegram));
        Assert.Equal(2, Value(again, "moviesync_notification_failures_total", "webhook", hook));
    }

    /// <summary>The value of one series, from its one line <c>name{type="...",channel="..."} value</c>.</summary>
    private static double Value(string metrics, string name, string type, string channel)
    {
        var line = new Regex($"^{Regex.Escape(name)}\\{{type=\"{Regex.Escape(type)}\",channel=\"{Regex.Escape(channel)}\"\\}} (\\S+)$",
            RegexOptions.Multiline);
        var match = line.Match(metrics);
        Assert.True(match.Success, $"no {name} line for {type} {channel} in:\n{metrics}");
        return double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }
}
