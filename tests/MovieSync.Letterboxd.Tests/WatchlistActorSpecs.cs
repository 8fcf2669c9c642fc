using Akka.Actor;
using Akka.Configuration;
using MovieSync.Actors.Hosting;
using Akka.TestKit;
using MovieSync.Actors.Watchlist;
using MovieSync.Actors.Adapters.Letterboxd;
using MovieSync.Messages;
using MovieSync.Simulators.Letterboxd;
using MovieSync.Tests.Support;
using Xunit.Abstractions;
using static MovieSync.Messages.MovieCommands;
using static MovieSync.Specs.SpecWaits;

namespace MovieSync.Letterboxd.Tests;

public sealed class WatchlistActorSpecs : Akka.TestKit.Xunit2.TestKit, IAsyncLifetime
{
    private const string User = "alice";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private readonly LetterboxdServer _server = new();
    private readonly TestProbe _coordinator;
    private readonly WatchlistSettings _settings =
        new(User, TimeSpan.FromHours(1), TimeSpan.FromDays(1), WatchlistSourceKind.Scrape, null)
        {
            FailureRetryDelay = TimeSpan.FromMinutes(1),
            // No grace: a removal needs only its two complete reads (WatchlistRemovalSpecs has the grace).
            Removals = new RemovalRules(RemovalAction.Forget, TimeSpan.Zero),
        };

    public WatchlistActorSpecs(ITestOutputHelper output) : base(WatchlistSpecSetup.Config, output: output)
    {
        // The hand-over specs use a silent coordinator instead.
        _coordinator = WatchlistSpecSetup.ConfirmingCoordinator(this, "is forgotten");
    }

    public Task InitializeAsync() => _server.InitializeAsync();

    Task IAsyncLifetime.DisposeAsync() => _server.DisposeAsync();

    private FakeLetterboxd Fake => _server.Fake;

    private SpecScheduler Clock => (SpecScheduler)Sys.Scheduler;

    private IActorRef Start(WatchlistSettings? settings = null, IActorRef? coordinator = null) =>
        Sys.ActorOf(WatchlistActor.Props(settings ?? _settings, new ScrapedWatchlistSource(_server.Client), coordinator ?? _coordinator));

    private void Stop(IActorRef actor)
    {
        Watch(actor);
        Sys.Stop(actor);
        ExpectTerminated(actor);
    }

    private static List<FakeFilm> SixtyFilms() => FakeFilm.Seed.Concat(FakeFilm.Generated(46)).ToList();

    private WatchlistState State(IActorRef actor)
    {
        var probe = CreateTestProbe();
        actor.Tell(WatchlistQueries.GetWatchlist.Instance, probe.Ref);
        return probe.ExpectMsg<WatchlistState>(Wait);
    }

    /// <summary>Starts the actor on 60 films and waits until all 59 movies (60 minus the TV entry) were queued.</summary>
    private IActorRef Synced()
    {
        Fake.SetWatchlist(User, SixtyFilms());
        var actor = Start();
        var queued = _coordinator.ReceiveN(59, Wait).Cast<QueueMovie>().ToList();
        Assert.Equal(59, queued.Select(q => q.MovieId).Distinct().Count());
        AwaitAssert(() => Assert.All(State(actor).Films.Values, f => Assert.True(f.Resolved)), Wait);
        return actor;
    }

    [Fact]
    public void First_sync_queues_every_film_once_with_its_IMDb_id_and_skips_the_TV_entry()
    {
        Fake.SetWatchlist(User, SixtyFilms());
        var actor = Start();

        var queued = _coordinator.ReceiveN(59, Wait).Cast<QueueMovie>().ToList();

        Assert.Contains(new QueueMovie(MovieId: MovieId.Parse("tt0133093"), Title: "The Matrix", Year: 1999), queued);
        Assert.Contains(new QueueMovie(MovieId: MovieId.Parse("tt0211915"), Title: "Amélie", Year: 2001), queued);
        Assert.Contains(new QueueMovie(MovieId: MovieId.Parse("tt0087182"), Title: "Dune", Year: 1984), queued);
        Assert.Contains(new QueueMovie(MovieId: MovieId.Parse("tt1160419"), Title: "Dune", Year: 2021), queued);
        Assert.Contains(new QueueMovie(MovieId: MovieId.Parse("a-quiet-festival-short"), Title: "A Quiet Festival Short", Year: 2024), queued);
        Assert.DoesNotContain(queued, q => q.Title == "Chernobyl");
        AwaitAssert(() => Assert.Equal(60, State(actor).Films.Count), Wait);
        Assert.True(State(actor).Films["chernobyl"].IsTv);
        Assert.Equal(60, Fake.RequestsUnder("/film/"));
    }

