using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MovieSync.Actors.Movies;
using MovieSync.Configuration;
using MovieSync.Host.Home;
using MovieSync.Host.Hosting;
using MovieSync.Host.Run;
using MovieSync.Host.Simulation;
using MovieSync.Host.Web;
using MovieSync.Messages;

namespace MovieSync.Host.Cli;

/// <summary>`run`: the long-running host. Stops gracefully on Ctrl+C or SIGTERM with the final statistics.</summary>
public static class RunCommand
{
    public static Command Create()
    {
        // Hidden: replaces the download client with a ledger-backed simulation (tests, benchmarks).
        var simulation = new Option<FileInfo?>("--simulation") { Hidden = true };
        var command = new Command("run", "Start MovieSync: follow the watchlist, grab, retry, until stopped") { simulation };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var home = MovieSyncCommandLine.OpenHome(parsed);
            var options = home.LoadOptions();
            using var runLock = RunLock.Acquire(home.Path);
            home.CheckJournal();
            HomeFolder.RestrictToOwner(home.JournalFile);
            var (simulated, movies, note) = Work(parsed.GetValue(simulation));
            var settings = MovieSettings.Default with
            {
                Retry = new RetryPolicy(options.RetryInterval, options.MaxRetries, options.BackoffMultiplier, options.MaxRetryDelay),
                // a simulated download finishes in seconds; follow it at that pace
                FollowInterval = note is null ? MovieSettings.Default.FollowInterval : TimeSpan.FromSeconds(1),
            };

            var work = simulated is null
                ? new MovieSyncWork(GrabbingHosting.Grabber(options), settings, [], WatchlistHosting.Watchlist(options))
                : new MovieSyncWork(_ => simulated, settings, movies);
            await HostRunner.RunAsync(home, options, runLock, work, note, cancellationToken);
            return ExitCodes.Success;
        });
        return command;
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
