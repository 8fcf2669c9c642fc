using System.Text.Json.Nodes;
using MovieSync.Simulators.FileList;
using MovieSync.Simulators.Letterboxd;
using MovieSync.Simulators.QBittorrent;

namespace MovieSync.Tests.Support;

/// <summary>
/// Fake Letterboxd, FileList and qBittorrent servers on loopback, and a home whose config.json points `run` at them:
/// a watchlist of generated films, each with one acceptable torrent on FileList.
/// </summary>
public sealed class FakeServices : IAsyncDisposable
{
    public const string User = "fake_user";

    private FakeServices(FakeLetterboxd letterboxd, FakeFileList fileList, FakeQBittorrent qbittorrent, TestHome home)
    {
        Letterboxd = letterboxd;
        FileList = fileList;
        QBittorrent = qbittorrent;
        Home = home;
    }

    public FakeLetterboxd Letterboxd { get; }

    public FakeFileList FileList { get; }

    public FakeQBittorrent QBittorrent { get; }

    public TestHome Home { get; }

    /// <summary>
    /// Starts the fakes with <paramref name="films"/> on FileList (the watchlist starts with <paramref name="listed"/>);
    /// with <paramref name="otherAccounts"/> (username to passkey) FileList knows them too and config.json lists every
    /// account in <c>filelist.accounts</c>.
    /// </summary>
    /// <param name="configure">Further changes to config.json (its journal section, say).</param>
    public static async Task<FakeServices> StartAsync(IReadOnlyList<FakeFilm> films, IEnumerable<FakeFilm> listed, int checkInterval = 3600,
        string? homeUnder = null, IReadOnlyDictionary<string, string>? otherAccounts = null, Action<JsonObject>? configure = null)
    {
        var letterboxd = await FakeLetterboxd.StartAsync();
        letterboxd.SetWatchlist(User, listed);
        foreach (var film in films)
            letterboxd.AddFilmPage(film);
        var fileList = await FakeFileList.StartAsync(new FakeFileListOptions
        {
            RequestsPerHour = 1000,
            OtherAccounts = otherAccounts,
            Torrents = films.Select((f, i) => new FakeTorrent(70_000_000 + i, $"{f.Title.Replace(' ', '.')}.{f.Year}.1080p.BluRay.x264-GRP",
                f.ImdbId, 4, FakeTorrent.Gb(2), 50)).ToList(),
        });
        var home = new TestHome(under: homeUnder);
        var qbittorrent = await FakeQBittorrent.StartAsync(new FakeQBittorrentOptions { DefaultSavePath = home.Downloads });
        var config = JsonNode.Parse(File.ReadAllText(home.ConfigFile))!.AsObject();
        config["username"] = User;
        config["check_interval"] = checkInterval;
        config["letterboxd"] = new JsonObject { ["base_url"] = letterboxd.BaseUrl.ToString() };
        config["filelist"] = otherAccounts is null
            ? new JsonObject
            {
                ["base_url"] = fileList.BaseUrl.ToString(), ["username"] = fileList.Username, ["passkey"] = fileList.Passkey,
                ["requests_per_hour"] = 1000,
            }
            : new JsonObject
            {
                ["base_url"] = fileList.BaseUrl.ToString(),
                ["accounts"] = new JsonArray(new[] { (fileList.Username, fileList.Passkey) }.Concat(otherAccounts.Select(a => (a.Key, a.Value)))
                    .Select(a => (JsonNode)new JsonObject { ["username"] = a.Item1, ["passkey"] = a.Item2, ["requests_per_hour"] = 1000 })
                    .ToArray()),
            };
        config["qbittorrent"] = new JsonObject
        {
            ["url"] = qbittorrent.BaseUrl.ToString(), ["username"] = "admin", ["password"] = "adminadmin", ["save_path"] = home.Downloads,
        };
        configure?.Invoke(config);
        File.WriteAllText(home.ConfigFile, config.ToJsonString());
        return new FakeServices(letterboxd, fileList, qbittorrent, home);
    }

    /// <summary>`run` on this home, with Letterboxd's politeness pause shortened to <paramref name="letterboxdDelayMs"/>.</summary>
    public string[] Run(int letterboxdDelayMs = 40) => ["run", "--home", Home.Path, "--letterboxd-request-delay-ms", letterboxdDelayMs.ToString()];

    /// <summary>The films whose torrent qBittorrent lacks, by IMDb id (for failure messages).</summary>
    public string Missing() =>
        string.Join(", ", FileList.Torrents.Where(t => !QBittorrent.HasTorrent(FakeFileList.InfoHashOf(t))).Select(t => t.ImdbId));

    /// <summary>Waits for <paramref name="condition"/> while <paramref name="process"/> runs; the failure says what is missing.</summary>
    public Task WaitUntil(Func<bool> condition, MovieSyncProcess process, int seconds = 120) =>
        WaitUntil(() => Task.FromResult(condition()), process, seconds);

    /// <summary>Waits for <paramref name="condition"/> (an HTTP read, say) while <paramref name="process"/> runs.</summary>
    public async Task WaitUntil(Func<Task<bool>> condition, MovieSyncProcess process, int seconds = 120)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(seconds);
        while (!await condition())
        {
            if (process.HasExited)
                throw new InvalidOperationException($"moviesync exited early:\n{process.Output}");
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"condition not met within {seconds} s; {QBittorrent.TorrentCount} torrents, " +
                                           $"{QBittorrent.AddRequests} adds; not in qBittorrent: {Missing()}\n{process.Output}");
            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Letterboxd.DisposeAsync();
        await FileList.DisposeAsync();
        await QBittorrent.DisposeAsync();
        Home.Dispose();
    }
}
