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
public sealed class ParkingAndForgettingSpecs(ITestOutputHelper output) : PersistentSpec(output)
{
    private static readonly MovieId Matrix = MovieId.Parse("tt0133093");
    private static readonly MovieId Heat = MovieId.Parse("tt0113277");
    private readonly ScriptedGrabber _grabber = new();

    private IActorRef StartCoordinator() =>
        Sys.ActorOf(MovieCoordinator.Props(_grabber, MovieSettings.Default), MovieCoordinator.Name);


    private bool HasActor(MovieId id) =>
        Sys.ActorSelection($"/user/{MovieCoordinator.Name}/movie-{id.Value}").ResolveOne(TimeSpan.FromSeconds(1))
            .ContinueWith(t => t.IsCompletedSuccessfully).Result;

    private void Stop(IActorRef coordinator)
    {
        Watch(coordinator);
        coordinator.Tell(PoisonPill.Instance);
        ExpectTerminated(coordinator);
    }

    [Fact]
    public void A_movie_waiting_an_hour_for_its_retry_holds_no_actor_before_or_after_a_restart()
    {
        _grabber.Script(Matrix, ScriptedGrabber.Fails("No torrents found"));
        var coordinator = StartCoordinator();
        coordinator.Tell(new QueueMovie(Matrix, "The Matrix", 1999));
        AwaitCondition(() => Statistics(coordinator).Failed == 1 && !HasActor(Matrix), "the failed movie was parked");

        Stop(coordinator);
        var restarted = StartCoordinator();
        Assert.Equal(1, Statistics(restarted).Failed);
        Assert.False(HasActor(Matrix));

        Clock.Advance(TimeSpan.FromMinutes(59));
        Assert.Equal(1, _grabber.AttemptsFor(Matrix));
        Clock.Advance(TimeSpan.FromMinutes(1));
        AwaitCondition(() => _grabber.AttemptsFor(Matrix) == 2, "the parked movie woke for its retry");
        Assert.Equal(2, _grabber.Attempts.Last().Attempt);
        AwaitCondition(() => Statistics(restarted).Downloading == 1, "the retry added the torrent");
    }

    [Fact]
    public void Retry_wakes_a_parked_movie_at_once()
    {
        _grabber.Script(Matrix, ScriptedGrabber.Fails("No torrents found"));
        var coordinator = StartCoordinator();
        coordinator.Tell(new QueueMovie(Matrix, "The Matrix", 1999));
        AwaitCondition(() => Statistics(coordinator).Failed == 1 && !HasActor(Matrix), "the failed movie was parked");

        var result = Request<RetryMovieResult>(coordinator, new RetryMovie(Matrix));

        Assert.True(result.Accepted, result.Message);
        AwaitCondition(() => _grabber.AttemptsFor(Matrix) == 2, "the retry ran without waiting for the hour");
    }

    [Fact]
    public void A_forgotten_movie_is_no_longer_counted_and_comes_back_fresh_when_queued_again()
    {
        _grabber.Script(Matrix, ScriptedGrabber.Fails("No torrents found"), ScriptedGrabber.Fails("No torrents found"));
        var coordinator = StartCoordinator();
        coordinator.Tell(new QueueMovie(Matrix, "The Matrix", 1999));
        AwaitCondition(() => Statistics(coordinator).Failed == 1, "the first attempt failed");

        var forgotten = Request<ForgetMovieResult>(coordinator, new ForgetMovie(Matrix, "removed from the Letterboxd watchlist"));

        Assert.True(forgotten.Accepted, forgotten.Message);
        AwaitCondition(() => Statistics(coordinator).Total == 0, "a forgotten movie is not counted");
        Clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal(1, _grabber.AttemptsFor(Matrix));

        coordinator.Tell(new QueueMovie(Matrix, "The Matrix", 1999));
        AwaitCondition(() => _grabber.AttemptsFor(Matrix) == 2, "back on the watchlist, it is grabbed again");
        Assert.Equal(1, _grabber.Attempts.Last().Attempt); // a fresh retry count
    }

    [Fact]
    public void A_movie_already_in_the_download_client_is_left_alone()
    {
        _grabber.Progress(Heat, new DownloadProgress.InProgress(0.3, 1_000_000, TimeSpan.FromMinutes(10)));
        var coordinator = StartCoordinator();
        coordinator.Tell(new QueueMovie(Heat, "Heat", 1995));
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
