using Akka.Actor;
using MovieSync.Actors.Movies;
using MovieSync.Messages;
using MovieSync.Specs;
using MovieSync.Tests.Support;
using Xunit;
using Xunit.Abstractions;
using static MovieSync.Messages.MovieCommands;
using static MovieSync.Messages.MovieQueries;

namespace MovieSync.Tests.Movies;

/// <summary>Stopping the coordinator and starting it again resumes every movie from its journal, on SQLite and on PostgreSQL.</summary>
public abstract class MovieRecoverySpecs(ITestOutputHelper output, JournalUnderTest journal) : CoordinatorSpec(output, journal)
{
    private static readonly MovieId Matrix = MovieId.Parse("tt0133093");
    private static readonly MovieId Heat = MovieId.Parse("tt0113277");
    private static readonly MovieId Alien = MovieId.Parse("alien");

    [JournalFact]
    public void A_restarted_coordinator_waits_only_what_remains_of_a_retry_delay_and_keeps_the_count()
    {
        Grabber.Script(Matrix, ScriptedGrabber.Fails("No torrents found"), ScriptedGrabber.Fails("No torrents found"));
        var coordinator = StartCoordinator();
        coordinator.Tell(new QueueMovie(Matrix, "The Matrix", 1999), ActorRefs.NoSender);
        AwaitParked(coordinator, Matrix, "the first attempt failed");
        Clock.Advance(TimeSpan.FromMinutes(40)); // time passes; the retry is not due yet
        Stop(coordinator);

        var restarted = StartCoordinator();
        Assert.Equal(1, Statistics(restarted).Failed); // answered after the recovery, which set the wake timer
        Clock.AwaitDue(within: TimeSpan.FromMinutes(20));
        Clock.Advance(TimeSpan.FromMinutes(19));
        Assert.Equal(1, Statistics(restarted).Failed);
        Assert.False(HasActor(Matrix)); // the wake has not fired
        Assert.Equal(1, Grabber.AttemptsFor(Matrix));
        Clock.AdvanceWhenDue(TimeSpan.FromMinutes(1));
        AwaitCondition(() => Grabber.AttemptsFor(Matrix) == 2, "the retry ran one hour after the failure");
        Assert.Equal(2, Grabber.Attempts.Last().Attempt);

        // The second failure is retry 2: two hours, counted on from the persisted count.
        AwaitParked(restarted, Matrix, "the retry failed too");
        Clock.AdvanceWhenDue(TimeSpan.FromHours(2));
        AwaitCondition(() => Grabber.AttemptsFor(Matrix) == 3, "retry 2 ran after two hours");
        Assert.Equal(3, Grabber.Attempts.Last().Attempt);
    }

    [JournalFact]
    public void A_restarted_coordinator_starts_actors_only_for_movies_with_work_to_do()
    {
        Grabber.Script(Heat, () => new GrabOutcome.AlreadyOnDisk("/data/Heat (1995)"));
        Grabber.Script(Alien, ScriptedGrabber.Fails("No torrents found"));
        var coordinator = StartCoordinator();
        coordinator.Tell(new QueueMovie(Matrix, "The Matrix", 1999), ActorRefs.NoSender);
        coordinator.Tell(new QueueMovie(Heat, "Heat", 1995), ActorRefs.NoSender);
        coordinator.Tell(new QueueMovie(Alien, "Alien", 1979), ActorRefs.NoSender);
        AwaitCondition(() => Statistics(coordinator) is { Downloading: 1, Completed: 1, Failed: 1 }, "all three settled in");
        Stop(coordinator);

        var restarted = StartCoordinator();
        Assert.Equal(new MovieCounts(Pending: 0, Failed: 1, PermanentFailures: 0, Downloading: 1, Completed: 1), Statistics(restarted));
        Assert.True(HasActor(Matrix)); // downloading: followed by its actor
        Assert.False(HasActor(Alien)); // failed, retry in an hour: parked until then
        Assert.False(HasActor(Heat));  // completed: no actor
        Assert.Equal(3, Grabber.Attempts.Count); // recovery grabbed nothing again
    }

    [JournalFact]
    public void A_movie_reopened_while_its_actor_was_not_running_applies_the_retry_when_it_starts()
    {
        Grabber.Script(Matrix, ScriptedGrabber.Fails("no torrents"));
        var coordinator = StartCoordinator(RetryPolicy.Default with { MaxRetries = 0 });
        coordinator.Tell(new QueueMovie(Matrix, "The Matrix", 1999), ActorRefs.NoSender);
        AwaitCondition(() => Statistics(coordinator).PermanentFailures == 1, "no retries allowed");
        Clock.Advance(TimeSpan.FromSeconds(1)); // the retry is asked for later than the failure

        var result = Request<RetryMovieResult>(coordinator, new RetryMovie(Matrix));
        Assert.True(result.Accepted);
        AwaitCondition(() => Statistics(coordinator).Downloading == 1, "the reopened movie was grabbed");
        Stop(coordinator);

        var restarted = StartCoordinator();
        Assert.Equal(1, Statistics(restarted).Downloading);
        Assert.Equal(2, Grabber.Attempts.Count);
    }
}

public sealed class MovieRecoveryOnSqliteSpecs(ITestOutputHelper output) : MovieRecoverySpecs(output, JournalUnderTest.Sqlite());

public sealed class MovieRecoveryOnPostgreSqlSpecs(ITestOutputHelper output)
    : MovieRecoverySpecs(output, JournalUnderTest.PostgreSql()), IPostgreSqlSpec;
