using Akka.Actor;
using MovieSync.Actors.Movies;
using MovieSync.Messages;
using MovieSync.Tests.Support;
using Xunit;
using Xunit.Abstractions;
using static MovieSync.Messages.MovieCommands;
using static MovieSync.Messages.MovieQueries;

namespace MovieSync.Tests.Movies;

/// <summary>A movie goes pending → downloading → completed, retries on the contract's schedule, then fails for good.</summary>
public sealed class MovieLifecycleSpecs(ITestOutputHelper output) : CoordinatorSpec(output)
{
    private static readonly MovieId Matrix = MovieId.Parse("tt0133093");

    [Fact]
    public void A_queued_movie_is_grabbed_at_once_and_completes_when_its_download_finishes()
    {
        Grabber.Progress(Matrix, new DownloadProgress.InProgress(0.4, 100, null), new DownloadProgress.Finished("/data/The Matrix"));
        var coordinator = StartCoordinator();

        coordinator.Tell(new QueueMovie(Matrix, "The Matrix", 1999), ActorRefs.NoSender);
        AwaitCondition(() => Statistics(coordinator).Downloading == 1, "the torrent was added");
        Assert.Equal(1, Grabber.AttemptsFor(Matrix));

        Clock.AdvanceWhenDue(MovieSettings.Default.FollowInterval); // the next follow, set once the first one answered
        AwaitCondition(() => Statistics(coordinator).Completed == 1, "the download finished");
        // Three changes: queued, torrent added, completed.
        var statistics = Request<StatisticsResult>(coordinator, GetStatistics.Instance);
        Assert.Equal(new MovieCounts(Pending: 0, Failed: 0, PermanentFailures: 0, Downloading: 0, Completed: 1), statistics.Counts);
        Assert.Equal(3, statistics.Changes);
    }

    [Fact]
    public void A_movie_queued_twice_is_grabbed_once()
    {
        var coordinator = StartCoordinator();
        coordinator.Tell(new QueueMovie(Matrix, "The Matrix", 1999), ActorRefs.NoSender);
        coordinator.Tell(new QueueMovie(Matrix, "The Matrix", 1999), ActorRefs.NoSender);
        AwaitCondition(() => Statistics(coordinator).Downloading == 1, "the torrent was added");
        Assert.Equal(1, Grabber.AttemptsFor(Matrix));
        Assert.Equal(1, Statistics(coordinator).Total);
    }

    [Fact]
    public void Failed_attempts_follow_the_contract_schedule_then_become_a_permanent_failure()
    {
        Grabber.Otherwise = _ => new GrabOutcome.Failed("No torrents found");
        var coordinator = StartCoordinator();
        coordinator.Tell(new QueueMovie(Matrix, "The Matrix", 1999), ActorRefs.NoSender);
        AwaitCondition(() => Grabber.AttemptsFor(Matrix) == 1, "the first attempt runs at once");

        // CONTRACT.md: attempts at 0, +1 h, +2 h, +4 h, +8 h, +16 h with the defaults.
        var attempt = 1;
        foreach (var hours in new[] { 1, 2, 4, 8, 16 })
        {
            AwaitParked(coordinator, Matrix, $"attempt {attempt} was recorded as failed");
            Clock.AwaitDue(within: TimeSpan.FromHours(hours));
            Clock.Advance(TimeSpan.FromHours(hours) - TimeSpan.FromMinutes(1));
            AssertStillParked(coordinator, attempt);
            Clock.AdvanceWhenDue(TimeSpan.FromMinutes(1));
            attempt++;
            AwaitCondition(() => Grabber.AttemptsFor(Matrix) == attempt, $"retry {attempt - 1} runs after {hours} h");
        }

        AwaitCondition(() => Statistics(coordinator).PermanentFailures == 1 && !HasActor(Matrix), "the last retry failed");
        Clock.Advance(TimeSpan.FromDays(3)); // no timer is left: nothing may run
        Assert.Equal(1, Statistics(coordinator).PermanentFailures);
        Assert.False(HasActor(Matrix));
        Assert.Equal(6, Grabber.AttemptsFor(Matrix));
        Assert.Equal([1, 2, 3, 4, 5, 6], Grabber.Attempts.Select(a => a.Attempt));
    }

