using Akka.Actor;
using MovieSync.Actors.Movies;
using MovieSync.Messages;
using MovieSync.Tests.Support;
using Xunit;
using Xunit.Abstractions;
using static MovieSync.Messages.MovieCommands;

namespace MovieSync.Tests.Movies;

/// <summary>`grab`, `skip` and `priority` through the coordinator and the movie's own actor, journaled, across restarts.</summary>
public sealed class ControlSpecs(ITestOutputHelper output) : CoordinatorSpec(output)
{
    private static readonly MovieId Matrix = MovieId.Parse("tt0133093");
    private static readonly MovieId Heat = MovieId.Parse("tt0113277");
    private static readonly RetryPolicy OneRetry = RetryPolicy.Default with { MaxRetries = 1 };

    [Fact]
    public void Grab_of_a_permanent_failure_attempts_at_once_first_in_line_and_the_retry_count_carries_on()
    {
        Grabber.Script(Matrix, ScriptedGrabber.Fails("No torrents found"), ScriptedGrabber.Fails("No torrents found"),
            ScriptedGrabber.Fails("still none"));
        var coordinator = StartCoordinator(OneRetry);
        coordinator.Tell(new QueueMovie(Matrix, "The Matrix", 1999), ActorRefs.NoSender);
        AwaitParked(coordinator, Matrix, "the first attempt failed");
        Clock.AdvanceWhenDue(TimeSpan.FromHours(1), receiver: coordinator);
        AwaitCondition(() => Statistics(coordinator).PermanentFailures == 1, "the one retry failed too");

        var grabbed = Request<MovieCommandResult>(coordinator, new GrabMovie(Matrix, "asked by the spec"));

        Assert.True(grabbed.Accepted, grabbed.Message);
        AwaitCondition(() => Grabber.AttemptsFor(Matrix) == 3, "the grab ran without a retry being due");
        var attempt = Grabber.Attempts.Last();
        Assert.Equal(3, attempt.Attempt); // not 1: the history and its count stay
        Assert.Equal(QueueRank.GrabNow, attempt.Rank);
        // Its failure counts on top: past the one retry allowed, it is permanent again at once.
        AwaitCondition(() => Statistics(coordinator).PermanentFailures == 1, "the grabbed attempt failed: permanent again");
        Assert.Equal(3, EventsOf(Matrix).OfType<MovieEvents.MovieFailedPermanently>().Last().Failures);
        Assert.Contains(EventsOf(Matrix), e => e is MovieEvents.GrabRequested { Reason: "asked by the spec" });
    }

    [Fact]
    public void Grab_of_a_parked_movie_runs_now_and_a_restart_does_not_park_it_again()
    {
        var held = Grabber.HoldNext(Matrix);
        var coordinator = StartCoordinator();
        coordinator.Tell(new QueueMovie(Matrix, "The Matrix", 1999), ActorRefs.NoSender);
        held.SetResult(new GrabOutcome.Failed("No torrents found"));
        AwaitParked(coordinator, Matrix, "the failed movie was parked for an hour");

        Grabber.HoldNext(Matrix); // the grabbed attempt stays under way: the movie is pending when the host stops
        Assert.True(Request<MovieCommandResult>(coordinator, new GrabMovie(Matrix, "asked by the spec")).Accepted);
        AwaitCondition(() => Grabber.AttemptsFor(Matrix) == 2, "the grab ran at once");
        Stop(coordinator);

        var restarted = StartCoordinator();
        AwaitCondition(() => Grabber.AttemptsFor(Matrix) == 3, "after a restart it is attempted again at once, not at the parked time");
        Assert.Equal(QueueRank.GrabNow, Grabber.Attempts.Last().Rank);
        AwaitCondition(() => Statistics(restarted).Downloading == 1, "the grab added its torrent");
        Assert.False(StateOf(Matrix).GrabNow); // first in line only until its attempt ended
    }

    [Fact]
    public void A_skipped_movie_is_never_attempted_holds_no_actor_after_a_restart_and_retry_brings_it_back()
    {
        Grabber.Script(Matrix, ScriptedGrabber.Fails("No torrents found"));
        var coordinator = StartCoordinator();
        coordinator.Tell(new QueueMovie(Matrix, "The Matrix", 1999), ActorRefs.NoSender);
        AwaitParked(coordinator, Matrix, "the first attempt failed");

        var skipped = Request<MovieCommandResult>(coordinator, new SkipMovie(Matrix, "asked by the spec"));

        Assert.True(skipped.Accepted, skipped.Message);
        AwaitCondition(() => Statistics(coordinator).Skipped == 1 && !HasActor(Matrix), "skipped, its actor stopped");
        Clock.Advance(TimeSpan.FromHours(2)); // past the retry it had: its wake starts nothing
        Assert.Equal(1, Statistics(coordinator).Skipped);
        Assert.Equal(1, Grabber.AttemptsFor(Matrix));
        Assert.True(Request<MovieCommandResult>(coordinator, new SkipMovie(Matrix, "again")).Accepted); // already skipped: fine

        Stop(coordinator);
        var restarted = StartCoordinator();
        Assert.Equal(1, Statistics(restarted).Skipped);
        Assert.False(HasActor(Matrix));
        Assert.Equal(1, Grabber.AttemptsFor(Matrix));

        var retried = Request<RetryMovieResult>(restarted, new RetryMovie(Matrix));
        Assert.True(retried.Accepted, retried.Message);
        AwaitCondition(() => Statistics(restarted).Downloading == 1, "retry brought it back and it was grabbed");
        Assert.Equal(1, Grabber.Attempts.Last().Attempt); // retry: a fresh count
    }

