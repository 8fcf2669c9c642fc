using MovieSync.Messages;
using Xunit;
using static MovieSync.Messages.CoordinatorEvents;
using static MovieSync.Messages.MovieCommands;
using static MovieSync.Messages.MovieEvents;

namespace MovieSync.Tests.Movies;

/// <summary>The coordinator's and a movie's decisions, from their state alone: no actor, no journal, no clock.</summary>
public sealed class DecisionSpecs
{
    private static readonly MovieId Matrix = MovieId.Parse("tt0133093");
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan ParkAfter = TimeSpan.FromMinutes(1);

    private static CoordinatorState Tracked(params ICoordinatorEvent[] more) =>
        more.Aggregate(CoordinatorState.Empty.Apply(new MovieTracked(Matrix, "The Matrix", 1999, Now)), (s, e) => s.Apply(e));

    private static MovieState Failed(int failures, DateTimeOffset retryAt) => MovieState.Empty(Matrix)
        .Apply(new MovieQueued(Matrix, "The Matrix", 1999, Now))
        .Apply(new AttemptFailed(Matrix, failures, "No torrents found", retryAt, Now));

    [Fact]
    public void A_new_movie_is_tracked_and_started_and_a_known_one_changes_nothing_but_both_are_confirmed()
    {
        var first = CoordinatorState.Empty.Decide(new QueueMovie(Matrix, "The Matrix", 1999), Now);
        Assert.IsType<MovieTracked>(Assert.Single(first.Events));
        Assert.Equal(MovieActorStep.Start, first.Step);
        Assert.Equal(new QueueMovieResult(Matrix), first.Reply);

        var again = Tracked().Decide(new QueueMovie(Matrix, "The Matrix", 1999), Now);
        Assert.Empty(again.Events);
        Assert.Equal(MovieActorStep.None, again.Step);
        Assert.Equal(new QueueMovieResult(Matrix), again.Reply);
    }

    [Fact]
    public void A_forgotten_movie_that_comes_back_is_reopened()
    {
        var decision = Tracked(new MovieSettled(Matrix, MovieStatus.Forgotten, Now)).Decide(new QueueMovie(Matrix, "The Matrix", 1999), Now);

        Assert.IsType<MovieReopened>(Assert.Single(decision.Events));
        Assert.Equal(MovieActorStep.Start, decision.Step);
    }

    [Fact]
    public void Retry_goes_to_a_running_movie_reopens_a_permanent_failure_and_refuses_a_completed_one()
    {
        Assert.Equal(MovieActorStep.Forward, Tracked().Decide(new RetryMovie(Matrix), Now).Step);

        var reopened = Tracked(new MovieSettled(Matrix, MovieStatus.PermanentFailure, Now)).Decide(new RetryMovie(Matrix), Now);
        Assert.IsType<MovieReopened>(Assert.Single(reopened.Events));
        Assert.True(Assert.IsType<RetryMovieResult>(reopened.Reply).Accepted);

        var refused = Tracked(new MovieSettled(Matrix, MovieStatus.Completed, Now)).Decide(new RetryMovie(Matrix), Now);
        Assert.Empty(refused.Events);
        var reply = Assert.IsType<RetryMovieResult>(refused.Reply);
        Assert.False(reply.Accepted);
        Assert.Equal("tt0133093 is completed, not failed", reply.Message);

        var unknown = CoordinatorState.Empty.Decide(new RetryMovie(Matrix), Now);
        Assert.Equal("tt0133093 is not a tracked movie", Assert.IsType<RetryMovieResult>(unknown.Reply).Message);
    }

    [Fact]
    public void A_parked_movie_is_reopened_by_a_retry_rather_than_forwarded()
    {
        var decision = Tracked(new MovieParked(Matrix, Now.AddHours(2), Now)).Decide(new RetryMovie(Matrix), Now);

        Assert.IsType<MovieReopened>(Assert.Single(decision.Events));
        Assert.Equal(MovieActorStep.Start, decision.Step);
    }

    [Fact]
    public void A_failure_with_a_far_retry_is_parked_unless_the_actor_just_started()
    {
        var report = Failed(1, Now.AddHours(1));

        var parked = Tracked().DecideOnReport(report, Now, ParkAfter, justStarted: false)!;
        Assert.Equal(MovieActorStep.Park, parked.Step);
        Assert.Equal(Now.AddHours(1), Assert.IsType<MovieParked>(Assert.Single(parked.Events)).WakeAt);

        Assert.Equal(MovieActorStep.None, Tracked().DecideOnReport(report, Now, ParkAfter, justStarted: true)!.Step);
        Assert.Equal(MovieActorStep.None, Tracked().DecideOnReport(Failed(1, Now.AddSeconds(30)), Now, ParkAfter, false)!.Step);
    }

    [Fact]
    public void A_settled_report_stops_the_actor_and_is_recorded_once_and_a_late_one_is_ignored()
    {
        var completed = Failed(1, Now).Apply(new MovieCompleted(Matrix, "/data/The Matrix", AlreadyOnDisk: true, Now));

        var first = Tracked().DecideOnReport(completed, Now, ParkAfter, false)!;
        Assert.Equal(MovieStatus.Completed, Assert.IsType<MovieSettled>(Assert.Single(first.Events)).Status);
        Assert.Equal(MovieActorStep.Stop, first.Step);

        var settled = Tracked(new MovieSettled(Matrix, MovieStatus.Completed, Now));
        Assert.Null(settled.DecideOnReport(Failed(1, Now.AddHours(1)), Now, ParkAfter, false)); // late word from a stopping actor
    }

    [Fact]
    public void A_movie_refuses_to_forget_a_download_and_to_retry_what_has_not_failed()
    {
        var downloading = Failed(1, Now).Apply(new TorrentAdded(Matrix, "The.Matrix.1999.1080p", "hash", Now));

        var forget = downloading.Decide(new ForgetMovie(Matrix, "removed from the Letterboxd watchlist"), Now);
        Assert.Null(forget.Event);
        Assert.False(Assert.IsType<ForgetMovieResult>(forget.Reply).Accepted);

        var retry = downloading.Decide(new RetryMovie(Matrix), Now);
        Assert.Null(retry.Event);
        Assert.Equal("tt0133093 is downloading, not failed", Assert.IsType<RetryMovieResult>(retry.Reply).Message);

        var accepted = Failed(2, Now.AddHours(2)).Decide(new RetryMovie(Matrix), Now);
        Assert.IsType<RetryRequested>(accepted.Event);
        Assert.True(Assert.IsType<RetryMovieResult>(accepted.Reply).Accepted);
    }
}
