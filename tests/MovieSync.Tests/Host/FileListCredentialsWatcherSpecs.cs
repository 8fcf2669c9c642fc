using System.Text.Json.Nodes;
using Akka.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using MovieSync.Actors.FileList;
using MovieSync.Clients.FileList;
using MovieSync.Host.Home;
using MovieSync.Host.Hosting;
using MovieSync.Tests.Support;
using Xunit;
using static MovieSync.Messages.FileListCommands;

namespace MovieSync.Tests.Host;

/// <summary>A new FileList passkey in config.json reaches the running account actor; a bad edit changes nothing.</summary>
public sealed class FileListCredentialsWatcherSpecs : Akka.TestKit.Xunit2.TestKit
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
        using var watcher = new FileListCredentialsWatcher(layout, started, live, registry, NullLogger<FileListCredentialsWatcher>.Instance);
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
        using var watcher = new FileListCredentialsWatcher(layout, started, live, registry, NullLogger<FileListCredentialsWatcher>.Instance);
        await watcher.StartAsync(CancellationToken.None);

        Rewrite(home, c => Accounts(c, NewPasskey));
        Assert.Equal("bob", ExpectMsg<FileListBroker.ReloadCredentialsOf>(TimeSpan.FromSeconds(10)).Username);
        ExpectNoMsg(TimeSpan.FromMilliseconds(500)); // alice's credentials did not change
        Assert.Equal(NewPasskey, live.For(new FileListAccount(started.FileList.BaseUrl, "bob", OldPasskey)).Passkey);
        Assert.Equal(OldPasskey, live.For(new FileListAccount(started.FileList.BaseUrl, "alice", OldPasskey)).Passkey);
    }
}
