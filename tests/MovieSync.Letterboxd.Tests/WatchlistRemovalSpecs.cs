using Akka.Actor;
using Akka.Configuration;
using Akka.TestKit;
using MovieSync.Actors.Adapters.Letterboxd;
using MovieSync.Actors.Hosting;
using MovieSync.Actors.Watchlist;
using MovieSync.Messages;
using MovieSync.Simulators.Letterboxd;
using MovieSync.Tests.Support;
using Xunit.Abstractions;
using static MovieSync.Messages.MovieCommands;
using static MovieSync.Specs.SpecWaits;

namespace MovieSync.Letterboxd.Tests;

/// <summary>
/// Removals from the site's watchlist (issue 13): a film is forgotten only after two complete, trusted reads in a row
/// lacked it and <c>removal_grace</c> has passed since the first; a read that drops over half of a large watchlist, or
/// fails, never counts; the count survives a restart.
/// </summary>
public sealed class WatchlistRemovalSpecs : Akka.TestKit.Xunit2.TestKit, IAsyncLifetime
{
    private const string User = "alice";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan Grace = TimeSpan.FromDays(7);
    private static readonly MovieId Se7en = MovieId.Parse("tt0114369");
    private readonly LetterboxdServer _server = new();
    private readonly TestProbe _coordinator;
    private readonly WatchlistSettings _settings =
        new(User, TimeSpan.FromHours(1), TimeSpan.FromDays(1), WatchlistSourceKind.Scrape, null)
        {
            Removals = new RemovalRules(RemovalAction.RemoveFiles, Grace),
        };

    public WatchlistRemovalSpecs(ITestOutputHelper output) : base(WatchlistSpecSetup.Config, output: output)
    {
        _coordinator = WatchlistSpecSetup.ConfirmingCoordinator(this, "is removed");
    }

    public Task InitializeAsync() => _server.InitializeAsync();

    Task IAsyncLifetime.DisposeAsync() => _server.DisposeAsync();

    private FakeLetterboxd Fake => _server.Fake;

    private SpecScheduler Clock => (SpecScheduler)Sys.Scheduler;

    private IActorRef Start(WatchlistSettings? settings = null) =>
        Sys.ActorOf(WatchlistActor.Props(settings ?? _settings, new ScrapedWatchlistSource(_server.Client), _coordinator));

    private WatchlistState State(IActorRef actor)
    {
        var probe = CreateTestProbe();
        actor.Tell(WatchlistQueries.GetWatchlist.Instance, probe.Ref);
        return probe.ExpectMsg<WatchlistState>(Wait);
    }

    /// <summary>Starts the actor on 60 films and waits until the 59 movies were queued and the first check is over.</summary>
    private IActorRef Synced(WatchlistSettings? settings = null)
    {
        Fake.SetWatchlist(User, FakeFilm.Seed.Concat(FakeFilm.Generated(46)));
        var actor = Start(settings);
        _coordinator.ReceiveN(59, Wait);
        AwaitAssert(() => Assert.All(State(actor).Films.Values, f => Assert.True(f.Resolved)), Wait);
        return actor;
    }

    /// <summary>
    /// A full walk <paramref name="after"/> the last (the wall clock moves, no timer fires), waited for until
    /// <paramref name="done"/> holds and the check is over (its next check is scheduled).
    /// </summary>
    private void FullWalk(IActorRef actor, TimeSpan after, Func<WatchlistState, bool> done)
    {
        Clock.StepWallClock(after);
        actor.Tell(new WatchlistCommands.CheckWatchlist(FullSync: true));
        State(actor); // answered after the check started, which cancelled the last check's timer
        AwaitCondition(() => done(State(actor)), Wait, Poll);
        Clock.AwaitDue(_settings.CheckInterval, receiver: actor);
    }

    private bool ReconciledNow(WatchlistState state) => state.LastFullSyncAt == Clock.Now;

    [Fact]
    public void A_removed_film_goes_only_after_two_complete_reads_without_it_and_the_grace_period()
    {
        var actor = Synced();
        Fake.RemoveFilm(User, "se7en");
        var firstMiss = Clock.Now + TimeSpan.FromMinutes(1);

        FullWalk(actor, TimeSpan.FromMinutes(1), ReconciledNow);
        Assert.Equal(new MissingFilm(firstMiss, 1), State(actor).Missing["se7en"]);
        // A second read a day later: two reads, but the grace has not passed.
        FullWalk(actor, TimeSpan.FromDays(1), ReconciledNow);
        Assert.Equal(new MissingFilm(firstMiss, 2), State(actor).Missing["se7en"]);
        _coordinator.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        Assert.True(State(actor).Films.ContainsKey("se7en"));

        // The first read after the grace: removed, and the coordinator told what on_removed says.
        FullWalk(actor, Grace - TimeSpan.FromDays(1), ReconciledNow);
        var forget = _coordinator.ExpectMsg<ForgetMovie>(Wait);
        Assert.Equal(Se7en, forget.MovieId);
        Assert.Equal(RemovalAction.RemoveFiles, forget.Removal);
        AwaitAssert(() => Assert.Empty(State(actor).Forgets), Wait);
        Assert.False(State(actor).Films.ContainsKey("se7en"));
        Assert.Empty(State(actor).Missing);
    }

