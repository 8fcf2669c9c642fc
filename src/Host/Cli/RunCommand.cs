using System.CommandLine;
using Akka.Hosting;
using MovieSync.Actors.Adapters.Simulation;
using MovieSync.Actors.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MovieSync.Actors.Movies;
using MovieSync.Configuration;
using MovieSync.Host.Home;
using MovieSync.Host.Hosting;
using MovieSync.Host.Run;
using MovieSync.Host.Web;
using MovieSync.Host.Web.Health;
using MovieSync.Messages;

namespace MovieSync.Host.Cli;

/// <summary>`run`: the long-running host. Stops gracefully on Ctrl+C or SIGTERM with the final statistics.</summary>
public static class RunCommand
{
    public static Command Create()
    {
        // Hidden: replaces the download client with a ledger-backed simulation (tests, benchmarks).
        var simulation = new Option<FileInfo?>("--simulation") { Hidden = true };
        // Hidden: the pause between two Letterboxd requests (1 s, to be polite) shortened for a fake Letterboxd (tests).
        var letterboxdDelay = new Option<int?>("--letterboxd-request-delay-ms") { Hidden = true };
        // Hidden: how soon a film held back by disk space looks again (5 min) shortened for a disk the test frees (tests).
        var diskRecheck = new Option<int?>("--disk-recheck-seconds") { Hidden = true };
        // Hidden: how long the journal must stay unwritable before the notification channels are alerted (2 min) (tests).
        var journalAlarm = new Option<int?>("--journal-alarm-seconds") { Hidden = true };
        var command = new Command("run", "Start MovieSync: follow the watchlist, grab, retry, until stopped")
        {
            simulation, letterboxdDelay, diskRecheck, journalAlarm,
        };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var home = MovieSyncCommandLine.OpenHome(parsed);
            var options = home.LoadOptions();
            if (parsed.GetValue(diskRecheck) is { } recheck)
                options = options with { Disk = options.Disk with { Recheck = TimeSpan.FromSeconds(Math.Max(1, recheck)) } };
            if (ConfigLoader.PermissionWarning(home.Path) is { } warning)
                RunOutput.EarlyWarning(options.Logging.Format, warning);
            using var runLock = RunLock.Acquire(home.Path);
            home.CheckJournal();
            var journal = home.JournalOf(options.Journal);
            using var writerLock = TakeJournal(home, journal);
            if (journal.IsSqlite)
                HomeFolder.RestrictToOwner(home.JournalFile);
            var (simulated, movies, note) = Work(parsed.GetValue(simulation));
            var letterboxd = parsed.GetValue(letterboxdDelay) is { } delay
                ? SettingsFromOptions.Letterboxd(options) with { DelayBetweenRequests = TimeSpan.FromMilliseconds(delay) }
                : null;
            if (simulated is not null && options.Cluster is not null)
                throw new UsageException("--simulation: not with a cluster section in config.json (a simulation runs on one node)");
            Action<AkkaConfigurationBuilder> parts = options.Cluster is not null
                ? builder => builder.AddMovieSyncClusterNode(options, letterboxd)
                : simulated is null
                ? builder => builder.AddMovieSyncPipeline(options, letterboxd: letterboxd)
                // a simulated download finishes in seconds; follow it at that pace
                : builder => builder.AddMovies(SettingsFromOptions.Movies(options) with { FollowInterval = TimeSpan.FromSeconds(1) },
                    (_, _, _) => simulated, movies);
            // Notifications follow the journal on the node that writes the movies' events (after the FileList broker).
            if (options.IsCoordinator)
            {
                var pipeline = parts;
                parts = builder =>
                {
                    pipeline(builder);
                    builder.AddNotifications(options, parsed.GetValue(journalAlarm) is { } alarm ? TimeSpan.FromSeconds(alarm) : null);
                };
            }

            var removed = await HostRunner.RunAsync(home, options, runLock, writerLock, parts, note, cancellationToken,
                simulated is null ? null : services => services.AddSingleton(QBittorrentProbe.NotUsed()));
            if (writerLock.LostBecause is { } lost)
                throw new OperationFailedException($"stopped: {lost}");
            if (removed is not null)
                throw new OperationFailedException($"stopped: {removed}");
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>
    /// Makes this process the journal's one writer; a second coordinator on the same PostgreSQL journal (another machine,
    /// which run.lock cannot see) is refused like a second `run` in the home (exit 2).
    /// </summary>
    private static JournalWriterLock TakeJournal(HomeLayout home, JournalOptions journal)
    {
        try
        {
            return JournalWriterLock.Acquire(journal, "run");
        }
        catch (JournalHeldException e)
        {
            throw new UsageException($"{e.Message}: stop that one first (a machine that is gone frees its lock within a minute)");
        }
        catch (Npgsql.NpgsqlException e)
        {
            throw home.Unreachable(journal, e);
        }
    }

    private static (IMovieGrabber? Simulated, IReadOnlyList<MovieCommands.QueueMovie> Movies, string? Note) Work(FileInfo? simulationFile)
    {
        if (simulationFile is null)
            return (null, [], null);
        if (!simulationFile.Exists)
            throw new UsageException($"--simulation: {simulationFile.FullName} does not exist");
        var plan = SimulationPlan.Load(simulationFile.FullName);
        var movies = plan.Movies.Select(m => new MovieCommands.QueueMovie(MovieId.Parse(m.Id), m.Title, m.Year)).ToList();
        return (new SimulatedGrabber(plan, TimeProvider.System), movies,
            $"Simulation: {movies.Count} movies from {simulationFile.Name}, download client simulated (ledger {plan.Ledger})");
    }
}
