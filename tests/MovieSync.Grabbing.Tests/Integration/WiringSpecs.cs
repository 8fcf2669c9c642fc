using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MovieSync.Actors.FileList;
using MovieSync.Actors.Hosting;
using MovieSync.Actors.Movies;
using MovieSync.Actors.Watchlist;
using MovieSync.Clients.Letterboxd;
using MovieSync.Configuration;
using MovieSync.Messages;
using MovieSync.Simulators.FileList;
using MovieSync.Simulators.Letterboxd;
using Xunit;
using static MovieSync.Messages.MovieQueries;

namespace MovieSync.Grabbing.Tests.Integration;

/// <summary>The hosting extensions `run` uses, in a real generic host: each part starts and finds the parts it needs.</summary>
public sealed class WiringSpecs : IAsyncLifetime
{
    private readonly string _home = Directory.CreateTempSubdirectory("moviesync-wiring-").FullName;
    private FakeLetterboxd _letterboxd = null!;
    private FakeFileList _fileList = null!;

    public async Task InitializeAsync()
    {
        _letterboxd = await FakeLetterboxd.StartAsync();
        _letterboxd.SetWatchlist("alice", FakeFilm.Seed.Where(f => f.Slug == "the-matrix"));
        _fileList = await FakeFileList.StartAsync(new FakeFileListOptions { Torrents = FilmCatalogue.Fresh() });
    }

    public async Task DisposeAsync()
    {
        await _letterboxd.DisposeAsync();
        await _fileList.DisposeAsync();
        try { Directory.Delete(_home, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task The_pipeline_registers_every_part_and_the_watchlist_reaches_the_movies()
    {
        var options = new MovieSyncOptions
        {
            Username = "alice",
            DownloadDirectory = Directory.CreateDirectory(Path.Combine(_home, "downloads")).FullName,
            Letterboxd = new LetterboxdOptions { BaseUrl = _letterboxd.BaseUrl },
            FileList = new FileListOptions { BaseUrl = _fileList.BaseUrl, Username = FakeFileList.DefaultUsername, Passkey = FakeFileList.DefaultPasskey },
            QBittorrent = new QBittorrentOptions { Url = new Uri("http://127.0.0.1:1/") }, // unreachable: attempts fail, films stay tracked
            Disk = new DiskOptions { MinFreeGb = 0 },
        };
        var letterboxd = SettingsFromOptions.Letterboxd(options) with
        {
            ShortLinkBaseUrl = _letterboxd.ShortLinkBaseUrl, DelayBetweenRequests = TimeSpan.Zero,
        };
        using var host = new HostBuilder()
            .ConfigureServices(services => services.AddAkka("wiring-spec", builder => builder
                .AddMovieSyncSerialization()
                .AddMovieSyncPersistence(JournalOptions.Sqlite(Path.Combine(_home, "moviesync.db")))
                .AddMovieSyncPipeline(options, letterboxd: letterboxd)))
            .Build();
        await host.StartAsync();
        try
        {
            var registry = host.Services.GetRequiredService<ActorRegistry>();
            Assert.True(registry.TryGet<FileListAccountActor>(out _));
            Assert.True(registry.TryGet<WatchlistActor>(out _));
            var coordinator = await registry.GetAsync<MovieCoordinator>();

            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            StatisticsResult statistics;
            do
            {
                statistics = await coordinator.Ask<StatisticsResult>(GetStatistics.Instance, TimeSpan.FromSeconds(10));
            } while (statistics.Counts.Total == 0 && DateTime.UtcNow < deadline && await Delay());

            Assert.Equal(1, statistics.Counts.Total);
        }
        finally
        {
            await host.StopAsync();
        }
    }

    private static async Task<bool> Delay()
    {
        await Task.Delay(100);
        return true;
    }
}