    [Fact]
    public void Skip_during_an_attempt_is_answered_at_once_and_a_torrent_the_attempt_still_added_is_taken_back()
    {
        var held = Grabber.HoldNext(Heat);
        var coordinator = StartCoordinator();
        coordinator.Tell(new QueueMovie(Heat, "Heat", 1995), ActorRefs.NoSender);
        AwaitCondition(() => Grabber.AttemptsFor(Heat) == 1, "the attempt is under way");

        var result = Request<MovieCommandResult>(coordinator, new SkipMovie(Heat, "asked by the spec"));
        Assert.True(result.Accepted, result.Message);
        AwaitCondition(() => Statistics(coordinator).Skipped == 1, "skipped while its attempt runs");
        Assert.Empty(Grabber.Removals);

        held.SetResult(new GrabOutcome.Added("Heat.1995.1080p", "hash-heat"));

        AwaitCondition(() => Grabber.Removals.Count == 1, "the torrent the attempt added came out again");
        Assert.Equal((Heat, "hash-heat", true), Grabber.Removals.Single());
        AwaitCondition(() => !HasActor(Heat), "its actor stopped once the attempt was dealt with");
        var counts = Statistics(coordinator);
        Assert.Equal(1, counts.Skipped);
        Assert.Equal(0, counts.Downloading);
        Assert.DoesNotContain(EventsOf(Heat), e => e is MovieEvents.TorrentAdded);
    }

    [Fact]
    public void Priority_orders_the_next_attempt_and_is_kept_for_a_settled_movie_without_waking_it()
    {
        Grabber.Script(Matrix, ScriptedGrabber.Fails("No torrents found"), ScriptedGrabber.Fails("No torrents found"));
        var coordinator = StartCoordinator(OneRetry);
        coordinator.Tell(new QueueMovie(Matrix, "The Matrix", 1999), ActorRefs.NoSender);
        AwaitParked(coordinator, Matrix, "the first attempt failed");

        Assert.True(Request<MovieCommandResult>(coordinator, new SetPriority(Matrix, MoviePriority.High, "asked by the spec")).Accepted);
        Assert.Equal(1, Grabber.AttemptsFor(Matrix)); // a priority is no grab: the backoff still runs
        Clock.AdvanceWhenDue(TimeSpan.FromHours(1), receiver: coordinator);
        AwaitCondition(() => Grabber.AttemptsFor(Matrix) == 2, "the retry came");
        Assert.Equal(QueueRank.High, Grabber.Attempts.Last().Rank);
        AwaitCondition(() => Statistics(coordinator).PermanentFailures == 1, "permanent");

        var low = Request<MovieCommandResult>(coordinator, new SetPriority(Matrix, MoviePriority.Low, "asked by the spec"));
        Assert.True(low.Accepted, low.Message);
        AwaitCondition(() => !HasActor(Matrix), "the settled movie's actor stopped again");
        Assert.Equal(1, Statistics(coordinator).PermanentFailures);
        Assert.Equal(2, Grabber.AttemptsFor(Matrix));
        Assert.Equal(MoviePriority.Low, EventsOf(Matrix).OfType<MovieEvents.PriorityChanged>().Last().Priority);
    }

    [Fact]
    public void Commands_for_unknown_completed_or_downloading_movies_are_refused_with_the_reason()
    {
        var coordinator = StartCoordinator();
        coordinator.Tell(new QueueMovie(Heat, "Heat", 1995), ActorRefs.NoSender);
        AwaitCondition(() => Statistics(coordinator).Downloading == 1, "the torrent was added");

        var unknown = Request<MovieCommandResult>(coordinator, new GrabMovie(Matrix, "spec"));
        Assert.False(unknown.Accepted);
        Assert.Equal("tt0133093 is not a tracked movie", unknown.Message);
        var grab = Request<MovieCommandResult>(coordinator, new GrabMovie(Heat, "spec"));
        Assert.False(grab.Accepted);
        Assert.Equal("tt0113277 is downloading; there is nothing to grab", grab.Message);
        Assert.Equal(1, Statistics(coordinator).Downloading);
    }
}
