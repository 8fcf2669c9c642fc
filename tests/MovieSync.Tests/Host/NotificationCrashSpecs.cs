using System.Text.Json;
using System.Text.Json.Nodes;
using MovieSync.Actors.Adapters.Simulation;
using MovieSync.Actors.Hosting;
using MovieSync.Host.Journal;
using MovieSync.Messages;
using MovieSync.Simulators.Notifications;
using MovieSync.Tests.Support;
using Xunit;
using Xunit.Abstractions;
using static MovieSync.Messages.NotificationEvents;

namespace MovieSync.Tests.Host;

/// <summary>
/// `run` as a real process with a webhook channel: killed with SIGKILL after a notification was journaled and before
/// its channel accepted it, then started again: the notification arrives once, with the delivery id it had before.
/// </summary>
public sealed class NotificationCrashSpecs(ITestOutputHelper output) : IAsyncLifetime
{
    private FakeNotificationReceiver _hook = null!;
    private TestHome _home = null!;

    public async Task InitializeAsync()
    {
        _hook = await FakeNotificationReceiver.StartAsync();
        _home = new TestHome(config => config["notifications"] = new JsonArray(
            new JsonObject { ["type"] = "webhook", ["url"] = _hook.Url("hook").ToString(), ["events"] = new JsonArray("grabbed", "completed") }));
    }

    public async Task DisposeAsync()
    {
        await _hook.DisposeAsync();
        _home.Dispose();
    }

    [Fact]
    public async Task A_notification_journaled_before_a_SIGKILL_is_delivered_after_the_restart_with_the_same_delivery_id()
    {
        var planFile = _home.FileNamed("plan.json");
        new SimulationPlan([new SimulatedMovie("tt0133093", "The Matrix", 1999), new SimulatedMovie("tt0078748", "Alien", 1979)],
            GrabSeconds: 0.2, DownloadSeconds: 1, _home.FileNamed("ledger.txt"), _home.Downloads).Save(planFile);
        string[] run = ["run", "--home", _home.Path, "--simulation", planFile];
        _hook.AlwaysStatus = 503;

        string before;
        using (var first = MovieSyncProcess.Start(run))
        {
            // The receiver has seen a try: the notification is journaled (its outbox sends only what it journaled).
            await WaitUntil(() => _hook.Requests.Count >= 1, first);
            before = _hook.Requests[0].Header("X-MovieSync-Delivery")!;
            first.KillHard();
            first.WaitForExit(TimeSpan.FromSeconds(10));
            output.WriteLine(first.Output);
        }

        _hook.AlwaysStatus = null;
        using (var second = MovieSyncProcess.Start(run))
        {
            // Two films, each grabbed and completed: four notifications in all.
            await WaitUntil(() => _hook.Accepted.Count >= 4, second);
            // The API shows the channel: everything delivered, nothing waiting, no error.
            var api = MovieSync.Host.Home.RunLock.FindRunningHost(_home.Path)?.ApiUrl ?? throw new InvalidOperationException("no running host");
            using (var http = new HttpClient { BaseAddress = api, Timeout = TimeSpan.FromSeconds(20) })
            {
                JsonElement channel = default;
                for (var deadline = DateTime.UtcNow.AddSeconds(30); DateTime.UtcNow < deadline; await Task.Delay(100))
                {
                    channel = Assert.Single(JsonDocument.Parse(await http.GetStringAsync("/api/notifications")).RootElement.EnumerateArray());
                    if (channel.GetProperty("delivered").GetInt32() == 4)
                        break;
                }

                Assert.Equal("webhook", channel.GetProperty("type").GetString());
                Assert.Equal((0, 4), (channel.GetProperty("waiting").GetInt32(), channel.GetProperty("delivered").GetInt32()));
                Assert.Equal(JsonValueKind.Null, channel.GetProperty("last_error").ValueKind);
            }

            second.Terminate();
            Assert.Equal(0, second.WaitForExit(TimeSpan.FromSeconds(30)));
            output.WriteLine(second.Output);
        }

        var accepted = _hook.Accepted.Select(r => r.Header("X-MovieSync-Delivery")!).ToList();
        Assert.Contains(before, accepted);
        Assert.Equal(accepted.Count, accepted.Distinct().Count());
        Assert.Equal(4, accepted.Count);
        var kinds = _hook.Accepted.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("event").GetString()).Order().ToList();
        Assert.Equal(["completed", "completed", "grabbed", "grabbed"], kinds);
        // Every try of one notification, before and after the crash, carried its one id; the journal raised each once.
        Assert.All(_hook.Requests, r => Assert.Contains(r.Header("X-MovieSync-Delivery"), accepted));
        await using var journal = JournalReader.Open(JournalOptions.Sqlite(_home.JournalFile));
        var raised = (await journal.AllEventsAsync()).Where(e => e.PersistenceId == "notifier").Select(e => e.Event)
            .OfType<NotificationRaised>().Select(r => r.Notification.DeliveryId).ToList();
        Assert.Equal(accepted.Order(), raised.Order());
    }

    private static async Task WaitUntil(Func<bool> condition, MovieSyncProcess process, int seconds = 90)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(seconds);
        while (!condition())
        {
            if (process.HasExited)
                throw new InvalidOperationException($"moviesync exited early:\n{process.Output}");
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"condition not met within {seconds} s:\n{process.Output}");
            await Task.Delay(50);
        }
    }
}
