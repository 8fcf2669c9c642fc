using Microsoft.Extensions.Hosting;
using MovieSync.Configuration;
using MovieSync.Host.Hosting;

namespace MovieSync.Host.Cluster;

/// <summary>What `run` prints on a node that only serves FileList accounts: which accounts, where, and how it stops.</summary>
public sealed class AccountNodeConsole(MovieSyncOptions options, RunDescription description, RunOutput output) : IHostedService
{
    private static readonly string Rule = new('=', 70);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var cluster = options.Cluster!;
        output.Line(Rule);
        output.Line("🔑 MOVIE SYNC - FileList account node");
        output.Line(Rule);
        output.Line($"👤 Accounts: {string.Join(", ", options.FileList.AllAccounts.Select(a => $"{a.Username} ({a.RequestsPerHour}/h)"))}");
        output.Line($"🌐 Cluster: listening on {cluster.Listen}, seed nodes {string.Join(", ", cluster.SeedNodes)}" +
                          (cluster.TlsCertificate is null ? " (no TLS: loopback only)" : " (mutual TLS)"));
        output.Line($"🗄️  Journal (the accounts' request budgets): {description.Journal}");
        output.Line("\n💡 Press Ctrl+C to stop gracefully; the coordinator sends these accounts' films to the others meanwhile");
        output.Line(Rule);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        output.Line("🛑 Shutdown signal received - leaving the cluster");
        return Task.CompletedTask;
    }
}
