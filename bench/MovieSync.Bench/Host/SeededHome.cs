using System.Text.Json;
using System.Text.Json.Nodes;
using MovieSync.Bench.Journal;
using MovieSync.Clients.QBittorrent;
using MovieSync.Messages;
using MovieSync.Simulators.FileList;
using MovieSync.Simulators.Letterboxd;
using MovieSync.Simulators.QBittorrent;

namespace MovieSync.Bench.Host;

/// <summary>
/// A home as a long-running install leaves it: a journal of <c>size</c> movies (see <see cref="JournalSeed"/>) whose
/// watchlist lists them all, fake Letterboxd, FileList and qBittorrent on loopback that agree with it (the downloading 1%
/// sit stalled in qBittorrent), and a config.json pointing `run` at them.
/// </summary>
internal sealed class SeededHome : IAsyncDisposable
{
    public const string User = "bench_user";

    private SeededHome(string path, FakeLetterboxd letterboxd, FakeFileList fileList, FakeQBittorrent qbittorrent, long events)
    {
        Path = path;
        Letterboxd = letterboxd;
        FileList = fileList;
        QBittorrent = qbittorrent;
        Events = events;
    }

    public string Path { get; }

    public FakeLetterboxd Letterboxd { get; }

    public FakeFileList FileList { get; }

    public FakeQBittorrent QBittorrent { get; }

    /// <summary>Events written to the journal.</summary>
    public long Events { get; }

    public static async Task<SeededHome> CreateAsync(int size)
    {
        var path = Directory.CreateTempSubdirectory("moviesync-bench-home-").FullName;
        var downloads = Directory.CreateDirectory(System.IO.Path.Combine(path, "downloads")).FullName;
        var films = FakeFilm.Generated(size).ToList();
        var torrents = films.Select((f, i) => new FakeTorrent(70_000_000 + i, $"{f.Title.Replace(' ', '.')}.{f.Year}.1080p.BluRay.x264-GRP",
            f.ImdbId, 4, FakeTorrent.Gb(2), 50)).ToList();

        var letterboxd = await FakeLetterboxd.StartAsync();
        letterboxd.SetWatchlist(User, Enumerable.Reverse(films)); // newest first: the last one seeded was added last
        var fileList = await FakeFileList.StartAsync(new FakeFileListOptions { RequestsPerHour = 150, Torrents = torrents });
        var qbittorrent = await FakeQBittorrent.StartAsync(new FakeQBittorrentOptions { DefaultSavePath = downloads, DownloadBytesPerSecond = 0 });
        using (var client = new QBittorrentClient(new QBittorrentConnection(qbittorrent.BaseUrl, "admin", "adminadmin")))
        {
            for (var i = 0; i < size; i++)
            {
                if (JournalSeed.IsDownloading(i))
                    await client.AddTorrentAsync(FakeTorrentFiles.Build(torrents[i], "https://tracker.example/announce"),
                        new TorrentAddOptions { Category = "movies", Tags = ["moviesync"], SavePath = downloads });
            }
        }

        var seed = films.Select((f, i) => new SeedFilm(MovieId.Parse(f.ImdbId!), f.Slug, f.Title, f.Year!.Value, f.ShortKey, f.TmdbId!.Value,
            torrents[i].Name, FakeTorrentFiles.InfoHashOf(torrents[i]))).ToList();
        var events = await JournalSeed.WriteAsync(System.IO.Path.Combine(path, "moviesync.db"), seed, DateTimeOffset.UtcNow, User);

        var config = new JsonObject
        {
            ["username"] = User,
            ["download_directory"] = downloads,
            ["check_interval"] = 3600,
            ["dashboard"] = new JsonObject { ["listen"] = "127.0.0.1:0" },
            ["disk"] = new JsonObject { ["min_free_gb"] = 0 }, // measures grabbing, whatever room the machine has
            ["letterboxd"] = new JsonObject { ["base_url"] = letterboxd.BaseUrl.ToString() },
            ["filelist"] = new JsonObject
            {
                ["base_url"] = fileList.BaseUrl.ToString(), ["username"] = fileList.Username, ["passkey"] = fileList.Passkey,
                ["requests_per_hour"] = 150,
            },
            ["qbittorrent"] = new JsonObject
            {
                ["url"] = qbittorrent.BaseUrl.ToString(), ["username"] = "admin", ["password"] = "adminadmin", ["save_path"] = downloads,
            },
        };
        var configFile = System.IO.Path.Combine(path, "config.json");
        File.WriteAllText(configFile, config.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        MovieSync.Configuration.HomeFolder.RestrictToOwner(configFile); // config.json holds secrets: run warns otherwise
        return new SeededHome(path, letterboxd, fileList, qbittorrent, events);
    }

    public async ValueTask DisposeAsync()
    {
        await Letterboxd.DisposeAsync();
        await FileList.DisposeAsync();
        await QBittorrent.DisposeAsync();
        Directory.Delete(Path, recursive: true);
    }
}
