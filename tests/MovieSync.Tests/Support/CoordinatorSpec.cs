using Akka.Actor;
using MovieSync.Actors.Movies;
using MovieSync.Messages;
using Xunit.Abstractions;

namespace MovieSync.Tests.Support;

/// <summary>A coordinator over a scripted grabber, on a fresh journal and the test's scheduler.</summary>
public abstract class CoordinatorSpec(ITestOutputHelper output) : PersistentSpec(output)
{
    protected ScriptedGrabber Grabber { get; } = new();

    protected IActorRef StartCoordinator(RetryPolicy? retry = null) =>
        Sys.ActorOf(MovieCoordinator.Props(Grabber, MovieSettings.Default with { Retry = retry ?? RetryPolicy.Default }));
}
