using Akka.Actor;
using Akka.Pattern;

namespace MovieSync.Actors.Hosting;

/// <summary>How the hosting extensions start the actors that keep a journal.</summary>
public static class Supervision
{
    /// <summary>
    /// Under a backoff supervisor that starts the actor again whenever it stops, waiting 1 s growing to 1 min: Akka stops
    /// a persistent actor whose journal refuses a write or a recovery (disk full, a database locked past the plugin's
    /// timeouts), so without this one bad minute of the journal would leave a host that runs but does nothing. The
    /// supervisor forwards every message to the actor; what arrives while it is down goes to dead letters, and the
    /// senders' own retries (the watchlist's hand-over, the grabber's deferral) make up for it.
    /// </summary>
    public static Props RestartedWhenStopped(Props actor, string name) =>
        BackoffSupervisor.Props(Backoff.OnStop(actor, name, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1), randomFactor: 0.2,
            maxNrOfRetries: -1));
}
