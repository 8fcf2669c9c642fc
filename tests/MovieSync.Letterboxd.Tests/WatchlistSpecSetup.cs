using Akka.Actor;
using Akka.Configuration;
using Akka.TestKit;
using MovieSync.Actors.Hosting;
using MovieSync.Messages;
using MovieSync.Tests.Support;
using static MovieSync.Messages.MovieCommands;

namespace MovieSync.Letterboxd.Tests;

/// <summary>What the watchlist actor's specs share: their actor system's configuration and a coordinator that confirms.</summary>
internal static class WatchlistSpecSetup
{
    /// <summary>
    /// An in-memory journal that outlives an actor (per actor system: a restart recovers), the spec clock, and every
    /// message serialized as if it crossed nodes (one our serializer cannot carry fails here).
    /// </summary>
    public static Config Config => ConfigurationFactory.ParseString("""
        akka.loglevel = INFO
        akka.persistence.journal.plugin = "akka.persistence.journal.inmem"
        akka.persistence.snapshot-store.plugin = "akka.persistence.snapshot-store.inmem"
        """).WithFallback(SpecScheduler.Configuration).WithFallback(MovieSync.Specs.SerializationCheck.Config)
        .WithFallback(MovieSyncConfig.Serialization);

    /// <summary>A coordinator that confirms each film it is told to queue or forget, as the real one does.</summary>
    public static TestProbe ConfirmingCoordinator(TestKitBase kit, string forgotten)
    {
        var coordinator = kit.CreateTestProbe();
        coordinator.SetAutoPilot(new DelegateAutoPilot((sender, message) =>
        {
            if (message is QueueMovie queue)
                sender.Tell(new QueueMovieResult(queue.MovieId));
            else if (message is ForgetMovie forget)
                sender.Tell(new ForgetMovieResult(forget.MovieId, true, $"{forget.MovieId} {forgotten}"));
            return AutoPilot.KeepRunning;
        }));
        return coordinator;
    }
}