    [Fact]
    public void A_film_listed_again_before_its_removal_starts_over()
    {
        var actor = Synced();
        var se7en = Fake.Watchlist(User).Single(f => f.Slug == "se7en");
        Fake.RemoveFilm(User, "se7en");
        FullWalk(actor, TimeSpan.FromMinutes(1), ReconciledNow);
        Fake.AddFilms(User, se7en); // back, on top

        FullWalk(actor, TimeSpan.FromDays(1), s => ReconciledNow(s) && s.Missing.IsEmpty);
        Fake.RemoveFilm(User, "se7en");
        FullWalk(actor, Grace, ReconciledNow);

        // Only one read missed it since it came back: still there, however long ago the first miss was.
        _coordinator.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        Assert.Equal(1, State(actor).Missing["se7en"].CompleteReads);
    }

    [Theory]
    [InlineData(0)] // the watchlist page lists no film at all (and says so)
    [InlineData(20)] // 40 of 60 gone at once
    public void A_read_that_drops_over_half_of_a_large_watchlist_removes_nothing_and_is_an_attention(int left)
    {
        var actor = Synced();
        Fake.SetWatchlist(User, Fake.Watchlist(User).Take(left).ToList());

        EventFilter.Warning(contains: "attention: Watchlist read not trusted for removals").ExpectOne(Wait, () =>
            actor.Tell(new WatchlistCommands.CheckWatchlist(FullSync: true)));
        AwaitCondition(() => State(actor).DistrustedSince is not null, Wait, Poll);
        Clock.AwaitDue(_settings.CheckInterval, receiver: actor);
        // However often it is read so, and however long: nothing counts towards a removal.
        FullWalk(actor, Grace, s => s.DistrustedSince is not null);
        FullWalk(actor, Grace, s => s.DistrustedSince is not null);

        _coordinator.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        var state = State(actor);
        Assert.Equal(60, state.Films.Count);
        Assert.Empty(state.Missing);
        Assert.Empty(state.Forgets);
    }

    [Fact]
    public void A_failed_read_between_two_that_miss_the_film_neither_counts_nor_removes()
    {
        var actor = Synced();
        Fake.RemoveFilm(User, "se7en");
        FullWalk(actor, TimeSpan.FromMinutes(1), ReconciledNow);
        Fake.Fault = LetterboxdFault.ChangedMarkup;
        Fake.FaultOnlyOnPage = 2;

        EventFilter.Warning(contains: "attention").ExpectOne(Wait, () =>
        {
            Clock.StepWallClock(Grace);
            actor.Tell(new WatchlistCommands.CheckWatchlist(FullSync: true));
        });
        AwaitCondition(() => State(actor).DistrustedSince is not null, Wait, Poll);

        _coordinator.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        Assert.Equal(1, State(actor).Missing["se7en"].CompleteReads);
        Clock.AwaitDue(TimeSpan.FromMinutes(1), receiver: actor); // the failed check is over: its retry is set

        // The next good read is the second without it, and the grace has passed: removed; the distrust is over.
        Fake.Fault = LetterboxdFault.None;
        FullWalk(actor, TimeSpan.FromMinutes(1), ReconciledNow);
        Assert.Equal(Se7en, _coordinator.ExpectMsg<ForgetMovie>(Wait).MovieId);
        Assert.Null(State(actor).DistrustedSince);
    }

    [Fact]
    public void A_restart_neither_forgets_a_miss_nor_hurries_the_removal()
    {
        var actor = Synced();
        Fake.RemoveFilm(User, "se7en");
        FullWalk(actor, TimeSpan.FromMinutes(1), ReconciledNow);
        Watch(actor);
        Sys.Stop(actor);
        ExpectTerminated(actor);

        // After the restart's own first check (incremental: it counts nothing), one more complete read after the grace.
        var restarted = Start();
        Clock.AwaitDue(_settings.CheckInterval, receiver: restarted);
        Assert.Equal(1, State(restarted).Missing["se7en"].CompleteReads);
        _coordinator.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        FullWalk(restarted, Grace, ReconciledNow);

        Assert.Equal(Se7en, _coordinator.ExpectMsg<ForgetMovie>(Wait).MovieId);
    }

    [Fact]
    public void With_on_removed_keep_the_film_leaves_the_watchlist_and_nothing_is_told()
    {
        var actor = Synced(_settings with { Removals = new RemovalRules(RemovalAction.Keep, TimeSpan.Zero) });
        Fake.RemoveFilm(User, "se7en");

        FullWalk(actor, TimeSpan.FromMinutes(1), ReconciledNow);
        FullWalk(actor, TimeSpan.FromMinutes(1), s => !s.Films.ContainsKey("se7en"));

        _coordinator.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        Assert.Empty(State(actor).Forgets);
    }
}