    [Fact]
    public void A_check_with_nothing_new_makes_one_request_and_tells_nothing()
    {
        var actor = Synced();
        Fake.ResetRequestCounts();

        actor.Tell(new WatchlistCommands.CheckWatchlist());

        AwaitCondition(() => Fake.TotalRequests == 1, Wait, Poll);
        _coordinator.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        Assert.Equal(1, Fake.RequestsTo("/alice/watchlist/"));
    }

    [Fact]
    public void Thirty_new_films_across_a_page_boundary_are_queued()
    {
        var actor = Synced();
        Fake.AddFilms(User, FakeFilm.Generated(30, first: 1000));

        actor.Tell(new WatchlistCommands.CheckWatchlist());

        var queued = _coordinator.ReceiveN(30, Wait).Cast<QueueMovie>().ToList();
        Assert.Equal(Enumerable.Range(1000, 30).Select(i => $"Generated Film {i}").Order(), queued.Select(q => q.Title).Order());
        AwaitAssert(() => Assert.Equal(90, State(actor).Films.Count), Wait);
    }

    /// <summary>A full walk, waited for until its check is over (the next one is scheduled).</summary>
    private void FullWalk(IActorRef actor)
    {
        actor.Tell(new WatchlistCommands.CheckWatchlist(FullSync: true));
        State(actor); // answered after the check started, which cancelled the last check's timer
        Clock.AwaitDue(_settings.CheckInterval, receiver: actor);
    }

    [Fact]
    public void A_film_removed_from_the_watchlist_is_forgotten_after_two_full_walks_without_it()
    {
        var actor = Synced();
        Fake.RemoveFilm(User, "se7en");
        Fake.RemoveFilm(User, "chernobyl");

        FullWalk(actor);
        _coordinator.ExpectNoMsg(TimeSpan.FromMilliseconds(300)); // one read is not enough
        Assert.Equal(1, State(actor).Missing["se7en"].CompleteReads);
        actor.Tell(new WatchlistCommands.CheckWatchlist(FullSync: true));

        _coordinator.ExpectMsg(new ForgetMovie(MovieId: MovieId.Parse("tt0114369"), Reason: "removed from the Letterboxd watchlist"), Wait);
        _coordinator.ExpectNoMsg(TimeSpan.FromMilliseconds(300)); // the TV entry was never queued: nothing to forget
        Assert.Equal(58, State(actor).Films.Count);
    }

    [Fact]
    public void A_restart_neither_fetches_film_pages_again_nor_re_tells_known_films()
    {
        var actor = Synced();
        Watch(actor);
        Sys.Stop(actor);
        ExpectTerminated(actor);
        Fake.ResetRequestCounts();

        var restarted = Start();

        AwaitCondition(() => Fake.TotalRequests == 1, Wait, Poll);
        _coordinator.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        Assert.Equal(60, State(restarted).Films.Count);
        Assert.Equal(0, Fake.RequestsUnder("/film/"));
    }

    [Theory]
    [InlineData(LetterboxdFault.CloudflareChallenge, "Blocked")]
    [InlineData(LetterboxdFault.RateLimited, "RateLimited")]
    [InlineData(LetterboxdFault.ServerError, "ServerError")]
    [InlineData(LetterboxdFault.ChangedMarkup, "MarkupChanged")]
    [InlineData(LetterboxdFault.TruncatedPage, "MarkupChanged")]
    public void A_bad_page_adds_nothing_removes_nothing_and_backs_off(LetterboxdFault fault, string logged)
    {
        var actor = Synced();
        Fake.RemoveFilm(User, "the-matrix");
        Fake.AddFilms(User, FakeFilm.Generated(3, first: 2000));
        Fake.Fault = fault;
        Fake.FaultOnlyOnPage = fault == LetterboxdFault.RateLimited ? null : 2;
        Fake.ResetRequestCounts();

        EventFilter.Warning(contains: logged).ExpectOne(Wait, () => actor.Tell(new WatchlistCommands.CheckWatchlist(FullSync: true)));

        _coordinator.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        Assert.Equal(60, State(actor).Films.Count);
        Assert.True(State(actor).Films.ContainsKey("the-matrix"));

        // The next try comes after the first back-off delay (1 min), well before the hour. The warning is logged just
        // before the actor sets that timer: wait for the timer.
        var before = Fake.TotalRequests;
        Clock.AwaitDue(within: TimeSpan.FromMinutes(1), receiver: actor);
        Clock.Advance(TimeSpan.FromSeconds(59));
        Assert.True(Clock.IsDue(within: TimeSpan.FromSeconds(1), receiver: actor), "the next try is still a second away");
        Assert.Equal(before, Fake.TotalRequests);
        Fake.Fault = LetterboxdFault.None;
        Clock.AdvanceWhenDue(TimeSpan.FromSeconds(1), receiver: actor);
        _coordinator.ReceiveN(3, Wait); // incremental: the three new films
    }

