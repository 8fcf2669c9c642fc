using Akka.Actor;
using MovieSync.Actors.Downloads;
using MovieSync.Messages;
using MovieSync.Tests.Support;
using Xunit;
using Xunit.Abstractions;
using static MovieSync.Messages.DownloadCommands;
using static MovieSync.Messages.DownloadQueries;

namespace MovieSync.Tests.Downloads;

/// <summary>A deferred attempt (budget spent, credentials rejected) counts no failure and runs again at its RetryAt.</summary>
public sealed class DeferredAttemptSpecs : PersistentSpec
{
    private static readonly MovieId Matrix = MovieId.Parse("tt0133093");
    private readonly ScriptedGrabber _grabber = new();

    public DeferredAttemptSpecs(ITestOutputHelper output) : base(output)
    {
    }

    private IActorRef StartCoordinator(RetryPolicy? retry = null) =>
        Sys.ActorOf(DownloadCoordinator.Props(_grabber, DownloadSettings.Default with { Retry = retry ?? RetryPolicy.Default }));

    private StatisticsResult Statistics(IActorRef coordinator) =>
        coordinator.Ask<StatisticsResult>(GetStatistics.Instance, TimeSpan.FromSeconds(5)).Result;

    private Func<GrabOutcome> DeferredFor(TimeSpan wait) => () => new GrabOutcome.Deferred("FileList budget spent", Clock.Now + wait);

    [Fact]
    public void A_deferred_attempt_counts_no_failure_and_runs_again_at_its_retry_time()
    {
        _grabber.Script(Matrix, DeferredFor(TimeSpan.FromMinutes(30)));
        var coordinator = StartCoordinator();
        coordinator.Tell(new QueueMovie(Matrix, "The Matrix", 1999));
        AwaitCondition(() => _grabber.AttemptsFor(Matrix) == 1, "the first attempt ran");

        Clock.Advance(TimeSpan.FromMinutes(29));
        Assert.Equal(1, _grabber.AttemptsFor(Matrix));
        Assert.Equal((1, 0), (Statistics(coordinator).Pending, Statistics(coordinator).Failed));

        Clock.Advance(TimeSpan.FromMinutes(1));
        AwaitCondition(() => Statistics(coordinator).Downloading == 1, "the attempt ran again at RetryAt and added the torrent");
        // Both attempts are "attempt 1": the deferral did not count as a failure.
        Assert.Equal([1, 1], _grabber.Attempts.Select(a => a.Attempt));
    }

    [Fact]
    public void Deferrals_never_use_up_the_retries()
    {
        _grabber.Otherwise = _ => new GrabOutcome.Deferred("FileList rejected the credentials", Clock.Now + TimeSpan.FromHours(1));
        var coordinator = StartCoordinator(new RetryPolicy(TimeSpan.FromHours(1), MaxRetries: 1, 2.0, TimeSpan.FromHours(24)));
        coordinator.Tell(new QueueMovie(Matrix, "The Matrix", 1999));

        for (var attempt = 1; attempt <= 5; attempt++)
        {
            var expected = attempt;
            AwaitCondition(() => _grabber.AttemptsFor(Matrix) == expected, $"deferred attempt {expected} ran");
            Clock.Advance(TimeSpan.FromHours(1));
        }

        AwaitCondition(() => _grabber.AttemptsFor(Matrix) == 6, "it keeps trying every hour");
        Assert.Equal((1, 0), (Statistics(coordinator).Pending, Statistics(coordinator).Failed));
        Assert.All(_grabber.Attempts, a => Assert.Equal(1, a.Attempt));
    }

    [Fact]
    public void A_deferral_after_a_failure_keeps_the_failure_count()
    {
        _grabber.Script(Matrix, ScriptedGrabber.Fails("No torrents found"), DeferredFor(TimeSpan.FromMinutes(10)));
        var coordinator = StartCoordinator();
        coordinator.Tell(new QueueMovie(Matrix, "The Matrix", 1999));
        AwaitCondition(() => Statistics(coordinator).Failed == 1, "the first attempt failed");

        Clock.Advance(TimeSpan.FromHours(1));
        AwaitCondition(() => _grabber.AttemptsFor(Matrix) == 2, "the retry ran and was deferred");
        Assert.Equal(1, Statistics(coordinator).Failed);

        Clock.Advance(TimeSpan.FromMinutes(10));
        AwaitCondition(() => Statistics(coordinator).Downloading == 1, "the deferred retry ran again");
        Assert.Equal([1, 2, 2], _grabber.Attempts.Select(a => a.Attempt));
    }
}
