using Akka.Actor;
using Akka.Configuration;
using Akka.TestKit;
using MovieSync.Actors.Adapters.Letterboxd;
using MovieSync.Actors.Hosting;
using MovieSync.Actors.Watchlist;
using MovieSync.Messages;
using MovieSync.Simulators.Letterboxd;
using MovieSync.Specs;
using MovieSync.Tests.Support;
using Xunit.Abstractions;
using static MovieSync.Messages.MovieCommands;
using static MovieSync.Specs.SpecWaits;

namespace MovieSync.Letterboxd.Tests;

/// <summary>
/// The watchlist actor stopped and started again on a real journal, SQLite and PostgreSQL: it recovers every film from
/// its events and snapshot, and re-tells the coordinator only what it had not confirmed.
/// </summary>
public abstract class WatchlistRecoverySpecs : Akka.TestKit.Xunit2.TestKit, IAsyncLifetime
{
    private const string User = "alice";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private readonly JournalUnderTest _journal;
    private readonly LetterboxdServer _server = new();
    private readonly WatchlistSettings _settings = new(User, TimeSpan.FromHours(1), TimeSpan.FromDays(1), WatchlistSourceKind.Scrape, null);

    protected WatchlistRecoverySpecs(ITestOutputHelper output, JournalUnderTest journal) : base(Configure(journal.Options), output: output) =>
        _journal = journal;

    private static Config Configure(JournalOptions journal) =>
        ConfigurationFactory.ParseString("akka.loglevel = INFO")
            .WithFallback(SpecScheduler.Configuration)
            .WithFallback(SerializationCheck.Config)
            .WithFallback(MovieSyncConfig.ForJournal(journal));

    public Task InitializeAsync() => _server.InitializeAsync();

    Task IAsyncLifetime.DisposeAsync() => _server.DisposeAsync();

    protected override void AfterAll()
    {
        base.AfterAll();
        _journal.Dispose();
    }

    [JournalFact]
    public void A_restart_recovers_every_film_without_fetching_film_pages_again_or_re_telling_confirmed_ones()
    {
        var coordinator = ConfirmingCoordinator();
        _server.Fake.SetWatchlist(User, FakeFilm.Seed.Concat(FakeFilm.Generated(46)));
        var actor = Start(coordinator.Ref);
        Assert.Equal(59, coordinator.ReceiveN(59, Wait).Cast<QueueMovie>().Select(q => q.MovieId).Distinct().Count());
        AwaitAssert(() => Assert.Empty(State(actor).AwaitingHandOver), Wait);
        Stop(actor);
        _server.Fake.ResetRequestCounts();

        var restarted = Start(coordinator.Ref);

        AwaitCondition(() => _server.Fake.TotalRequests == 1, Wait, Poll); // the first check: page 1, nothing new on it
        coordinator.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        Assert.Equal(60, State(restarted).Films.Count);
        Assert.True(State(restarted).Films["chernobyl"].IsTv);
        Assert.Equal(0, _server.Fake.RequestsUnder("/film/"));
    }

    [JournalFact]
    public void A_film_recorded_but_not_confirmed_before_a_stop_is_told_again_after_it_and_not_once_confirmed()
    {
        _server.Fake.SetWatchlist(User, FakeFilm.Seed.Where(f => f.Slug == "the-matrix"));
        var coordinator = CreateTestProbe();
        var actor = Start(coordinator.Ref);
        coordinator.ExpectMsg<QueueMovie>(Wait); // recorded as resolved, told, never confirmed
        Stop(actor);

        var restarted = Start(coordinator.Ref);
        var told = coordinator.ExpectMsg<QueueMovie>(Wait);
        Assert.Equal(MovieId.Parse("tt0133093"), told.MovieId);
        coordinator.Reply(new QueueMovieResult(told.MovieId));
        AwaitAssert(() => Assert.Empty(State(restarted).AwaitingHandOver), Wait);
        Stop(restarted);

        Start(coordinator.Ref);
        coordinator.ExpectNoMsg(TimeSpan.FromMilliseconds(500));
    }

    /// <summary>A coordinator that confirms what it is told, as the real one does.</summary>
    private TestProbe ConfirmingCoordinator()
    {
        var coordinator = CreateTestProbe();
        coordinator.SetAutoPilot(new DelegateAutoPilot((sender, message) =>
        {
            if (message is QueueMovie queue)
                sender.Tell(new QueueMovieResult(queue.MovieId));
            return AutoPilot.KeepRunning;
        }));
        return coordinator;
    }

    /// <summary>
    /// A new incarnation, unnamed: the journal it recovers is its user's (the persistence id), and a name of its own would
    /// race the user guardian, which may not have released the name of the one just stopped when the spec sees it end.
    /// </summary>
    private IActorRef Start(IActorRef coordinator) =>
        Sys.ActorOf(WatchlistActor.Props(_settings, new ScrapedWatchlistSource(_server.Client), coordinator));

    private void Stop(IActorRef actor)
    {
        Watch(actor);
        Sys.Stop(actor);
        ExpectTerminated(actor);
    }

    private WatchlistState State(IActorRef actor)
    {
        var probe = CreateTestProbe();
        actor.Tell(WatchlistQueries.GetWatchlist.Instance, probe.Ref);
        return probe.ExpectMsg<WatchlistState>(Wait);
    }
}

public sealed class WatchlistRecoveryOnSqliteSpecs(ITestOutputHelper output) : WatchlistRecoverySpecs(output, JournalUnderTest.Sqlite());

public sealed class WatchlistRecoveryOnPostgreSqlSpecs(ITestOutputHelper output)
    : WatchlistRecoverySpecs(output, JournalUnderTest.PostgreSql()), IPostgreSqlSpec;
