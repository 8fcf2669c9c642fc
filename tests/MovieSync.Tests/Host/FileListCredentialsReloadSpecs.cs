using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MovieSync.Simulators.Letterboxd;
using MovieSync.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace MovieSync.Tests.Host;

/// <summary>
/// The real `run` with a passkey the fake FileList rejects: the films wait; a config.json that does not validate (not
/// JSON, a passkey of the wrong shape) is logged and ignored; the good passkey saved in config.json is taken up without
/// a restart and the waiting films are grabbed at once (the next probe of the old credentials would be a minute away);
/// a bad edit afterwards leaves the good passkey in use.
/// </summary>
public sealed class FileListCredentialsReloadSpecs(ITestOutputHelper output) : IAsyncLifetime
{
    private const string RejectedPasskey = "ffffeeeeddddccccbbbbaaaa99998888";
    private const string NotIgnored = "config.json changed but is not valid, so the change is ignored and the running settings stay";
    private readonly List<FakeFilm> _films = FakeFilm.Generated(5).ToList();
    private FakeServices _services = null!;

    public async Task InitializeAsync() => _services = await FakeServices.StartAsync(_films, listed: _films.Take(3), checkInterval: 2);

    public async Task DisposeAsync() => await _services.DisposeAsync();

    [Fact]
    public async Task A_good_passkey_saved_in_config_json_is_taken_up_by_the_running_host_and_bad_edits_are_ignored()
    {
        var goodPasskey = _services.FileList.Passkey;
        Rewrite(config => config["filelist"]!["passkey"] = RejectedPasskey);
        using var run = MovieSyncProcess.Start(_services.Run(letterboxdDelayMs: 0));
        await _services.WaitUntil(() => run.Output.Contains("FileList rejected the credentials of account"), run);
        var rejectedRequests = _services.FileList.SearchRequests;
        Assert.InRange(rejectedRequests, 1, 3); // the films' first searches; then all wait for the pause

        File.WriteAllText(_services.Home.ConfigFile, "{ \"username\": "); // an editor's half-written save
        await _services.WaitUntil(() => Count(run.Output, NotIgnored) == 1, run, seconds: 30);
        Rewrite(config => config["filelist"]!["passkey"] = "not-a-passkey");
        await _services.WaitUntil(() => Count(run.Output, NotIgnored) == 2, run, seconds: 30);
        Assert.Contains("filelist.passkey", run.Output[run.Output.LastIndexOf(NotIgnored, StringComparison.Ordinal)..]);
        Assert.Equal(0, _services.QBittorrent.TorrentCount);
        Assert.DoesNotContain("config.json has new FileList credentials", run.Output);

        var savedAt = DateTime.UtcNow;
        Rewrite(config => config["filelist"]!["passkey"] = goodPasskey);
        // Woken by the new credentials: well before the minute after which the films' own timers would try again.
        await _services.WaitUntil(() => _services.QBittorrent.TorrentCount == 3, run, seconds: 30);
        output.WriteLine($"grabbed {DateTime.UtcNow - savedAt} after the good passkey was saved");
        Assert.Contains($"config.json has new FileList credentials for {_services.FileList.Username}: the account uses them from now on", run.Output);
        Assert.Contains($"New FileList credentials for {_services.FileList.Username}: FileList work resumes", run.Output);

        // A bad edit now changes nothing: films added to the watchlist are grabbed with the good passkey still in use.
        Rewrite(config => config["filelist"]!["passkey"] = "0123");
        await _services.WaitUntil(() => Count(run.Output, NotIgnored) == 3, run, seconds: 30);
        _services.Letterboxd.AddFilms(FakeServices.User, _films.Skip(3));
        await _services.WaitUntil(() => _services.QBittorrent.TorrentCount == _films.Count, run, seconds: 60);

        run.Terminate();
        Assert.Equal(0, run.WaitForExit(TimeSpan.FromSeconds(30)));
        output.WriteLine(run.Output);
        Assert.Equal(_films.Count, _services.QBittorrent.AddRequests);
        Assert.DoesNotContain(goodPasskey, run.Output, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(RejectedPasskey, run.Output, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>config.json as the spec last wrote it whole (the file itself may be half-written on purpose).</summary>
    private JsonObject? _config;

    private void Rewrite(Action<JsonObject> change)
    {
        _config ??= JsonNode.Parse(File.ReadAllText(_services.Home.ConfigFile))!.AsObject();
        change(_config);
        File.WriteAllText(_services.Home.ConfigFile, _config.ToJsonString());
    }

    private static int Count(string text, string what) => Regex.Matches(text, Regex.Escape(what)).Count;
}