    [Fact]
    public void The_delay_is_capped_by_max_retry_delay()
    {
        Grabber.Otherwise = _ => new GrabOutcome.Failed("tracker down");
        var coordinator = StartCoordinator(new RetryPolicy(TimeSpan.FromHours(1), 4, 3.0, TimeSpan.FromHours(5)));
        coordinator.Tell(new QueueMovie(Matrix, "The Matrix", 1999), ActorRefs.NoSender);

        var attempt = 1;
        foreach (var hours in new[] { 1, 3, 5, 5 })
        {
            AwaitParked(coordinator, Matrix, $"failure {attempt} was recorded");
            Clock.AwaitDue(within: TimeSpan.FromHours(hours));
            Clock.Advance(TimeSpan.FromHours(hours) - TimeSpan.FromSeconds(1));
            AssertStillParked(coordinator, attempt);
            Clock.AdvanceWhenDue(TimeSpan.FromSeconds(1));
            attempt++;
            AwaitCondition(() => Grabber.AttemptsFor(Matrix) == attempt, $"retry after {hours} h");
        }
    }

    [Fact]
    public void A_crashingGrabber_counts_as_a_failed_attempt_and_loses_nothing()
    {
        Grabber.Script(Matrix, ScriptedGrabber.Throws("qBittorrent exploded"));
        var coordinator = StartCoordinator();
        coordinator.Tell(new QueueMovie(Matrix, "The Matrix", 1999), ActorRefs.NoSender);
        AwaitParked(coordinator, Matrix, "the crash became a failed attempt");

        Clock.AdvanceWhenDue(TimeSpan.FromHours(1));
        AwaitCondition(() => Statistics(coordinator).Downloading == 1, "the retry grabbed it");
        Assert.Equal(2, Grabber.AttemptsFor(Matrix));
    }

    [Fact]
    public void A_download_that_vanishes_from_the_client_is_a_failed_attempt()
    {
        Grabber.Progress(Matrix, new DownloadProgress.Lost("torrent is in state missingFiles"));
        var coordinator = StartCoordinator();
        coordinator.Tell(new QueueMovie(Matrix, "The Matrix", 1999), ActorRefs.NoSender);
        AwaitCondition(() => Statistics(coordinator).Failed == 1, "the lost torrent failed the attempt");
    }

    [Fact]
    public void A_film_already_on_disk_completes_without_a_torrent()
    {
        Grabber.Script(Matrix, () => new GrabOutcome.AlreadyOnDisk("/data/The Matrix (1999)"));
        var coordinator = StartCoordinator();
        coordinator.Tell(new QueueMovie(Matrix, "The Matrix", 1999), ActorRefs.NoSender);
        AwaitCondition(() => Statistics(coordinator).Completed == 1, "the film on disk completed the movie");
    }

    [Fact]
    public void Retry_puts_a_permanent_failure_back_to_pending_with_a_fresh_count()
    {
        Grabber.Script(Matrix, ScriptedGrabber.Fails("no torrents"), ScriptedGrabber.Fails("no torrents"));
        var coordinator = StartCoordinator(new RetryPolicy(TimeSpan.FromHours(1), 1, 2, TimeSpan.FromHours(24)));
        coordinator.Tell(new QueueMovie(Matrix, "The Matrix", 1999), ActorRefs.NoSender);
        AwaitParked(coordinator, Matrix, "first failure");
        Clock.AdvanceWhenDue(TimeSpan.FromHours(1));
        AwaitCondition(() => Statistics(coordinator).PermanentFailures == 1, "the only retry failed");

        var result = Request<RetryMovieResult>(coordinator, new RetryMovie(Matrix));

        Assert.True(result.Accepted, result.Message);
        AwaitCondition(() => Statistics(coordinator).Downloading == 1, "the retried movie was grabbed");
        Assert.Equal(1, Grabber.Attempts.Last().Attempt);
    }

    [Fact]
    public void Retry_of_an_unknown_or_completed_movie_is_refused_and_changes_nothing()
    {
        var coordinator = StartCoordinator();
        var unknown = Request<RetryMovieResult>(coordinator, new RetryMovie(MovieId.Parse("tt9999999")));
        Assert.False(unknown.Accepted);
        Assert.Contains("not a tracked movie", unknown.Message);

        Grabber.Script(Matrix, () => new GrabOutcome.AlreadyOnDisk("/data/m"));
        coordinator.Tell(new QueueMovie(Matrix, "The Matrix", 1999), ActorRefs.NoSender);
        AwaitCondition(() => Statistics(coordinator).Completed == 1, "completed");
        var completed = Request<RetryMovieResult>(coordinator, new RetryMovie(Matrix));
        Assert.False(completed.Accepted);
        Assert.Contains("completed", completed.Message);
        Assert.Equal(1, Statistics(coordinator).Completed);
    }

    /// <summary>The retry's wake has not fired: the coordinator answered (so it handled any tick) and started no actor.</summary>
    private void AssertStillParked(IActorRef coordinator, int attempts)
    {
        Assert.Equal(1, Statistics(coordinator).Failed);
        Assert.False(HasActor(Matrix));
        Assert.Equal(attempts, Grabber.AttemptsFor(Matrix));
    }
}
