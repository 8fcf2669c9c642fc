using System.Text.Json.Nodes;
using MovieSync.Actors.Hosting;
using MovieSync.Host.Journal;
using MovieSync.Messages;
using MovieSync.Simulators.FileList;
using MovieSync.Simulators.Letterboxd;
using MovieSync.Simulators.QBittorrent;
using MovieSync.Tests.Support;
using Xunit;
using Xunit.Abstractions;
using static MovieSync.Messages.CoordinatorEvents;
using static MovieSync.Messages.MovieEvents;

namespace MovieSync.Tests.Host;

/// <summary>
/// The real `run` against fake Letterboxd, FileList and qBittorrent servers, killed with SIGKILL three times during the
/// first sync of a 60-film watchlist: every film ends tracked and grabbed exactly once.
/// </summary>
public sealed class FirstSyncCrashSpecs(ITestOutputHelper output) : IAsyncLifetime
{
    private const string User = "crash_user";
    private readonly List<FakeFilm> _films = FakeFilm.Generated(60).ToList();
    private FakeLetterboxd _letterboxd = null!;
    private FakeFileList _fileList = null!;
    private FakeQBittorrent _qbittorrent = null!;
    private TestHome _home = null!;

    public async Task InitializeAsync()
    {
        _letterboxd = await FakeLetterboxd.StartAsync();
        _letterboxd.SetWatchlist(User, _films);
        _fileList = await FakeFileList.StartAsync(new FakeFileListOptions
        {
            RequestsPerHour = 1000,
            Torrents = _films.Select((f, i) => new FakeTorrent(70_000_000 + i, $"{f.Title.Replace(' ', '.')}.{f.Year}.1080p.BluRay.x264-GRP",
                f.ImdbId, 4, FakeTorrent.Gb(2), 50)).ToList(),
        });
        _home = new TestHome();
        _qbittorrent = await FakeQBittorrent.StartAsync(new FakeQBittorrentOptions { DefaultSavePath = _home.Downloads });
        var config = JsonNode.Parse(File.ReadAllText(_home.ConfigFile))!.AsObject();
        config["username"] = User;
        config["letterboxd"] = new JsonObject { ["base_url"] = _letterboxd.BaseUrl.ToString() };
        config["filelist"] = new JsonObject
        {
            ["base_url"] = _fileList.BaseUrl.ToString(), ["username"] = _fileList.Username, ["passkey"] = _fileList.Passkey,
            ["requests_per_hour"] = 1000,
        };
        config["qbittorrent"] = new JsonObject
        {
            ["url"] = _qbittorrent.BaseUrl.ToString(), ["username"] = "admin", ["password"] = "adminadmin", ["save_path"] = _home.Downloads,
        };
        File.WriteAllText(_home.ConfigFile, config.ToJsonString());
    }

    public async Task DisposeAsync()
    {
        await _letterboxd.DisposeAsync();
        await _fileList.DisposeAsync();
        await _qbittorrent.DisposeAsync();
        _home.Dispose();
    }

    [Fact]
    public async Task Killed_three_times_during_a_first_sync_every_film_is_tracked_and_grabbed_exactly_once()
    {
        string[] run = ["run", "--home", _home.Path, "--letterboxd-request-delay-ms", "40"];
        foreach (var killAtRequest in new[] { 12, 30, 48 }) // a first sync takes ~65 requests: 3 pages and 60 film pages
        {
            using var life = MovieSyncProcess.Start(run);
            await WaitUntil(() => _letterboxd.TotalRequests >= killAtRequest, life);
            life.KillHard();
            life.WaitForExit(TimeSpan.FromSeconds(10));
            output.WriteLine($"--- killed at {killAtRequest} Letterboxd requests:\n{life.Output}");
            Assert.True(_qbittorrent.TorrentCount < _films.Count, "the kill came before the first sync was over");
        }

        using (var last = MovieSyncProcess.Start(run))
        {
            await WaitUntil(() => _qbittorrent.TorrentCount == _films.Count, last);
            await Task.Delay(TimeSpan.FromSeconds(1)); // room for a second add, were there one
            last.Terminate();
            Assert.Equal(0, last.WaitForExit(TimeSpan.FromSeconds(30)));
            output.WriteLine(last.Output);
        }

        Assert.Equal(_films.Count, _qbittorrent.AddRequests);
        await using var journal = JournalReader.Open(JournalOptions.Sqlite(_home.JournalFile).ConnectionString);
        var all = (await journal.AllEventsAsync()).Select(e => e.Event).ToList();
        foreach (var film in _films)
        {
            var id = MovieId.Parse(film.ImdbId!);
            Assert.Single(all.OfType<MovieTracked>(), t => t.MovieId == id);
            var events = (await journal.MovieEventsAsync(id)).Select(e => e.Event).ToList();
            Assert.Single(events.OfType<MovieQueued>());
            Assert.Single(events.OfType<TorrentAdded>());
            Assert.Empty(events.OfType<AttemptFailed>());
        }
    }

    private string Missing() => string.Join(", ", _fileList.Torrents.Where(t => !_qbittorrent.HasTorrent(FakeFileList.InfoHashOf(t))).Select(t => t.ImdbId));

    private async Task WaitUntil(Func<bool> condition, MovieSyncProcess process)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
        while (!condition())
        {
            if (process.HasExited)
                throw new InvalidOperationException($"moviesync exited early:\n{process.Output}");
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"condition not met within 120 s; {_qbittorrent.TorrentCount} torrents, {_qbittorrent.AddRequests} adds; not in qBittorrent: {Missing()}\n{process.Output}");
            await Task.Delay(50);
        }
    }
}
