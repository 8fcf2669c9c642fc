using System.Text.Json.Nodes;
using System.Collections.Concurrent;
using Akka.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MovieSync.Actors.FileList;
using MovieSync.Actors.Schedule;
using MovieSync.Clients.FileList;
using MovieSync.Host.Home;
using MovieSync.Host.Hosting;
using MovieSync.Tests.Support;
using Xunit;
using static MovieSync.Messages.FileListCommands;

namespace MovieSync.Tests.Host;

/// <summary>
/// Edits of config.json while `run` runs: a new FileList passkey reaches the running account actor, a new download
/// window or limit the live schedule and the download window actor; a bad edit changes nothing and names the key.
/// </summary>
public sealed class ConfigWatcherSpecs : Akka.TestKit.Xunit2.TestKit
{
    private const string OldPasskey = "0123456789abcdef0123456789abcdef";
    private const string NewPasskey = "fedcba9876543210fedcba9876543210";

    private static void WithFileList(JsonObject config, string username, string passkey) =>
        config["filelist"] = new JsonObject { ["username"] = username, ["passkey"] = passkey };

    private static void Rewrite(TestHome home, Action<JsonObject> change)
    {
        var config = JsonNode.Parse(File.ReadAllText(home.ConfigFile))!.AsObject();
        change(config);
        File.WriteAllText(home.ConfigFile, config.ToJsonString());
    }

    [Fact]
    public async Task A_new_passkey_is_handed_to_the_account_and_a_bad_edit_or_another_username_is_ignored()
    {
        using var home = new TestHome(c => WithFileList(c, "alice", OldPasskey));
        var layout = new HomeLayout(home.Path);
        var started = layout.LoadOptions();
        var configured = new FileListAccount(started.FileList.BaseUrl, "alice", OldPasskey);
        var live = new LiveFileListCredentials();
        var registry = new ActorRegistry();
        registry.Register<FileListAccountActor>(TestActor);
        using var watcher = Watcher(layout, new FileListCredentialsReload(started, live, registry, NullLogger<FileListCredentialsReload>.Instance));
        await watcher.StartAsync(CancellationToken.None);

        Rewrite(home, c => WithFileList(c, "alice", NewPasskey));
        ExpectMsg<ReloadFileListCredentials>(TimeSpan.FromSeconds(10));
        Assert.Equal(NewPasskey, live.For(configured).Passkey);

        Rewrite(home, c => c["max_retries"] = -1); // does not validate: ignored
        Rewrite(home, c => { c["max_retries"] = 3; WithFileList(c, "alice", "not-a-passkey"); }); // the passkey alone does not validate
        Rewrite(home, c => { c["max_retries"] = 3; WithFileList(c, "bob", OldPasskey); }); // another account: needs a restart
        ExpectNoMsg(TimeSpan.FromSeconds(1));
        Assert.Equal(NewPasskey, live.For(configured).Passkey);

        File.WriteAllText(home.ConfigFile, "{ \"username\": "); // half-written
        ExpectNoMsg(TimeSpan.FromMilliseconds(800));
        Assert.Equal(NewPasskey, live.For(configured).Passkey);
    }

    [Fact]
    public async Task With_several_accounts_the_account_whose_passkey_changed_is_told_through_the_broker()
    {
        static void Accounts(JsonObject config, string secondPasskey) => config["filelist"] = new JsonObject
        {
            ["accounts"] = new JsonArray(
                new JsonObject { ["username"] = "alice", ["passkey"] = OldPasskey },
                new JsonObject { ["username"] = "bob", ["passkey"] = secondPasskey }),
        };

        using var home = new TestHome(c => Accounts(c, OldPasskey));
        var layout = new HomeLayout(home.Path);
        var started = layout.LoadOptions();
        var live = new LiveFileListCredentials();
        var registry = new ActorRegistry();
        registry.Register<FileListBroker>(TestActor);
        using var watcher = Watcher(layout, new FileListCredentialsReload(started, live, registry, NullLogger<FileListCredentialsReload>.Instance));
        await watcher.StartAsync(CancellationToken.None);

        Rewrite(home, c => Accounts(c, NewPasskey));
        Assert.Equal("bob", ExpectMsg<FileListBroker.ReloadCredentialsOf>(TimeSpan.FromSeconds(10)).Username);
        ExpectNoMsg(TimeSpan.FromMilliseconds(500)); // alice's credentials did not change
        Assert.Equal(NewPasskey, live.For(new FileListAccount(started.FileList.BaseUrl, "bob", OldPasskey)).Passkey);
        Assert.Equal(OldPasskey, live.For(new FileListAccount(started.FileList.BaseUrl, "alice", OldPasskey)).Passkey);
    }

