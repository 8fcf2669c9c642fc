using Akka.Actor;
using MovieSync.Actors.Movies;
using MovieSync.Messages;
using MovieSync.Tests.Support;
using Xunit;
using Xunit.Abstractions;
using static MovieSync.Messages.MovieCommands;
using static MovieSync.Messages.MovieQueries;

namespace MovieSync.Tests.Movies;

/// <summary>Movies that only wait hold no actor; forgetting stops tracking a movie without touching one being downloaded.</summary>
public sealed class ParkingAndForgettingSpecs(ITestOutputHelper output) : CoordinatorSpec(output)
{
    private static readonly MovieId Matrix = MovieId.Parse("tt0133093");
    private static readonly MovieId Heat = MovieId.Parse("tt0113277");

    [Fact]
    public void A_movie_waiting_an_hour_for_its_retry_holds_no_actor_before_or_after_a_restart()
    {
        Grabber.Script(Matrix, ScriptedGrabber.Fails("No torrents found"));
        var coordinator = StartCoordinator();
        coordinator.Tell(new QueueMovie(Matrix, "The Matrix", 1999), ActorRefs.NoSender);
        AwaitParked(coordinator, Matrix, "the failed movie was parked");

        Stop(coordinator);
        var restarted = StartCoordinator();
        Assert.Equal(1, Statistics(restarted).Failed);
        Assert.False(HasActor(Matrix));

        Clock.AwaitDue(within: TimeSpan.FromHours(1), receiver: restarted); // the wake timer, set as the coordinator recovered
        Clock.Advance(TimeSpan.FromMinutes(59));
        Assert.Equal(1, Statistics(restarted).Failed);
        Assert.False(HasActor(Matrix)); // the wake has not fired
        Assert.Equal(1, Grabber.AttemptsFor(Matrix));
        Clock.AdvanceWhenDue(TimeSpan.FromMinutes(1), receiver: restarted);
        AwaitCondition(() => Grabber.AttemptsFor(Matrix) == 2, "the parked movie woke for its retry");
        Assert.Equal(2, Grabber.Attempts.Last().Attempt);
        AwaitCondition(() => Statistics(restarted).Downloading == 1, "the retry added the torrent");
    }

    [Fact]
    public void Retry_wakes_a_parked_movie_at_once()
    {
        Grabber.Script(Matrix, ScriptedGrabber.Fails("No torrents found"));
        var coordinator = StartCoordinator();
        coordinator.Tell(new QueueMovie(Matrix, "The Matrix", 1999), ActorRefs.NoSender);
        AwaitParked(coordinator, Matrix, "the failed movie was parked");

        var result = Request<RetryMovieResult>(coordinator, new RetryMovie(Matrix));

        Assert.True(result.Accepted, result.Message);
        AwaitCondition(() => Grabber.AttemptsFor(Matrix) == 2, "the retry ran without waiting for the hour");
    }

    [Fact]
    public void A_forgotten_movie_is_no_longer_counted_and_comes_back_fresh_when_queued_again()
    {
        Grabber.Script(Matrix, ScriptedGrabber.Fails("No torrents found"), ScriptedGrabber.Fails("No torrents found"));
        var coordinator = StartCoordinator();
        coordinator.Tell(new QueueMovie(Matrix, "The Matrix", 1999), ActorRefs.NoSender);
        AwaitCondition(() => Statistics(coordinator).Failed == 1, "the first attempt failed");

        var forgotten = Request<ForgetMovieResult>(coordinator, new ForgetMovie(Matrix, "removed from the Letterboxd watchlist"));

        Assert.True(forgotten.Accepted, forgotten.Message);
        AwaitCondition(() => Statistics(coordinator).Total == 0, "a forgotten movie is not counted");
        Clock.Advance(TimeSpan.FromHours(2)); // past the retry it had: a wake that fires starts nothing
        Assert.Equal(0, Statistics(coordinator).Total); // answered after any tick the advance delivered
        Assert.False(HasActor(Matrix));
        Assert.Equal(1, Grabber.AttemptsFor(Matrix));

        coordinator.Tell(new QueueMovie(Matrix, "The Matrix", 1999), ActorRefs.NoSender);
        AwaitCondition(() => Grabber.AttemptsFor(Matrix) == 2, "back on the watchlist, it is grabbed again");
        Assert.Equal(1, Grabber.Attempts.Last().Attempt); // a fresh retry count
    }

    [Fact]
    public void A_movie_already_in_the_download_client_is_left_alone()
    {
        Grabber.Progress(Heat, new DownloadProgress.InProgress(0.3, 1_000_000, TimeSpan.FromMinutes(10)));
        var coordinator = StartCoordinator();
        coordinator.Tell(new QueueMovie(Heat, "Heat", 1995), ActorRefs.NoSender);
        AwaitCondition(() => Statistics(coordinator).Downloading == 1, "the torrent was added");

        var result = Request<ForgetMovieResult>(coordinator, new ForgetMovie(Heat, "removed from the Letterboxd watchlist"));

        Assert.False(result.Accepted);
        Assert.Contains("already in the download client", result.Message);
        Assert.Equal(1, Statistics(coordinator).Downloading);
    }

    [Fact]
    public void Forgetting_an_unknown_movie_says_so()
    {
        var coordinator = StartCoordinator();

        var result = Request<ForgetMovieResult>(coordinator, new ForgetMovie(Matrix, "asked by a person"));

        Assert.False(result.Accepted);
        Assert.Equal("tt0133093 is not a tracked movie", result.Message);
    }
}
