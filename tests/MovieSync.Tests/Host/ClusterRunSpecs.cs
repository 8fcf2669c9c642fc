using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MovieSync.Simulators.Letterboxd;
using MovieSync.Simulators.Notifications;
using MovieSync.Specs;
using MovieSync.Tests.Support;
using Npgsql;
using Xunit;
using Xunit.Abstractions;

namespace MovieSync.Tests.Host;

/// <summary>
/// Three real `run` processes on loopback, each with its own home: a coordinator (PostgreSQL journal, no account of its
/// own) and two account nodes, each serving one FileList account that the fake FileList knows.
/// </summary>
public sealed class ClusterRunSpecs(ITestOutputHelper output) : IAsyncLifetime, IPostgreSqlSpec
{
    private const string Second = "second_account";
    private const string SecondPasskey = "aaaabbbbccccddddeeeeffff00001111";
    private readonly List<FakeFilm> _films = FakeFilm.Generated(40).ToList();
    private readonly ClusterNodes _nodes = new(output);
    private FakeServices _services = null!;
    private FakeNotificationReceiver _hook = null!;
    private TestDatabase? _database;

    public async Task InitializeAsync()
    {
        _database = TestPostgres.Server is null ? null : TestPostgres.CreateDatabase();
        _hook = await FakeNotificationReceiver.StartAsync();
        _services = await FakeServices.StartAsync(_films, listed: [], checkInterval: 1,
            otherAccounts: new Dictionary<string, string> { [Second] = SecondPasskey }, configure: config =>
            {
                // The coordinator serves no account itself: both are on the account nodes.
                config["filelist"] = new JsonObject { ["base_url"] = config["filelist"]!["base_url"]!.GetValue<string>() };
                config["cluster"] = _nodes.Cluster(_nodes.CoordinatorPort, "coordinator");
                // Notifications follow the journal on the coordinator, whichever node's account grabbed the film.
                config["notifications"] = new JsonArray(new JsonObject
                {
                    ["type"] = "webhook", ["url"] = _hook.Url("hook").ToString(), ["events"] = new JsonArray("grabbed"),
                });
                if (_database is not null)
                    config["journal"] = _database.ConfigSection;
            });
    }

    public async Task DisposeAsync()
    {
        _nodes.Dispose();
        await _services.DisposeAsync();
        await _hook.DisposeAsync();
        _database?.Dispose();
    }

