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
    IEnumerable<IFinalReport> finalReports) : IHostedService, IDisposable
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(30);
    private static readonly string Rule = new('=', 70);
    private readonly CancellationTokenSource _stopping = new();
    private Task _loaded = Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        Console.WriteLine(Rule);
        Console.WriteLine("🚀 MOVIE SYNC - Letterboxd to FileList.io");
        Console.WriteLine(Rule);
        Console.WriteLine($"📺 Letterboxd user: {options.Username}");
        Console.WriteLine($"⏱️  Monitor interval: {Seconds(options.CheckInterval)}");
        Console.WriteLine($"🔄 Retry interval: {Seconds(options.RetryInterval)} × {options.BackoffMultiplier} per retry, at most {Seconds(options.MaxRetryDelay)}");
        Console.WriteLine($"🔁 Max retries: {options.MaxRetries}");
        Console.WriteLine($"📁 Download directory: {options.DownloadDirectory}");
        Console.WriteLine($"🗄️  Journal: {description.Journal}");
        if (options.Cluster is { } cluster)
            Console.WriteLine($"🌐 Cluster: coordinator listening on {cluster.Listen}, seed nodes {string.Join(", ", cluster.SeedNodes)}" +
                              (cluster.TlsCertificate is null ? " (no TLS: loopback only)" : " (mutual TLS)") +
                              (cluster.ServesAccounts ? $"; serves {options.FileList.AllAccounts.Count} FileList account(s) itself" : ""));
        if (description.Note is { } note)
            Console.WriteLine($"🧪 {note}");
        Console.WriteLine("\n💡 Press Ctrl+C to stop gracefully");
        Console.WriteLine(Rule);

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
            Console.WriteLine($"📋 Loaded: {statistics.Counts}");
        }
        catch (AskTimeoutException)
        {
            Console.WriteLine($"📋 Still loading the journal after {AskTimeout.TotalSeconds:0} s; running meanwhile (`moviesync status` shows it)");
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
        Console.WriteLine();
        Console.WriteLine(Rule);
        Console.WriteLine("🛑 Shutdown signal received - stopping...");
        StatisticsResult statistics;
        try
        {
            statistics = await Statistics(cancellationToken);
        }
        catch (Exception e) when (e is AskTimeoutException or TaskCanceledException)
        {
            Console.WriteLine("⚠️  Final statistics unavailable: the movies did not answer in time (nothing is lost: the journal has every change)");
            return;
        }

        var counts = statistics.Counts;
        Console.WriteLine(CountsView.Describe("📊 Final Statistics", counts));
        if (counts.PermanentFailures > 0)
            Console.WriteLine("\n⚠️  Some movies failed permanently: `moviesync failures` lists them, `moviesync retry ID` tries again");
        foreach (var report in finalReports)
            Console.WriteLine("\n" + await report.DescribeAsync(cancellationToken));
        Console.WriteLine("\n✅ Shutdown complete - every change is in the journal");
        Console.WriteLine(Rule);
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
