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

        // The deferral sets the movie's timer without a report: wait for the timer, not for a state.
        Clock.AwaitDue(within: TimeSpan.FromMinutes(30));
        Clock.Advance(TimeSpan.FromMinutes(29));
        Assert.Equal(MovieStatus.Pending, StateOf(Matrix).Status); // answered after any tick the advance delivered
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
}
