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
/// A first sync on one or several FileList accounts: every film of a large watchlist is queued at once and grabbed
/// within the accounts' hourly budgets. The real actors run (the coordinator and its movie actors, the FileList account
/// actors with their journaled budgets and lines, with several accounts the broker in front of them, the grabber) with
/// the host's persistence on a temp-file SQLite journal, against the fake FileList and the fake qBittorrent on loopback;
/// the actor system's scheduler is simulated (<see cref="SimulatedScheduler"/>), so hours of budget pass in seconds.
/// FileList's side is counted by the fake, per account.
/// </summary>
internal static class FirstSyncBench
{
    /// <summary>Fast enough that a grabbed film's download completes by its first progress check, 30 s later.</summary>
    private const long DownloadBytesPerSecond = 1L << 30;

    /// <summary>One account, the whole report; exit status 1 when a target is missed (<see cref="FirstSyncTargets"/>).</summary>
    public static async Task<int> RunAsync(int filmCount, int requestsPerHour, bool journalExists)
    {
        var outcome = await SimulateAsync(filmCount, new BenchAccounts(1, requestsPerHour), journalExists);
        FirstSyncReport.Print(outcome);
        if (Environment.GetEnvironmentVariable("BENCH_VERBOSE") is not null)
            FirstSyncReport.Trace(outcome.BenchFilms, outcome.Requests, outcome.Log);
        if (Environment.GetEnvironmentVariable("BENCH_LOG") is { } prefix)
            FirstSyncReport.Save(outcome, prefix + "-1");
        return FirstSyncTargets.Report(outcome);
    }

    /// <param name="journalExists">
    /// False: the journal is new, as on the first `run` of a fresh home (an empty file, no tables yet); true: it has its
    /// tables already, as on every later start.
    /// </param>
    public static async Task<FirstSyncOutcome> SimulateAsync(int filmCount, BenchAccounts accounts, bool journalExists)
    {
        var folder = Directory.CreateTempSubdirectory("moviesync-bench-filelist-").FullName;
        try
        {
            var films = new BenchFilms(filmCount);
            var time = new SimulatedTime();
            await using var fileList = await FakeFileList.StartAsync(accounts.FakeOptions(films.Torrents, time));
            await using var qbittorrent = await FakeQBittorrent.StartAsync(new FakeQBittorrentOptions
            {
                Clock = time, DownloadBytesPerSecond = DownloadBytesPerSecond, DefaultSavePath = Path.Combine(folder, "downloads"),
            });
            var options = Options(folder, fileList, qbittorrent, accounts);
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
            var totalPerHour = accounts.Count * accounts.RequestsPerHour;
            var run = await Task.Factory.StartNew(() => new FirstSyncRun(system, clock, coordinator, fileList, filmCount, totalPerHour).Drive(),
                TaskCreationOptions.LongRunning);
            wall.Stop();

            var requests = fileList.Requests;
            var window = TimeSpan.FromHours(1);
            var figures = RequestFigures.Of(requests, films.FilmOfTorrent, SimulatedScheduler.Start, window, totalPerHour);
            var perAccount = AccountFigures.Of(requests, accounts.Accounts.Select(a => a.Username), window, accounts.RequestsPerHour);
            var peakRss = ProcessMemory.Read("VmHWM");
            await host.StopAsync();
            return new FirstSyncOutcome(filmCount, accounts, journalExists, run, figures, perAccount, counts, (rssBefore, peakRss), wall.Elapsed,
                films, requests);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static MovieSyncOptions Options(string folder, FakeFileList fileList, FakeQBittorrent qbittorrent, BenchAccounts accounts) => new()
    {
        Username = "bench",
        DownloadDirectory = Directory.CreateDirectory(Path.Combine(folder, "library")).FullName,
        FileList = accounts.Options(fileList.BaseUrl),
        Disk = new DiskOptions { MinFreeGb = 0 }, // measures grabbing, whatever room the machine has
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
                // BENCH_LOG keeps the debug lines too (the broker's turns) for FirstSyncReport.Save.
                loggers.LogLevel = Environment.GetEnvironmentVariable("BENCH_LOG") is null ? Akka.Event.LogLevel.InfoLevel : Akka.Event.LogLevel.DebugLevel;
                loggers.ClearLoggers();
                loggers.AddLogger<LogTally>();
            })
            .AddFileListAccounts(SettingsFromOptions.FileListAccounts(options))
            .AddMovies(SettingsFromOptions.Movies(options), MoviesHosting.TorrentGrabber(options), films.Films));
        return builder.Build();
    }
}