    [JournalFact]
    public async Task Two_account_nodes_share_the_work_survive_a_rejection_and_a_killed_node_and_the_killed_node_rejoins()
    {
        var first = _services.FileList.Username;
        var firstPasskey = _services.FileList.Passkey;
        var firstHome = _nodes.AccountHome(_services.FileList.BaseUrl, first, firstPasskey, out var firstPort);
        var secondHome = _nodes.AccountHome(_services.FileList.BaseUrl, Second, SecondPasskey, out var secondPort);

        var coordinator = _nodes.Start("coordinator", _services.Run(letterboxdDelayMs: 0));
        var firstNode = _nodes.Start("first node", ["run", "--home", firstHome.Path]);
        var secondNode = _nodes.Start("second node", ["run", "--home", secondHome.Path]);

        // 1. Once both accounts are registered (a node may need a second join attempt on a loaded machine), twenty
        //    films, each grabbed once, through both accounts.
        await _services.WaitUntil(() => ClusterNodes.Accounts(_services.Home) is var rows &&
                                         new[] { first, Second }.All(a => rows.TryGetValue(a, out var row) && row.GetProperty("state").GetString() == "ok"),
            coordinator, seconds: 90);
        _services.Letterboxd.AddFilms(FakeServices.User, _films.Take(20));
        await _services.WaitUntil(() => _services.QBittorrent.TorrentCount == 20, coordinator);
        Assert.True(_services.FileList.DownloadsBy(first) > 0 && _services.FileList.DownloadsBy(Second) > 0,
            $"downloads: {first} {_services.FileList.DownloadsBy(first)}, {Second} {_services.FileList.DownloadsBy(Second)}");
        var accounts = ClusterNodes.Accounts(_services.Home);
        Assert.Equal($"127.0.0.1:{firstPort}", accounts[first].GetProperty("node").GetString());
        Assert.Equal($"127.0.0.1:{secondPort}", accounts[Second].GetProperty("node").GetString());

        // 2. The second node is killed while FileList holds one of its .torrent downloads: the first account finishes.
        _services.FileList.HoldDownloadsOf(Second);
        _services.Letterboxd.AddFilms(FakeServices.User, _films.Skip(20).Take(10));
        await _services.WaitUntil(() => _services.FileList.DownloadsWaiting > 0, coordinator);
        secondNode.KillHard();
        var secondDownloads = _services.FileList.DownloadsBy(Second);
        await _services.WaitUntil(() => _services.QBittorrent.TorrentCount == 30, coordinator);
        Assert.Equal(secondDownloads, _services.FileList.DownloadsBy(Second));
        Assert.Equal(30, _services.QBittorrent.AddRequests);
        _services.FileList.ReleaseDownloads();

        // 3. Started again, the killed node rejoins and its account serves again.
        _nodes.Start("second node, restarted", ["run", "--home", secondHome.Path]);
        await _services.WaitUntil(() => ClusterNodes.Accounts(_services.Home).TryGetValue(Second, out var row) && row.GetProperty("state").GetString() == "ok" &&
                                         row.GetProperty("node").GetString() == $"127.0.0.1:{secondPort}", coordinator, seconds: 90);

        // 4. FileList rejects the first account's passkey: the second carries on alone.
        _services.FileList.Passkey = "ffffffffffffffffffffffffffffffff";
        var firstDownloads = _services.FileList.DownloadsBy(first);
        _services.Letterboxd.AddFilms(FakeServices.User, _films.Skip(30));
        await _services.WaitUntil(() => _services.QBittorrent.TorrentCount == 40, coordinator);
        Assert.Equal(firstDownloads, _services.FileList.DownloadsBy(first));
        Assert.Equal(40, _services.QBittorrent.AddRequests);
        await _services.WaitUntil(() => ClusterNodes.Accounts(_services.Home)[first].GetProperty("state").GetString() == "credentials_rejected", coordinator);

        // One grabbed notification per film, from the coordinator, with the film's title.
        await _services.WaitUntil(() => _hook.Accepted.Count >= 40, coordinator);
        var grabbed = _hook.Accepted.Select(r => JsonDocument.Parse(r.Body).RootElement).ToList();
        Assert.Equal(40, grabbed.Select(g => g.GetProperty("delivery_id").GetString()).Distinct().Count());
        Assert.Equal(_films.Select(f => f.Title).Order(), grabbed.Select(g => g.GetProperty("movie").GetProperty("title").GetString()).Order());

        var (statusCode, status) = MovieSyncProcess.Run(["status", "--json", "--home", _services.Home.Path]);
        Assert.True(statusCode == 0, status);
        var (accountsCode, accountsJson) = MovieSyncProcess.Run(["accounts", "--json", "--home", _services.Home.Path]);
        Assert.True(accountsCode == 0, accountsJson);
        coordinator.Terminate();
        Assert.Equal(0, coordinator.WaitForExit(TimeSpan.FromSeconds(60)));
        // Left without a coordinator, an account node stops (exit 1) so that, started again, it joins the next one.
        Assert.Equal(1, firstNode.WaitForExit(TimeSpan.FromSeconds(30)));
        Assert.Contains("the coordinator left the cluster", firstNode.Output);

        // No passkey in the coordinator's output, API answers or journal.
        var seen = coordinator.Output + status + accountsJson + JournalText() + string.Concat(_hook.Requests.Select(r => r.Body));
        foreach (var secret in new[] { firstPasskey, SecondPasskey })
            Assert.DoesNotContain(secret, seen, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("registered with the broker", coordinator.Output);
    }

    [Fact]
    public void Check_config_on_an_account_node_checks_its_first_FileList_account_and_not_the_coordinators_services()
    {
        var home = _nodes.AccountHome(_services.FileList.BaseUrl, _services.FileList.Username, _services.FileList.Passkey, out _);

        var (code, text) = MovieSyncProcess.Run(["check-config", "--home", home.Path]);

        Assert.True(code == 0, text);
        Assert.Contains("this node only serves FileList accounts", text);
        Assert.Contains($"FileList credentials of '{_services.FileList.Username}' accepted", text);
        Assert.DoesNotContain("qBittorrent", text.Replace("Letterboxd and qBittorrent are the coordinator's", ""));
        Assert.Equal(1, _services.FileList.SearchRequests);
    }

    [Fact]
    public void A_non_loopback_listen_without_a_certificate_is_refused_naming_the_key()
    {
        using var home = new TestHome(config =>
        {
            config["filelist"] = new JsonObject { ["username"] = "u1", ["passkey"] = new string('a', 32) };
            config["cluster"] = new JsonObject { ["listen"] = "0.0.0.0:4053", ["public_hostname"] = "node1.lan", ["seed_nodes"] = new JsonArray("node1.lan:4053") };
        });
        var (code, text) = MovieSyncProcess.Run(["run", "--home", home.Path]);
        Assert.Equal(2, code);
        Assert.Contains("cluster.tls.certificate", text);
    }

    /// <summary>Every event and snapshot in the coordinator's journal, as text.</summary>
    private string JournalText()
    {
        var text = new StringBuilder();
        if (_database is null)
        {
            text.Append(Encoding.UTF8.GetString(File.ReadAllBytes(_services.Home.JournalFile)));
            return text.ToString();
        }

        using var connection = new NpgsqlConnection(_database.ConnectionString);
        connection.Open();
        foreach (var table in new[] { "journal", "snapshot" })
        {
            using var command = new NpgsqlCommand($"SELECT * FROM {table}", connection);
            using var reader = command.ExecuteReader();
            while (reader.Read())
                for (var i = 0; i < reader.FieldCount; i++)
                    text.Append(reader.GetValue(i) is byte[] bytes ? Encoding.UTF8.GetString(bytes) : reader.GetValue(i)?.ToString()).Append(' ');
        }

        return text.ToString();
    }
}
