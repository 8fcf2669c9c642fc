using Akka.Actor;
using MovieSync.Actors.Movies;
using MovieSync.Messages;
using MovieSync.Tests.Support;
using Xunit;
using Xunit.Abstractions;
using static MovieSync.Messages.MovieCommands;
using static MovieSync.Messages.MovieQueries;

namespace MovieSync.Tests.Movies;

/// <summary>A deferred attempt (budget spent, credentials rejected) counts no failure and runs again at its RetryAt.</summary>
public sealed class DeferredAttemptSpecs(ITestOutputHelper output) : CoordinatorSpec(output)
{
    private static readonly MovieId Matrix = MovieId.Parse("tt0133093");

    private Func<GrabOutcome> DeferredFor(TimeSpan wait) => () => new GrabOutcome.Deferred("FileList budget spent", Clock.Now + wait);

    [Fact]
    public void A_deferred_attempt_counts_no_failure_and_runs_again_at_its_retry_time()
    {
        Grabber.Script(Matrix, DeferredFor(TimeSpan.FromMinutes(30)));
        var coordinator = StartCoordinator();
        coordinator.Tell(new QueueMovie(Matrix, "The Matrix", 1999), ActorRefs.NoSender);
        AwaitCondition(() => Grabber.AttemptsFor(Matrix) == 1, "the first attempt ran");

        // A wait of more than a minute costs no actor: the coordinator wakes the movie when it ends.
        AwaitNotRunning(coordinator, Matrix);
        Clock.AwaitDue(within: TimeSpan.FromMinutes(30), receiver: coordinator);
        Clock.Advance(TimeSpan.FromMinutes(29));
        Assert.Equal(1, Grabber.AttemptsFor(Matrix));
        var waiting = Statistics(coordinator);
        Assert.Equal(1, waiting.Pending);
        Assert.Equal(0, waiting.Failed);

        Clock.AdvanceWhenDue(TimeSpan.FromMinutes(1));
        AwaitCondition(() => Statistics(coordinator).Downloading == 1, "the attempt ran again at RetryAt and added the torrent");
        // Both attempts are "attempt 1": the deferral did not count as a failure.
        Assert.Equal([1, 1], Grabber.Attempts.Select(a => a.Attempt));
    }

    [Fact]
    public void A_movie_waiting_without_an_actor_is_woken_at_once_when_its_FileList_turn_comes()
    {
        Grabber.Script(Matrix, DeferredFor(TimeSpan.FromHours(3)));
        var coordinator = StartCoordinator();
        coordinator.Tell(new QueueMovie(Matrix, "The Matrix", 1999), ActorRefs.NoSender);
        AwaitNotRunning(coordinator, Matrix);

        Sys.EventStream.Publish(new FileListEvents.FileListTurn(Matrix)); // as the account actor does when requests free

        AwaitCondition(() => Statistics(coordinator).Downloading == 1, "the woken movie's attempt added the torrent");
        Assert.Equal([1, 1], Grabber.Attempts.Select(a => a.Attempt));
        Assert.False(Clock.IsDue(TimeSpan.FromHours(4), coordinator), "the wake timer of the wait was cancelled");
    }

    [Fact]
    public void A_short_wait_keeps_the_actor_and_its_FileList_turn_starts_the_attempt_before_the_timer()
    {
        Grabber.Script(Matrix, DeferredFor(TimeSpan.FromSeconds(50)));
        var coordinator = StartCoordinator();
        coordinator.Tell(new QueueMovie(Matrix, "The Matrix", 1999), ActorRefs.NoSender);
        AwaitCondition(() => Grabber.AttemptsFor(Matrix) == 1, "the first attempt ran");
        Clock.AwaitDue(within: TimeSpan.FromSeconds(50)); // the movie's own timer: it keeps its actor
        Assert.Equal(MovieStatus.Pending, StateOf(Matrix).Status);

        Sys.EventStream.Publish(new FileListEvents.FileListTurn(Matrix));

        AwaitCondition(() => Statistics(coordinator).Downloading == 1, "the turn started the attempt at once");
        Assert.Equal(2, Grabber.AttemptsFor(Matrix));
    }

    [Fact]
    public void Deferrals_never_use_up_the_retries()
    {
        Grabber.Otherwise = _ => new GrabOutcome.Deferred("FileList rejected the credentials", Clock.Now + TimeSpan.FromHours(1));
        var coordinator = StartCoordinator(new RetryPolicy(TimeSpan.FromHours(1), MaxRetries: 1, 2.0, TimeSpan.FromHours(24)));
        coordinator.Tell(new QueueMovie(Matrix, "The Matrix", 1999), ActorRefs.NoSender);

        for (var attempt = 1; attempt <= 5; attempt++)
        {
            var expected = attempt;
            AwaitCondition(() => Grabber.AttemptsFor(Matrix) == expected, $"deferred attempt {expected} ran");
            Clock.AdvanceWhenDue(TimeSpan.FromHours(1));
        }

        AwaitCondition(() => Grabber.AttemptsFor(Matrix) == 6, "it keeps trying every hour");
        var counts = Statistics(coordinator);
        Assert.Equal(1, counts.Pending);
        Assert.Equal(0, counts.Failed);
        Assert.All(Grabber.Attempts, a => Assert.Equal(1, a.Attempt));
    }

    [Fact]
    public void A_deferral_after_a_failure_keeps_the_failure_count()
    {
        Grabber.Script(Matrix, ScriptedGrabber.Fails("No torrents found"), DeferredFor(TimeSpan.FromMinutes(10)));
        var coordinator = StartCoordinator();
        coordinator.Tell(new QueueMovie(Matrix, "The Matrix", 1999), ActorRefs.NoSender);
        AwaitParked(coordinator, Matrix, "the first attempt failed");

        Clock.AdvanceWhenDue(TimeSpan.FromHours(1));
        AwaitCondition(() => Grabber.AttemptsFor(Matrix) == 2, "the retry ran and was deferred");
        Assert.Equal(1, Statistics(coordinator).Failed);

        Clock.AdvanceWhenDue(TimeSpan.FromMinutes(10));
        AwaitCondition(() => Statistics(coordinator).Downloading == 1, "the deferred retry ran again");
        Assert.Equal([1, 2, 2], Grabber.Attempts.Select(a => a.Attempt));
    }

    private void AwaitNotRunning(IActorRef coordinator, MovieId movie) =>
        AwaitCondition(() => !HasActor(movie) && Statistics(coordinator).Pending == 1, "the waiting movie holds no actor");
}
