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
            // Stopping by itself (Ctrl+C, SIGTERM: Akka's own hook or the host's), the node leaves the cluster on the way:
            // that is no removal. Downed, the cluster shuts it down for that reason (or before anything else asked).
            var reason = CoordinatedShutdown.Get(system).ShutdownReason;
            if (reason is not CoordinatedShutdown.ClusterDowningReason && (reason is not null || lifetime.ApplicationStopping.IsCancellationRequested))
                return;
            state.RemovedBecause = "the cluster removed this node (downed: the others lost contact with it); starting it again rejoins";
            logger.LogCritical("❌ Cluster node {Address}: {Reason}. Stopping", node.SelfAddress, state.RemovedBecause);
            lifetime.StopApplication();
        });
        if (!cluster.IsCoordinator)
            _coordinatorCheck = new Timer(_ => CheckCoordinator(node), null, CoordinatorCheckEvery, CoordinatorCheckEvery);

        // Akka stops a node whose TLS handshake failed (another certificate on one side): say which key to look at.
        CoordinatedShutdown.Get(system).AddTask(CoordinatedShutdown.PhaseBeforeServiceUnbind, "moviesync-tls-refused", () =>
        {
            // Its type is internal to Akka.Remote: known by name.
            if (CoordinatedShutdown.Get(system).ShutdownReason?.GetType().Name == "TlsHandshakeFailureReason")
            {
                state.RemovedBecause = "the TLS handshake with another node failed: every node needs the same cluster.tls.certificate " +
                                       "(the other node presents another certificate, or none)";
                logger.LogCritical("❌ Cluster node {Address}: {Reason}. Stopping", node.SelfAddress, state.RemovedBecause);
                lifetime.StopApplication();
            }

            return Task.FromResult(Akka.Done.Instance);
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _coordinatorCheck?.Dispose();
        return Task.CompletedTask;
    }

    private static readonly TimeSpan CoordinatorCheckEvery = TimeSpan.FromSeconds(2);
    private Timer? _coordinatorCheck;
    private bool _sawCoordinator;

    /// <summary>
    /// An account node whose cluster no longer has a coordinator (it left, say for a restart, and started a cluster of
    /// its own) would wait for one forever: it stops instead, and started again joins the coordinator where it is now.
    /// </summary>
    private void CheckCoordinator(Akka.Cluster.Cluster node)
    {
        var coordinators = node.State.Members.Count(m => m.HasRole(ClusterOptions.CoordinatorRole) && m.Status != MemberStatus.Removed);
        if (coordinators > 0)
        {
            _sawCoordinator = true;
            return;
        }

        if (!_sawCoordinator || state.RemovedBecause is not null || lifetime.ApplicationStopping.IsCancellationRequested)
            return;
        state.RemovedBecause = "the coordinator left the cluster; started again, this node joins the coordinator's next cluster";
        logger.LogCritical("❌ Cluster node {Address}: {Reason}. Stopping", node.SelfAddress, state.RemovedBecause);
        lifetime.StopApplication();
    }
}

/// <summary>Why the cluster removed this node (or Akka stopped it: a refused TLS handshake), when it did: `run` then exits non-zero.</summary>
public sealed class ClusterNodeState
{
    public string? RemovedBecause { get; set; }
}
