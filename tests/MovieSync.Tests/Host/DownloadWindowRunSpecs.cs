using System.Globalization;
using System.Text.Json.Nodes;
using MovieSync.Clients.QBittorrent;
using MovieSync.Simulators.FileList;
using MovieSync.Simulators.Letterboxd;
using MovieSync.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace MovieSync.Tests.Host;

/// <summary>
/// The download window in the real `run` against the fake qBittorrent. The host process has no controllable clock, so
/// the windows are set relative to the real local time and changed by editing config.json while `run` runs: a window
/// hours away (closed for the whole spec), then one opening at the next full minute (its start is a real edge the
/// host's timer crosses), then a closed one again. MovieSync's torrents are added paused, resumed at the edge and paused
/// again at once; the download limit edited meanwhile lands on them; torrents of another category are never touched.
/// </summary>
public sealed class DownloadWindowRunSpecs(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly List<FakeFilm> _films = FakeFilm.Generated(2).ToList();
    private FakeServices _services = null!;
    private QBittorrentClient _client = null!;

    public async Task InitializeAsync()
    {
        _services = await FakeServices.StartAsync(_films, listed: _films, configure: config =>
            config["schedule"] = new JsonObject { ["download_window"] = ClosedWindow() });
        _client = new QBittorrentClient(new QBittorrentConnection(_services.QBittorrent.BaseUrl, "admin", "adminadmin"));
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _services.DisposeAsync();
    }

    [Fact]
    public async Task Torrents_are_added_paused_outside_the_window_resumed_at_its_start_and_paused_when_it_closes_and_only_movie_syncs()
    {
        var foreignRunning = await AddForeignAsync(1, paused: false);
        var foreignPaused = await AddForeignAsync(2, paused: true);
        var own = _services.FileList.Torrents.Select(FakeFileList.InfoHashOf).ToList();
        using var run = MovieSyncProcess.Start(_services.Run(letterboxdDelayMs: 0));

        // Outside the window: both films are added paused.
        await _services.WaitUntil(() => _services.QBittorrent.TorrentCount == 4, run, seconds: 60);
        await _services.WaitUntil(async () => (await StatesAsync(own)).All(IsPaused), run, seconds: 30);
        await _services.WaitUntil(() => run.Output.Contains("added paused, outside the download window"), run, seconds: 30);

        // A window that opens at the next full minute (at least 15 s away) and a limit, saved while `run` runs.
        var now = DateTime.Now;
        var start = new DateTime(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, DateTimeKind.Local).AddMinutes(now.Second < 45 ? 1 : 2);
        Rewrite(config =>
        {
            config["schedule"] = new JsonObject { ["download_window"] = $"{Hhmm(start)}-{Hhmm(start.AddHours(1))}" };
            config["qbittorrent"]!["max_download_kbps"] = 300;
        });
        await _services.WaitUntil(async () => (await LimitsAsync(own)).All(l => l == 300 * 1024), run, seconds: 30);
        if (DateTime.Now < start.AddSeconds(-2))
            Assert.All(await StatesAsync(own), s => Assert.True(IsPaused(s), $"resumed before the window opens: {s}"));
        // The log line follows the change it reports: wait for it rather than race it.
        await _services.WaitUntil(() => run.Output.Contains($"config.json has a new schedule.download_window: {Hhmm(start)}-{Hhmm(start.AddHours(1))}"),
            run, seconds: 30);

        // The host's own timer crosses the window's start: they resume.
        await _services.WaitUntil(async () => !(await StatesAsync(own)).Any(IsPaused), run, seconds: 100);
        output.WriteLine($"resumed {(DateTime.Now - start).TotalSeconds:0.0} s after the window's start");
        Assert.True(DateTime.Now >= start.AddSeconds(-1), "resumed only once the window opened");
        await _services.WaitUntil(() => run.Output.Contains($"Download window {Hhmm(start)}-{Hhmm(start.AddHours(1))} is open: resumed 2 MovieSync torrent(s)"),
            run, seconds: 30);

        // A closed window saved again: paused at once, not at some later edge.
        Rewrite(config => config["schedule"] = new JsonObject { ["download_window"] = ClosedWindow() });
        await _services.WaitUntil(async () => (await StatesAsync(own)).All(IsPaused), run, seconds: 30);

        // Another category's torrents kept their state and have no limit.
        Assert.False(IsPaused((await _client.FindTorrentAsync(foreignRunning))!.State));
        Assert.True(IsPaused((await _client.FindTorrentAsync(foreignPaused))!.State));
        Assert.Equal(0, (await _client.FindTorrentAsync(foreignRunning))!.DownloadLimit);
        Assert.Equal(0, (await _client.FindTorrentAsync(foreignPaused))!.DownloadLimit);

        run.Terminate();
        Assert.Equal(0, run.WaitForExit(TimeSpan.FromSeconds(30)));
        output.WriteLine(run.Output);
    }

    /// <summary>A window hours away from now, so it stays closed while the spec runs.</summary>
    private static string ClosedWindow() => $"{Hhmm(DateTime.Now.AddHours(6))}-{Hhmm(DateTime.Now.AddHours(7))}";

    private static string Hhmm(DateTime local) => local.ToString("HH:mm", CultureInfo.InvariantCulture);

    private static bool IsPaused(string state) =>
        state.StartsWith("paused", StringComparison.Ordinal) || state.StartsWith("stopped", StringComparison.Ordinal);

    private async Task<string> AddForeignAsync(int id, bool paused)
    {
        var torrent = new FakeTorrent(90_000_000 + id, $"Some.Show.S01E0{id}.1080p.WEB-GRP", null, 21, FakeTorrent.Gb(1), 10);
        Assert.True(await _client.AddTorrentAsync(FakeTorrentFiles.Build(torrent, "http://tracker.invalid/announce"),
            new TorrentAddOptions { Category = "tv", Tags = ["moviesync"], Paused = paused }));
        return FakeFileList.InfoHashOf(torrent);
    }

    private async Task<IReadOnlyList<string>> StatesAsync(IEnumerable<string> hashes) =>
        (await _client.GetTorrentsAsync(hashes: hashes.ToList())).Select(t => t.State).ToList();

    private async Task<IReadOnlyList<long>> LimitsAsync(IEnumerable<string> hashes) =>
        (await _client.GetTorrentsAsync(hashes: hashes.ToList())).Select(t => t.DownloadLimit).ToList();

    private void Rewrite(Action<JsonObject> change)
    {
        var config = JsonNode.Parse(File.ReadAllText(_services.Home.ConfigFile))!.AsObject();
        change(config);
        File.WriteAllText(_services.Home.ConfigFile, config.ToJsonString());
    }
}
