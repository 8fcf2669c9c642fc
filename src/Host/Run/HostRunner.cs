using MovieSync.Actors.Hosting;
using MovieSync.Actors.FileList;
using MovieSync.Actors.Schedule;
using Akka.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MovieSync.Configuration;
using MovieSync.Host.Cluster;
using MovieSync.Host.Home;
using MovieSync.Host.Hosting;
using MovieSync.Host.Web;

namespace MovieSync.Host.Run;

/// <summary>Runs the host (actors, HTTP API, dashboard) until Ctrl+C or SIGTERM; shared by `run` and `demo`.</summary>
public static class HostRunner
{
    /// <param name="writerLock">Held while the host runs: for a PostgreSQL journal, kept alive by <see cref="JournalWriterLockWatch"/>.</param>
    /// <param name="services">More services for this run (the demo's final report).</param>
    /// <returns>Why the cluster removed this node, when it did (the host then stopped by itself).</returns>
    public static async Task<string?> RunAsync(HomeLayout home, MovieSyncOptions options, RunLock runLock, JournalWriterLock writerLock,
        Action<AkkaConfigurationBuilder> parts, string? note, CancellationToken cancellationToken, Action<IServiceCollection>? services = null)
    {
        var journal = home.JournalOf(options.Journal);
        await SqliteJournalTables.EnsureAsync(journal, cancellationToken);
        var node = new ClusterNodeState();
        if (!options.IsCoordinator)
        {
            // A node that only serves FileList accounts: no dashboard, no API, no watchlist; the actors and the cluster.
            var accountNode = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
            {
                ContentRootPath = AppContext.BaseDirectory,
            });
            AddHostServices(accountNode, home, options, writerLock, journal, note, node, parts, services);
            accountNode.Services.AddHostedService<AccountNodeConsole>();
            using var host = accountNode.Build();
            await host.RunAsync(cancellationToken);
            return node.RemovedBecause;
        }

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.AddMovieSyncWeb(options);
        AddHostServices(builder, home, options, writerLock, journal, note, node, parts, services);
        builder.Services.AddHostedService<RunConsole>();
        await using (var host = builder.Build())
        {
            host.MapMovieSyncWeb(runLock);
            await host.RunAsync(cancellationToken);
        }

        return node.RemovedBecause;
    }

    private static void AddHostServices(IHostApplicationBuilder builder, HomeLayout home, MovieSyncOptions options, JournalWriterLock writerLock,
        JournalOptions journal, string? note, ClusterNodeState node, Action<AkkaConfigurationBuilder> parts, Action<IServiceCollection>? services)
    {
        builder.Logging.ClearProviders();
        builder.Logging.AddMovieSyncConsole(options.Logging.Format);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);
        // ASP.NET's start-up lines (content root, environment) say nothing useful here; the dashboard line below does.
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(30));
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(provider => new RunOutput(options, provider.GetRequiredService<ILoggerFactory>()));
        builder.Services.AddSingleton(new RunDescription(journal.Describe(), note));
        builder.Services.AddSingleton(writerLock);
        builder.Services.AddHostedService<JournalWriterLockWatch>();
        builder.Services.AddSingleton(home);
        // One watcher of config.json hands each edit to the parts that take it up while running; the API's FileList
        // check has it read the file first.
        builder.Services.AddSingleton<LiveFileListCredentials>();
        builder.Services.AddSingleton(new LiveDownloadSchedule(SettingsFromOptions.DownloadSchedule(options)));
        builder.Services.AddSingleton<IConfigPart, FileListCredentialsReload>();
        builder.Services.AddSingleton<IConfigPart, DownloadScheduleReload>();
        builder.Services.AddSingleton<ConfigWatcher>();
        builder.Services.AddHostedService(provider => provider.GetRequiredService<ConfigWatcher>());
        builder.Services.AddMovieSyncActors(journal, parts);
        builder.Services.AddSingleton(node);
        builder.Services.AddHostedService<ClusterMembershipWatch>();
        services?.Invoke(builder.Services);
    }
}
