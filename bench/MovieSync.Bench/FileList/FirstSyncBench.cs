using System.Diagnostics;
using Akka.Actor;
using Akka.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MovieSync.Actors.Hosting;
using MovieSync.Actors.Movies;
using MovieSync.Configuration;
using MovieSync.Simulators.FileList;
using MovieSync.Simulators.QBittorrent;

namespace MovieSync.Bench.FileList;

/// <summary>
/// A first sync on one FileList account: every film of a large watchlist is queued at once and grabbed within the
/// account's hourly budget. The real actors run (the coordinator and its movie actors, the FileList account actor with
/// its journaled budget and its line, the grabber) with the host's persistence on a temp-file SQLite journal, against
/// the fake FileList and the fake qBittorrent on loopback; the actor system's scheduler is simulated
/// (<see cref="SimulatedScheduler"/>), so hours of budget pass in seconds. FileList's side is counted by the fake.
/// </summary>
internal static class FirstSyncBench
{
    /// <summary>Fast enough that a grabbed film's download completes by its first progress check, 30 s later.</summary>
    private const long DownloadBytesPerSecond = 1L << 30;

    /// <param name="journalExists">
    /// False: the journal is new, as on the first `run` of a fresh home (an empty file, no tables yet); true: it has its
    /// tables already, as on every later start.
    /// </param>
    public static async Task RunAsync(int filmCount, int requestsPerHour, bool journalExists)
    {
        var folder = Directory.CreateTempSubdirectory("moviesync-bench-filelist-").FullName;
        try
        {
            var films = new BenchFilms(filmCount);
            var time = new SimulatedTime();
            await using var fileList = await FakeFileList.StartAsync(new FakeFileListOptions
            {
                Torrents = films.Torrents, RequestsPerHour = requestsPerHour, TimeProvider = time,
            });
            await using var qbittorrent = await FakeQBittorrent.StartAsync(new FakeQBittorrentOptions
            {
                Clock = time, DownloadBytesPerSecond = DownloadBytesPerSecond, DefaultSavePath = Path.Combine(folder, "downloads"),
            });
            var options = Options(folder, fileList, qbittorrent, requestsPerHour);
            var counts = new LogCounts();
            var journal = JournalOptions.Sqlite(Path.Combine(folder, "moviesync.db"));
            HomeFolder.RestrictToOwner(Path.Combine(folder, "moviesync.db")); // what `run` does before it starts
            if (journalExists)
                await JournalTables.CreateAsync(journal);
            await SqliteJournalTables.EnsureAsync(journal); // as does `run`: a new journal gets its tables before the actor system starts
            using var host = BuildHost(options, journal, films, counts);

            var rssBefore = ProcessMemory.Read("VmRSS"); // the runtime and the two fakes, before any actor
            var wall = Stopwatch.StartNew();
            await host.StartAsync();
            var system = host.Services.GetRequiredService<ActorSystem>();
            var clock = (SimulatedScheduler)system.Scheduler;
            time.Scheduler = clock;
            var coordinator = host.Services.GetRequiredService<ActorRegistry>().Get<MovieCoordinator>();
            var run = await Task.Factory.StartNew(() => new FirstSyncRun(system, clock, coordinator, fileList, filmCount, requestsPerHour).Drive(),
                TaskCreationOptions.LongRunning);
            wall.Stop();

            var figures = RequestFigures.Of(fileList.Requests, films.FilmOfTorrent, SimulatedScheduler.Start, TimeSpan.FromHours(1), requestsPerHour);
            var peakRss = ProcessMemory.Read("VmHWM");
            FirstSyncReport.Print(filmCount, requestsPerHour, journalExists, run, figures, counts, (rssBefore, peakRss), wall.Elapsed);
            if (Environment.GetEnvironmentVariable("BENCH_VERBOSE") is not null)
                FirstSyncReport.Trace(films, fileList.Requests, counts);
            await host.StopAsync();
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static MovieSyncOptions Options(string folder, FakeFileList fileList, FakeQBittorrent qbittorrent, int requestsPerHour) => new()
    {
        Username = "bench",
        DownloadDirectory = Directory.CreateDirectory(Path.Combine(folder, "library")).FullName,
        FileList = new FileListOptions
        {
            BaseUrl = fileList.BaseUrl,
            Username = FakeFileList.DefaultUsername,
            Passkey = FakeFileList.DefaultPasskey,
            RequestsPerHour = requestsPerHour,
        },
        QBittorrent = new QBittorrentOptions
        {
            Url = qbittorrent.BaseUrl,
            Username = "admin",
            Password = "adminadmin",
            SavePath = Path.Combine(folder, "downloads"),
            Paused = false,
        },
    };

    /// <summary>The host's actor system as `run` composes it (its HOCON, serializer, journal, FileList account, movies) without the watchlist and the web.</summary>
    private static IHost BuildHost(MovieSyncOptions options, JournalOptions journal, BenchFilms films, LogCounts counts)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Logging.AddProvider(new LogCountsProvider(counts));
        builder.Services.AddSingleton(counts);
        builder.Services.AddAkka("moviesync-bench", akka => akka
            .AddHocon(MovieSyncConfig.Host, HoconAddMode.Prepend)
            .AddHocon(SimulatedScheduler.Configuration, HoconAddMode.Prepend)
            .AddMovieSyncSerialization()
            .AddMovieSyncPersistence(journal)
            .ConfigureLoggers(loggers =>
            {
                loggers.LogLevel = Akka.Event.LogLevel.InfoLevel;
                loggers.ClearLoggers();
                loggers.AddLogger<LogTally>();
            })
            .AddFileListAccounts(SettingsFromOptions.FileListAccounts(options))
            .AddMovies(SettingsFromOptions.Movies(options), MoviesHosting.TorrentGrabber(options), films.Films));
        return builder.Build();
    }
}