    [Fact]
    public async Task A_new_window_or_limit_reaches_the_live_schedule_and_the_actor_and_a_bad_one_changes_nothing_naming_the_key()
    {
        using var home = new TestHome();
        var layout = new HomeLayout(home.Path);
        var started = layout.LoadOptions();
        var live = new LiveDownloadSchedule(DownloadSchedule.From(started));
        var registry = new ActorRegistry();
        registry.Register<DownloadWindowActor>(TestActor);
        var log = new LineLogger<ConfigWatcher>();
        var credentials = new FileListCredentialsReload(started, new LiveFileListCredentials(), registry, NullLogger<FileListCredentialsReload>.Instance);
        using var watcher = Watcher(layout, log, credentials, new DownloadScheduleReload(live, registry, NullLogger<DownloadScheduleReload>.Instance));
        await watcher.StartAsync(CancellationToken.None);

        Rewrite(home, c => c["schedule"] = new JsonObject { ["download_window"] = "01:00-07:00" });
        ExpectMsg<DownloadScheduleChanged>(TimeSpan.FromSeconds(10));
        Assert.Equal("01:00-07:00", live.Current.Window?.ToString());
        Assert.Null(live.Current.DownloadLimit);

        Rewrite(home, c => c["qbittorrent"] = new JsonObject { ["max_download_kbps"] = 512 });
        ExpectMsg<DownloadScheduleChanged>(TimeSpan.FromSeconds(10));
        Assert.Equal(512 * 1024, live.Current.DownloadLimit);
        Assert.Equal("01:00-07:00", live.Current.Window?.ToString());

        Rewrite(home, c => c["max_retries"] = 4); // neither the window nor the limit changed
        ExpectNoMsg(TimeSpan.FromSeconds(1));

        // Invalid edits, each read on its own: logged naming the key, nothing taken up.
        Rewrite(home, c => c["schedule"] = new JsonObject { ["download_window"] = "25:00-07:00" });
        await AwaitConditionAsync(() => Task.FromResult(log.Lines.Any(l => l.Contains("is not valid") && l.Contains("schedule.download_window"))),
            TimeSpan.FromSeconds(10));
        Rewrite(home, c => { c["schedule"] = new JsonObject { ["download_window"] = null }; c["qbittorrent"] = new JsonObject { ["max_download_kbps"] = -5 }; });
        await AwaitConditionAsync(() => Task.FromResult(log.Lines.Any(l => l.Contains("is not valid") && l.Contains("qbittorrent.max_download_kbps"))),
            TimeSpan.FromSeconds(10));
        ExpectNoMsg(TimeSpan.FromMilliseconds(500));
        Assert.Equal("01:00-07:00", live.Current.Window?.ToString());
        Assert.Equal(512 * 1024, live.Current.DownloadLimit);

        Rewrite(home, c => { c["schedule"] = new JsonObject { ["download_window"] = null }; c["qbittorrent"] = new JsonObject { ["max_download_kbps"] = 0 }; });
        ExpectMsg<DownloadScheduleChanged>(TimeSpan.FromSeconds(10));
        Assert.Null(live.Current.Window);
        Assert.Equal(0, live.Current.DownloadLimit);
    }

    private static ConfigWatcher Watcher(HomeLayout layout, params IConfigPart[] parts) =>
        Watcher(layout, NullLogger<ConfigWatcher>.Instance, parts);

    private static ConfigWatcher Watcher(HomeLayout layout, ILogger<ConfigWatcher> log, params IConfigPart[] parts) => new(layout, parts, log);

    /// <summary>Keeps every line logged, formatted.</summary>
    private sealed class LineLogger<T> : ILogger<T>
    {
        private readonly ConcurrentQueue<string> _lines = new();

        public IReadOnlyList<string> Lines => _lines.ToList();

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            _lines.Enqueue(formatter(state, exception));
    }
}
