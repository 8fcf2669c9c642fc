using Akka.Actor;
using Akka.Cluster;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MovieSync.Configuration;

namespace MovieSync.Host.Cluster;

/// <summary>
/// Follows this node's membership of the cluster: logs when it is up, and when the cluster removes it (downed by the
/// split-brain resolver or an operator) stops the host and records why, so that `run` exits non-zero and a service
/// manager starts it again: a fresh start joins the cluster anew.
/// </summary>
public sealed class ClusterMembershipWatch(ActorSystem system, MovieSyncOptions options, ClusterNodeState state,
    IHostApplicationLifetime lifetime, ILogger<ClusterMembershipWatch> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Cluster is not { } cluster)
            return Task.CompletedTask;
        var node = Akka.Cluster.Cluster.Get(system);
        logger.LogInformation("Cluster node {Address} ({Roles}) joining through {Seeds}", node.SelfAddress, string.Join(", ", cluster.Roles),
            string.Join(", ", cluster.SeedNodes));
        node.RegisterOnMemberUp(() => logger.LogInformation("Cluster node {Address} is up", node.SelfAddress));
        node.RegisterOnMemberRemoved(() =>
        {
            if (lifetime.ApplicationStopping.IsCancellationRequested ||
                CoordinatedShutdown.Get(system).ShutdownReason is not CoordinatedShutdown.ClusterDowningReason)
                return; // this host is stopping by itself and left the cluster on the way
            state.RemovedBecause = "the cluster removed this node (downed: the others lost contact with it); starting it again rejoins";
            logger.LogCritical("❌ Cluster node {Address}: {Reason}. Stopping", node.SelfAddress, state.RemovedBecause);
            lifetime.StopApplication();
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>Why the cluster removed this node, when it did: `run` then exits non-zero.</summary>
public sealed class ClusterNodeState
{
    public string? RemovedBecause { get; set; }
}
