using Akka.Actor;
using MovieSync.Actors.Movies;
using MovieSync.Messages;
using MovieSync.Specs;
using Xunit.Abstractions;

namespace MovieSync.Tests.Support;

/// <summary>A coordinator over a scripted grabber, on a fresh journal (SQLite unless a derived class names another) and the test's scheduler.</summary>
public abstract class CoordinatorSpec : PersistentSpec
{
    protected CoordinatorSpec(ITestOutputHelper output) : base(output)
    {
    }

    protected CoordinatorSpec(ITestOutputHelper output, JournalUnderTest journal) : base(output, journal)
    {
    }

    protected ScriptedGrabber Grabber { get; } = new();

    /// <summary>The coordinator under its own name, so that one started again after <see cref="Stop"/> recovers the same journal.</summary>
    protected IActorRef StartCoordinator(RetryPolicy? retry = null) =>
        StartCoordinator(MovieSettings.Default with { Retry = retry ?? RetryPolicy.Default });

    protected IActorRef StartCoordinator(MovieSettings settings) =>
        Sys.ActorOf(MovieCoordinator.Props(Grabber, settings), MovieCoordinator.Name);

    protected void Stop(IActorRef coordinator)
    {
        Watch(coordinator);
        coordinator.Tell(PoisonPill.Instance);
        ExpectTerminated(coordinator);
    }

    /// <summary>
    /// How long a query may take: a movie actor recovering from its journal answers once it has, which took over 5 s at
    /// the start of a loaded run (the suite's first minute compiles everything at once).
    /// </summary>
    private static readonly TimeSpan Answer = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Whether the movie has an actor. Asked after the coordinator has answered a query, it also tells whether a wake
    /// timer that fired before the query started the movie again.
    /// </summary>
    protected bool HasActor(MovieId id)
    {
        var probe = CreateTestProbe();
        Sys.ActorSelection($"/user/{MovieCoordinator.Name}").Tell(new MovieQueries.GetMovieState(id), probe.Ref);
        return probe.ExpectMsg<object>(Answer) is MovieQueries.MovieStateResult;
    }

    /// <summary>Waits until the failed movie is parked: counted as failed, with no actor, its wake timer set.</summary>
    protected void AwaitParked(IActorRef coordinator, MovieId id, string because) =>
        AwaitCondition(() => !HasActor(id) && Statistics(coordinator).Failed >= 1, because);

    /// <summary>The movie actor's state, once it has handled every message told to it before, a timer's tick included.</summary>
    protected MovieState StateOf(MovieId id)
    {
        var probe = CreateTestProbe();
        Sys.ActorSelection($"/user/{MovieCoordinator.Name}").Tell(new MovieQueries.GetMovieState(id), probe.Ref);
        return probe.ExpectMsg<MovieQueries.MovieStateResult>(Answer).State;
    }

    /// <summary>The movie's journaled events, oldest first, read through this spec's own actor system.</summary>
    protected IReadOnlyList<IMovieEvent> EventsOf(MovieId id)
    {
        var reader = new MovieSync.Host.Journal.JournalReader(Sys);
        return reader.MovieEventsAsync(id).GetAwaiter().GetResult().Select(e => e.Event).OfType<IMovieEvent>().ToList();
    }
}
