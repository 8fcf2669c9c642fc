using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.Hosting;
using MovieSync.Actors.Movies;
using MovieSync.Configuration;
using MovieSync.Host.Journal;
using static MovieSync.Messages.MovieQueries;

namespace MovieSync.Host.Hosting;

/// <summary>What `run` prints for a person: the banner, the loaded state, and the final statistics on shutdown.</summary>
public sealed class RunConsole(ActorRegistry registry, MovieSyncOptions options, RunDescription description,
    IEnumerable<IFinalReport> finalReports, RunOutput output) : IHostedService, IDisposable
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(30);
    private static readonly string Rule = new('=', 70);
    private readonly CancellationTokenSource _stopping = new();
    private Task _loaded = Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        output.Line(Rule);
        output.Line("🚀 MOVIE SYNC - Letterboxd to FileList.io");
        output.Line(Rule);
        output.Line($"📺 Letterboxd user: {options.Username}");
        output.Line($"⏱️  Monitor interval: {Seconds(options.CheckInterval)}");
        output.Line($"🔄 Retry interval: {Seconds(options.RetryInterval)} × {options.BackoffMultiplier} per retry, at most {Seconds(options.MaxRetryDelay)}");
        output.Line($"🔁 Max retries: {options.MaxRetries}");
        output.Line($"📁 Download directory: {options.DownloadDirectory}");
        output.Line($"🗄️  Journal: {description.Journal}");
        if (options.Cluster is { } cluster)
            output.Line($"🌐 Cluster: coordinator listening on {cluster.Listen}, seed nodes {string.Join(", ", cluster.SeedNodes)}" +
                              (cluster.TlsCertificate is null ? " (no TLS: loopback only)" : " (mutual TLS)") +
                              (cluster.ServesAccounts ? $"; serves {options.FileList.AllAccounts.Count} FileList account(s) itself" : ""));
        if (description.Note is { } note)
            output.Line($"🧪 {note}");
        output.Line("\n💡 Press Ctrl+C to stop gracefully");
        output.Line(Rule);

        // The counts come once the movies have recovered; the API and the first check do not wait for them.
        _loaded = ReportLoadedAsync(_stopping.Token);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Prints the loaded counts when the coordinator has them. A journal that cannot be read right now (locked, an
    /// unreadable movie that has not stopped yet) only delays this line, and `status` tells the rest.
    /// </summary>
    private async Task ReportLoadedAsync(CancellationToken stopping)
    {
        try
        {
            var statistics = await Statistics(stopping);
            output.Line($"📋 Loaded: {statistics.Counts}");
        }
        catch (AskTimeoutException)
        {
            output.Line($"📋 Still loading the journal after {AskTimeout.TotalSeconds:0} s; running meanwhile (`moviesync status` shows it)");
        }
        catch (OperationCanceledException)
        {
            // Stopped before the movies had recovered: the final statistics say what there is.
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _loaded;
        output.Line();
        output.Line(Rule);
        output.Line("🛑 Shutdown signal received - stopping...");
        StatisticsResult statistics;
        try
        {
            statistics = await Statistics(cancellationToken);
        }
        catch (Exception e) when (e is AskTimeoutException or TaskCanceledException)
        {
            output.Line("⚠️  Final statistics unavailable: the movies did not answer in time (nothing is lost: the journal has every change)");
            return;
        }

        var counts = statistics.Counts;
        output.Line(CountsView.Describe("📊 Final Statistics", counts));
        if (counts.PermanentFailures > 0)
            output.Line("\n⚠️  Some movies failed permanently: `moviesync failures` lists them, `moviesync retry ID` tries again");
        foreach (var report in finalReports)
            output.Line("\n" + await report.DescribeAsync(cancellationToken));
        output.Line("\n✅ Shutdown complete - every change is in the journal");
        output.Line(Rule);
    }

    private async Task<StatisticsResult> Statistics(CancellationToken cancellationToken)
    {
        var coordinator = await registry.GetAsync<MovieCoordinator>(cancellationToken);
        return await coordinator.Ask<StatisticsResult>(GetStatistics.Instance, AskTimeout, cancellationToken);
    }

    public void Dispose() => _stopping.Dispose();

    private static string Seconds(TimeSpan span) =>
        span.TotalSeconds >= 60 ? $"{span.TotalSeconds:0}s ({span.TotalMinutes:0.#} minutes)" : $"{span.TotalSeconds:0}s";
}

/// <summary>More that a run prints after its final statistics, while the actor system still answers (the demo's accounts).</summary>
public interface IFinalReport
{
    Task<string> DescribeAsync(CancellationToken cancellationToken);
}

/// <summary>Facts about this run that the banner shows.</summary>
/// <param name="Journal">Where the journal is: its file, or its PostgreSQL server and database (never the password).</param>
public sealed record RunDescription(string Journal, string? Note);