    [Fact]
    public void Reads_that_all_fail_for_an_hour_are_one_journaled_attention_that_a_restart_keeps_and_the_next_good_read_ends()
    {
        var actor = Synced();
        var since = Clock.Now;
        Fake.Fault = LetterboxdFault.CloudflareChallenge; // every page, every try
        actor.Tell(new WatchlistCommands.CheckWatchlist(FullSync: true));

        // Failed reads at 0, 1, 3, 7, 15 and 31 minutes (the back-off doubles): not yet an hour of failures.
        foreach (var minutes in new[] { 1, 2, 4, 8, 16 })
            Clock.AdvanceWhenDue(TimeSpan.FromMinutes(minutes), receiver: actor);
        Clock.AwaitDue(within: TimeSpan.FromMinutes(32), receiver: actor);
        Assert.Null(State(actor).BlockedSince);

        // The read at 63 minutes: an hour of failures is an attention, journaled with when the failures began.
        EventFilter.Warning(contains: "every Letterboxd read has failed since").ExpectOne(Wait,
            () => Clock.AdvanceWhenDue(TimeSpan.FromMinutes(32), receiver: actor));
        AwaitAssert(() => Assert.Equal(since, State(actor).BlockedSince), Wait);

        // A restart keeps it (no second attention for the same run of failures); a good read ends it.
        Clock.AwaitDue(within: TimeSpan.FromHours(1), receiver: actor);
        Stop(actor);
        IActorRef restarted = null!;
        EventFilter.Warning(contains: "Watchlist check failed").ExpectOne(Wait, () => restarted = Start());
        Assert.Equal(since, State(restarted).BlockedSince);
        Fake.Fault = LetterboxdFault.None;
        EventFilter.Info(contains: "Letterboxd reads work again").ExpectOne(Wait,
            () => Clock.AdvanceWhenDue(TimeSpan.FromMinutes(1), receiver: restarted));
        AwaitAssert(() => Assert.Null(State(restarted).BlockedSince), Wait);
    }

