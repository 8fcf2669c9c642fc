using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MovieSync.Actors.Downloads;
using MovieSync.Configuration;
using MovieSync.Host.Hosting;
using MovieSync.Host.Simulation;
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
            home.CheckJournal();
            HomeFolder.RestrictToOwner(home.JournalFile);
            var (grabber, movies, note) = Work(parsed.GetValue(simulation));
            var settings = DownloadSettings.Default with
            {
                Retry = new RetryPolicy(options.RetryInterval, options.MaxRetries, options.BackoffMultiplier, options.MaxRetryDelay),
                // a simulated download finishes in seconds; follow it at that pace
                FollowInterval = note is null ? DownloadSettings.Default.FollowInterval : TimeSpan.FromSeconds(1),
            };

            var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
            builder.Logging.ClearProviders();
            builder.Logging.AddSimpleConsole(console =>
            {
                console.SingleLine = true;
                console.TimestampFormat = "yyyy-MM-dd HH:mm:ss ";
                console.UseUtcTimestamp = true;
            });
            builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(30));
            builder.Services.AddSingleton(options);
            builder.Services.AddSingleton(new RunDescription(home.JournalFile, note));
            builder.Services.AddMovieSyncActors(home.ConnectionString, new MovieSyncWork(_ => grabber, settings, movies));
            using var host = builder.Build();
            await host.RunAsync(cancellationToken);
            return ExitCodes.Success;
        });
        return command;
    }

    private static (IMovieGrabber Grabber, IReadOnlyList<DownloadCommands.QueueMovie> Movies, string? Note) Work(FileInfo? simulationFile)
    {
        if (simulationFile is null)
            return (new UnavailableGrabber(), [], null);
        if (!simulationFile.Exists)
            throw new UsageException($"--simulation: {simulationFile.FullName} does not exist");
        var plan = SimulationPlan.Load(simulationFile.FullName);
        var movies = plan.Movies.Select(m => new DownloadCommands.QueueMovie(MovieId.Parse(m.Id), m.Title, m.Year)).ToList();
        return (new SimulatedGrabber(plan, TimeProvider.System), movies,
            $"Simulation: {movies.Count} movies from {simulationFile.Name}, download client simulated (ledger {plan.Ledger})");
    }
}
