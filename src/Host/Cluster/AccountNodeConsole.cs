using Microsoft.Extensions.Hosting;
using MovieSync.Configuration;
using MovieSync.Host.Hosting;

namespace MovieSync.Host.Cluster;

/// <summary>What `run` prints on a node that only serves FileList accounts: which accounts, where, and how it stops.</summary>
public sealed class AccountNodeConsole(MovieSyncOptions options, RunDescription description) : IHostedService
{
    private static readonly string Rule = new('=', 70);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var cluster = options.Cluster!;
        Console.WriteLine(Rule);
        Console.WriteLine("🔑 MOVIE SYNC - FileList account node");
        Console.WriteLine(Rule);
        Console.WriteLine($"👤 Accounts: {string.Join(", ", options.FileList.AllAccounts.Select(a => $"{a.Username} ({a.RequestsPerHour}/h)"))}");
        Console.WriteLine($"🌐 Cluster: listening on {cluster.Listen}, seed nodes {string.Join(", ", cluster.SeedNodes)}" +
                          (cluster.TlsCertificate is null ? " (no TLS: loopback only)" : " (mutual TLS)"));
        Console.WriteLine($"🗄️  Journal (the accounts' request budgets): {description.Journal}");
        Console.WriteLine("\n💡 Press Ctrl+C to stop gracefully; the coordinator sends these accounts' films to the others meanwhile");
        Console.WriteLine(Rule);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Console.WriteLine("🛑 Shutdown signal received - leaving the cluster");
        return Task.CompletedTask;
    }
}