    [Fact]
    public void The_first_full_walk_of_several_pages_logs_its_first_and_last_page()
    {
        Fake.SetWatchlist(User, SixtyFilms());

        var lines = InfoLinesUntil("Found 60 movies in watchlist", () => Start());

        // The scheduler's clock stands still, so no page in between is due a line.
        Assert.Equal(["📖 Watchlist page 1 of 3 read (28 of 60 films)", "📖 Watchlist page 3 of 3 read (60 of 60 films)"],
            lines.Where(l => l.StartsWith("📖", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_watchlist_of_one_page_logs_no_page_progress()
    {
        Fake.SetWatchlist(User, FakeFilm.Seed.Take(3));

        var lines = InfoLinesUntil("Found 3 movies in watchlist", () => Start());

        Assert.DoesNotContain(lines, l => l.StartsWith("📖", StringComparison.Ordinal));
    }

    /// <summary>The info lines logged from <paramref name="act"/> until one containing <paramref name="last"/>.</summary>
    private List<string> InfoLinesUntil(string last, Action act)
    {
        var log = CreateTestProbe();
        Sys.EventStream.Subscribe(log.Ref, typeof(Akka.Event.Info));
        act();
        var lines = new List<string>();
        while (lines.Count == 0 || !lines[^1].Contains(last, StringComparison.Ordinal))
            lines.Add(log.ExpectMsg<Akka.Event.Info>(Wait).Message.ToString()!);
        return lines;
    }

    [Fact]
    public void An_unknown_user_is_a_clear_error()
    {
        EventFilter.Error(contains: "'nobody' does not exist").ExpectOne(Wait, () =>
            Start(_settings with { Username = "nobody" }));

        _coordinator.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void A_film_the_coordinator_did_not_confirm_is_told_again_at_the_next_check_and_not_after_it_is_confirmed()
    {
        Fake.SetWatchlist(User, FakeFilm.Seed.Where(f => f.Slug == "the-matrix"));
        var coordinator = CreateTestProbe(); // down: it never answers
        var actor = Start(coordinator: coordinator.Ref);
        Assert.Equal(MovieId.Parse("tt0133093"), coordinator.ExpectMsg<QueueMovie>(Wait).MovieId);

        Clock.AdvanceWhenDue(_settings.CheckInterval, receiver: actor);
        var again = coordinator.ExpectMsg<QueueMovie>(Wait);
        Assert.Equal(MovieId.Parse("tt0133093"), again.MovieId);

        coordinator.Reply(new QueueMovieResult(again.MovieId));
        AwaitAssert(() => Assert.Empty(State(actor).AwaitingHandOver), Wait);
        Clock.AdvanceWhenDue(_settings.CheckInterval, receiver: actor);
        Clock.AwaitDue(_settings.CheckInterval, receiver: actor); // that check is over: its successor is scheduled
        coordinator.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public void A_crash_between_recording_a_film_and_the_coordinator_confirming_it_tells_the_film_again_on_restart()
    {
        Fake.SetWatchlist(User, FakeFilm.Seed.Where(f => f.Slug == "the-matrix"));
        var coordinator = CreateTestProbe();
        var actor = Start(coordinator: coordinator.Ref);
        coordinator.ExpectMsg<QueueMovie>(Wait); // recorded as resolved, told, never confirmed: then the process dies
        Stop(actor);

        var restarted = Start(coordinator: coordinator.Ref);
        var told = coordinator.ExpectMsg<QueueMovie>(Wait);
        Assert.Equal(MovieId.Parse("tt0133093"), told.MovieId);
        coordinator.Reply(new QueueMovieResult(told.MovieId));
        AwaitAssert(() => Assert.Empty(State(restarted).AwaitingHandOver), Wait);
        Stop(restarted);

        Start(coordinator: coordinator.Ref);
        coordinator.ExpectNoMsg(TimeSpan.FromMilliseconds(500)); // confirmed: a restart tells nothing again
    }

    [Fact]
    public void A_removal_the_coordinator_did_not_answer_is_told_again_after_a_restart()
    {
        Fake.SetWatchlist(User, FakeFilm.Seed.Where(f => f.Slug is "the-matrix" or "se7en"));
        var coordinator = CreateTestProbe();
        var actor = Start(coordinator: coordinator.Ref);
        foreach (var queued in coordinator.ReceiveN(2, Wait).Cast<QueueMovie>())
            actor.Tell(new QueueMovieResult(queued.MovieId), coordinator.Ref);
        AwaitAssert(() => Assert.Empty(State(actor).AwaitingHandOver), Wait);

        Fake.RemoveFilm(User, "se7en");
        FullWalk(actor);
        actor.Tell(new WatchlistCommands.CheckWatchlist(FullSync: true));
        var forget = coordinator.ExpectMsg<ForgetMovie>(Wait);
        Assert.Equal(MovieId.Parse("tt0114369"), forget.MovieId);
        Stop(actor); // before the coordinator answered

        var restarted = Start(coordinator: coordinator.Ref);
        Assert.Equal(MovieId.Parse("tt0114369"), coordinator.ExpectMsg<ForgetMovie>(Wait).MovieId);
        coordinator.Reply(new ForgetMovieResult(forget.MovieId, true, "tt0114369 is forgotten"));
        AwaitAssert(() => Assert.Empty(State(restarted).Forgets), Wait);
    }

    [Fact]
    public void Back_off_doubles_per_failure_and_is_capped_at_the_check_interval()
    {
        Assert.Equal(TimeSpan.FromMinutes(1), _settings.DelayAfterFailures(1));
        Assert.Equal(TimeSpan.FromMinutes(8), _settings.DelayAfterFailures(4));
        Assert.Equal(TimeSpan.FromHours(1), _settings.DelayAfterFailures(9));
        Assert.Equal(TimeSpan.FromHours(1), _settings.DelayAfterFailures(0));
    }
}
