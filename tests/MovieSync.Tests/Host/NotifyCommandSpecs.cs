using System.Text.Json.Nodes;
using MovieSync.Simulators.Notifications;
using MovieSync.Tests.Support;
using Xunit;

namespace MovieSync.Tests.Host;

/// <summary>`notify test`: one test message to every channel, each answer printed, exit 1 when any failed.</summary>
public sealed class NotifyCommandSpecs : IAsyncLifetime
{
    private const string BotToken = "987654:NOTIFY-TEST-SECRET";
    private FakeNotificationReceiver _hook = null!;
    private FakeNotificationReceiver _telegram = null!;
    private FakeNotificationReceiver _discord = null!;
    private FakeSmtpServer _smtp = null!;

    public async Task InitializeAsync()
    {
        _hook = await FakeNotificationReceiver.StartAsync();
        _telegram = await FakeNotificationReceiver.StartAsync(ReceiverShape.Telegram);
        _discord = await FakeNotificationReceiver.StartAsync(ReceiverShape.Discord);
        _smtp = new FakeSmtpServer();
    }

    public async Task DisposeAsync()
    {
        await _hook.DisposeAsync();
        await _telegram.DisposeAsync();
        await _discord.DisposeAsync();
        await _smtp.DisposeAsync();
    }

    private TestHome Home() => new(config => config["notifications"] = new JsonArray(
        new JsonObject { ["type"] = "webhook", ["url"] = _hook.Url("hook").ToString() },
        new JsonObject { ["type"] = "ntfy", ["url"] = _hook.Url("movies").ToString(), ["token"] = "tk_NOTIFY_TEST_ntfy" },
        new JsonObject { ["type"] = "telegram", ["bot_token"] = BotToken, ["chat_id"] = "42", ["api_url"] = _telegram.BaseUrl.ToString() },
        new JsonObject { ["type"] = "discord", ["webhook_url"] = _discord.Url("api/webhooks/1/x").ToString() },
        new JsonObject
        {
            ["type"] = "email", ["smtp_host"] = "127.0.0.1", ["smtp_port"] = _smtp.Port, ["security"] = "none",
            ["from"] = "moviesync@example.org", ["to"] = new JsonArray("me@example.org"),
        }));

    [Fact]
    public void Every_channel_gets_one_test_message_and_its_answer_is_printed()
    {
        using var home = Home();
        var (code, output) = MovieSyncProcess.Run("notify", "test", "--home", home.Path);

        Assert.True(code == 0, output);
        Assert.Equal(5, output.Split('\n').Count(l => l.StartsWith("✔ notifications[", StringComparison.Ordinal)));
        Assert.Contains("✔ notifications[2] telegram chat 42: accepted", output);
        Assert.Equal(2, _hook.Accepted.Count);
        Assert.Single(_telegram.Accepted);
        Assert.Single(_discord.Accepted);
        Assert.Contains("This is a test message from MovieSync", Assert.Single(_smtp.Mails).Data);
        Assert.DoesNotContain("NOTIFY-TEST-SECRET", output);
    }

    [Fact]
    public void A_channel_that_refuses_fails_the_command_without_showing_its_secret()
    {
        _telegram.AlwaysStatus = 401;
        using var home = Home();
        var (code, output) = MovieSyncProcess.Run("notify", "test", "--home", home.Path);

        Assert.Equal(1, code);
        Assert.Contains("✘ notifications[2] telegram chat 42: refused (check its settings): HTTP 401", output);
        Assert.Contains("✔ notifications[0] webhook", output);
        Assert.DoesNotContain("NOTIFY-TEST-SECRET", output);
    }

    [Fact]
    public void A_mistake_in_a_channel_is_named_with_exit_2()
    {
        using var home = new TestHome(config => config["notifications"] = new JsonArray(new JsonObject { ["type"] = "ntfy" }));
        var (code, output) = MovieSyncProcess.Run("notify", "test", "--home", home.Path);

        Assert.Equal(2, code);
        Assert.Contains("notifications[0].url: required", output);
    }
}
