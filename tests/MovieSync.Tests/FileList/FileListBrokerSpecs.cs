using Akka.Actor;
using Akka.Configuration;
using Akka.TestKit;
using MovieSync.Actors.FileList;
using MovieSync.Messages;
using MovieSync.Tests.Support;
using Xunit;
using Xunit.Abstractions;
using static MovieSync.Messages.FileListAccountQueries;
using static MovieSync.Messages.FileListCommands;
using static MovieSync.Messages.FileListQueries;

namespace MovieSync.Tests.FileList;

/// <summary>The broker in front of several FileList accounts (test probes play the accounts).</summary>
public sealed class FileListBrokerSpecs(ITestOutputHelper output) : Akka.TestKit.Xunit2.TestKit(
    ConfigurationFactory.ParseString("akka.loglevel = INFO").WithFallback(SpecScheduler.Configuration), output: output)
{
    private static readonly MovieId Matrix = MovieId.Parse("tt0133093");
    private static readonly MovieId Amelie = MovieId.Parse("tt0211915");
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    private SpecScheduler Clock => (SpecScheduler)Sys.Scheduler;

    private IActorRef StartBroker() =>
        Sys.ActorOf(FileListBroker.Props(turnClaimTimeout: TimeSpan.FromMinutes(2), reservationTimeout: TimeSpan.FromMinutes(10)));

    private static FileListAccountStatus Healthy(string user, int free) =>
        new(user, FileListAccountHealth.Ok, null, 150, free, null) { RequestsFree = free };

    private FileListAccountStatus Spent(string user, TimeSpan freesIn) =>
        new FileListAccountStatus(user, FileListAccountHealth.BudgetSpent, "spent", 150, 0, Clock.Now + freesIn)
            { RequestsFree = 0, FilmTurnAt = Clock.Now + freesIn };

    private FileListAccountStatus Rejected(string user, TimeSpan pause) =>
        new FileListAccountStatus(user, FileListAccountHealth.CredentialsRejected, "rejected", 150, 100, Clock.Now + pause)
            { RequestsFree = 100, FilmTurnAt = Clock.Now + pause };

    /// <summary>Registers a probe as the account <paramref name="user"/>, which then tells its status.</summary>
    private TestProbe Account(IActorRef broker, FileListAccountStatus status)
    {
        var account = CreateTestProbe("account-" + status.Username);
        broker.Tell(new FileListBroker.RegisterAccount(status.Username, account.Ref), TestActor);
        ExpectMsg<FileListBroker.AccountRegistered>(Wait);
        account.ExpectMsg<WatchFileListAccountStatus>(Wait);
        broker.Tell(status, account.Ref);
        return account;
    }

    /// <summary>A film asks the broker; the account that should serve it is asked and grants it.</summary>
    private long ReserveThrough(IActorRef broker, TestProbe account, MovieId movie, long accountReservation, TestProbe? film = null)
    {
        film ??= CreateTestProbe();
        broker.Tell(new ReserveFileListRequests(movie, Clock.Now), film.Ref);
        var asked = account.ExpectMsg<ReserveFileListRequests>(Wait);
        Assert.Equal(movie, asked.MovieId);
        Assert.False(asked.WaitInLine); // the broker keeps the line, not the account
        account.Reply(new FileListReserved(accountReservation) { RequestId = asked.RequestId });
        return film.ExpectMsg<FileListReserved>(Wait).Reservation;
    }

    [Fact]
    public void The_account_with_most_requests_free_serves_and_the_search_and_download_go_through_it()
    {
        var broker = StartBroker();
        var small = Account(broker, Healthy("small", 10));
        var large = Account(broker, Healthy("large", 50));

        var film = CreateTestProbe();
        var reservation = ReserveThrough(broker, large, Matrix, accountReservation: 7, film);
        small.ExpectNoMsg(TimeSpan.FromMilliseconds(200));

        broker.Tell(new SearchFilm("tt0133093", "The Matrix", 1999, [4]) { Reservation = reservation }, film.Ref);
        Assert.Equal(7, large.ExpectMsg<SearchFilm>(Wait).Reservation);
        large.Reply(new FilmSearchResult([], null)); // asked by the broker under its own number: the answer reaches the film
        film.ExpectMsg<FilmSearchResult>(Wait);
        broker.Tell(new FetchTorrent(665873) { Reservation = reservation }, film.Ref);
        Assert.Equal(7, large.ExpectMsg<FetchTorrent>(Wait).Reservation);
        large.Reply(new FetchTorrentResult([1, 2, 3], null));
        Assert.Equal(3, film.ExpectMsg<FetchTorrentResult>(Wait).Content!.Length);
        broker.Tell(new ReleaseFileListReservation(reservation), film.Ref);
        Assert.Equal(7, large.ExpectMsg<ReleaseFileListReservation>(Wait).Reservation);
        small.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void An_account_that_does_not_answer_a_search_in_time_is_named_to_the_film()
    {
        var broker = Sys.ActorOf(FileListBroker.Props(turnClaimTimeout: TimeSpan.FromMinutes(2), reservationTimeout: TimeSpan.FromMinutes(10),
            answerTimeout: TimeSpan.FromSeconds(1)));
        var silent = Account(broker, Healthy("silent", 10));
        var film = CreateTestProbe();
        var reservation = ReserveThrough(broker, silent, Matrix, accountReservation: 1, film);

        broker.Tell(new SearchFilm("tt0133093", "The Matrix", 1999, [4]) { Reservation = reservation }, film.Ref);
        silent.ExpectMsg<SearchFilm>(Wait); // and never answers

        var deferred = film.ExpectMsg<FileListDeferred>(Wait);
        Assert.Equal("FileList account silent did not answer the search within 1 s", deferred.Reason);
    }

    [Fact]
    public void Accounts_with_as_many_requests_free_take_turns_least_recently_used_first()
    {
        var broker = StartBroker();
        var first = Account(broker, Healthy("first", 40));
        var second = Account(broker, Healthy("second", 40));

        var one = CreateTestProbe();
        broker.Tell(new ReserveFileListRequests(Matrix, Clock.Now), one.Ref);
        var asked = new[] { first, second }.Select(a => (Account: a, Message: a.ReceiveOne(TimeSpan.FromMilliseconds(300)))).ToList();
        var used = Assert.Single(asked, a => a.Message is ReserveFileListRequests);
        var other = used.Account == first ? second : first;
        // The reservation is given back: both accounts have as many requests free again.
        broker.Tell(Healthy(used.Account == first ? "first" : "second", 40), used.Account.Ref);

        broker.Tell(new ReserveFileListRequests(Amelie, Clock.Now), CreateTestProbe().Ref);
        Assert.Equal(Amelie, other.ExpectMsg<ReserveFileListRequests>(Wait).MovieId);
    }

    [Fact]
    public void An_account_whose_credentials_are_rejected_is_skipped_until_its_pause_ends()
    {
        var broker = StartBroker();
        Account(broker, Rejected("rejected", TimeSpan.FromMinutes(5)));
        var good = Account(broker, Healthy("good", 10));

        ReserveThrough(broker, good, Matrix, accountReservation: 1);
    }

    [Fact]
    public void An_account_that_defers_the_reservation_after_all_is_passed_over_for_the_next_one()
    {
        var broker = StartBroker();
        var limited = Account(broker, Healthy("limited", 100));
        var other = Account(broker, Healthy("other", 20));

        var film = CreateTestProbe();
        broker.Tell(new ReserveFileListRequests(Matrix, Clock.Now), film.Ref);
        var asked = limited.ExpectMsg<ReserveFileListRequests>(Wait);
        // FileList answered 429 meanwhile: the account says its limit is reached.
        limited.Reply(new FileListDeferred("FileList's request limit is reached", Clock.Now + TimeSpan.FromHours(1)) { RequestId = asked.RequestId });
        limited.ExpectMsg<WatchFileListAccountStatus>(Wait); // the broker asks what changed
        var next = other.ExpectMsg<ReserveFileListRequests>(Wait);
        other.Reply(new FileListReserved(3) { RequestId = next.RequestId });
        film.ExpectMsg<FileListReserved>(Wait);
    }

    [Fact]
    public void A_rate_limited_account_is_skipped()
    {
        var broker = StartBroker();
        Account(broker, Spent("limited", TimeSpan.FromMinutes(30)));
        var other = Account(broker, Healthy("other", 4));
        ReserveThrough(broker, other, Matrix, accountReservation: 9);
    }

    [Fact]
    public void When_the_account_that_searched_stops_the_download_is_deferred_so_the_film_searches_again_elsewhere()
    {
        var broker = StartBroker();
        var gone = Account(broker, Healthy("gone", 100));
        var stays = Account(broker, Healthy("stays", 10));
        var film = CreateTestProbe();
        var reservation = ReserveThrough(broker, gone, Matrix, accountReservation: 4, film);

        Sys.Stop(gone.Ref);
        AwaitAssert(() =>
        {
            broker.Tell(GetFileListAccounts.Instance, TestActor);
            var rows = ExpectMsg<FileListAccountsResult>(Wait).Accounts;
            Assert.Equal(FileListAccountState.Unreachable, rows.Single(r => r.Username == "gone").State);
        }, Wait);

        broker.Tell(new FetchTorrent(665873) { Reservation = reservation }, film.Ref);
        var deferred = film.ExpectMsg<FileListDeferred>(Wait);
        Assert.Contains("searching again", deferred.Reason);
        Assert.True(deferred.RetryAt <= Clock.Now, "the film tries again at once (no failed attempt)");

        ReserveThrough(broker, stays, Matrix, accountReservation: 1);
    }

    [Fact]
    public void When_the_account_stops_during_a_search_the_film_is_told_at_once_and_the_late_answer_is_dropped()
    {
        var broker = StartBroker();
        var first = Account(broker, Healthy("first", 50));
        Account(broker, Healthy("second", 10));
        var film = CreateTestProbe();
        var reservation = ReserveThrough(broker, first, Matrix, accountReservation: 3, film);

        broker.Tell(new SearchFilm("tt0133093", "The Matrix", 1999, [4]) { Reservation = reservation }, film.Ref);
        first.ExpectMsg<SearchFilm>(Wait);
        var asker = first.LastSender;
        Sys.Stop(first.Ref);

        // Not the grabber's 90 s timeout: the broker answers as soon as it sees the account stop.
        var deferred = film.ExpectMsg<FileListDeferred>(Wait);
        Assert.Contains("first stopped during the search", deferred.Reason);
        Assert.True(deferred.RetryAt <= Clock.Now);
        asker.Tell(new FilmSearchResult([], null)); // too late: nobody waits for it any more
        film.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public void When_the_account_refuses_a_search_its_credentials_just_rejected_the_film_tries_again_at_once_elsewhere()
    {
        var broker = StartBroker();
        var first = Account(broker, Healthy("first", 50));
        var second = Account(broker, Healthy("second", 10));
        var film = CreateTestProbe();
        var reservation = ReserveThrough(broker, first, Matrix, accountReservation: 3, film);

        broker.Tell(new SearchFilm("tt0133093", "The Matrix", 1999, [4]) { Reservation = reservation }, film.Ref);
        first.ExpectMsg<SearchFilm>(Wait);
        first.Reply(new FileListDeferred("FileList rejected the username/passkey", Clock.Now + TimeSpan.FromMinutes(1)));

        var deferred = film.ExpectMsg<FileListDeferred>(Wait);
        Assert.Contains("trying another FileList account", deferred.Reason);
        Assert.True(deferred.RetryAt <= Clock.Now);
        broker.Tell(new ReleaseFileListReservation(reservation), film.Ref);
        first.FishForMessage(m => m is ReleaseFileListReservation, Wait);
        // The next ask goes to the account that can serve, not the one that just refused.
        ReserveThrough(broker, second, Matrix, accountReservation: 9, film);
    }

    [Fact]
    public void A_second_registration_of_one_username_is_refused()
    {
        var broker = StartBroker();
        Account(broker, Healthy("alice", 100));
        var impostor = CreateTestProbe();
        broker.Tell(new FileListBroker.RegisterAccount("alice", impostor.Ref), TestActor);
        var refused = ExpectMsg<FileListBroker.AccountRefused>(Wait);
        Assert.Contains("already registered", refused.Reason);
        impostor.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        broker.Tell(GetFileListAccounts.Instance, TestActor);
        Assert.Single(ExpectMsg<FileListAccountsResult>(Wait).Accounts);
    }

    [Fact]
    public void When_every_account_is_spent_the_film_waits_for_the_earliest_one_and_is_woken_when_it_frees()
    {
        var broker = StartBroker();
        var later = Account(broker, Spent("later", TimeSpan.FromMinutes(20)));
        var sooner = Account(broker, Spent("sooner", TimeSpan.FromMinutes(10)));
        var turns = CreateTestProbe();
        Sys.EventStream.Subscribe(turns.Ref, typeof(FileListEvents.FileListTurn));

        var film = CreateTestProbe();
        var requestedAt = Clock.Now;
        broker.Tell(new ReserveFileListRequests(Matrix, requestedAt), film.Ref);
        var deferred = film.ExpectMsg<FileListDeferred>(Wait);
        Assert.Equal(requestedAt + TimeSpan.FromMinutes(10), deferred.RetryAt);
        Assert.Contains("1st in line", deferred.Reason);
        broker.Tell(new ReserveFileListRequests(Amelie, requestedAt + TimeSpan.FromSeconds(1)), CreateTestProbe().Ref);
        later.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        sooner.ExpectNoMsg(TimeSpan.FromMilliseconds(1));

        // The broker asks the accounts again when the first should free; that one says it has one film's requests.
        Clock.AdvanceWhenDue(TimeSpan.FromMinutes(10), broker);
        sooner.ExpectMsg<WatchFileListAccountStatus>(Wait);
        broker.Tell(Healthy("sooner", 2), sooner.Ref);
        var promise = sooner.ExpectMsg<ReserveFileListRequests>(Wait);
        Assert.Equal(Matrix, promise.MovieId); // the head of the line only: one film's requests, one film woken
        sooner.Reply(new FileListReserved(11) { RequestId = promise.RequestId });
        Assert.Equal(Matrix, turns.ExpectMsg<FileListEvents.FileListTurn>(Wait).MovieId);
        turns.ExpectNoMsg(TimeSpan.FromMilliseconds(200));

        // Woken, the film claims what was set aside for it without asking the account again.
        broker.Tell(new ReserveFileListRequests(Matrix, requestedAt), film.Ref);
        var reservation = film.ExpectMsg<FileListReserved>(Wait).Reservation;
        sooner.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        broker.Tell(new SearchFilm("tt0133093", "The Matrix", 1999, [4]) { Reservation = reservation }, film.Ref);
        Assert.Equal(11, sooner.ExpectMsg<SearchFilm>(Wait).Reservation);
    }

    [Fact]
    public void A_film_grabbed_now_is_woken_before_one_tracked_earlier_and_the_account_is_told_its_rank()
    {
        var broker = StartBroker();
        var account = Account(broker, Spent("alice", TimeSpan.FromMinutes(10)));
        var turns = CreateTestProbe();
        Sys.EventStream.Subscribe(turns.Ref, typeof(FileListEvents.FileListTurn));

        var trackedFirst = Clock.Now;
        broker.Tell(new ReserveFileListRequests(Matrix, trackedFirst), CreateTestProbe().Ref);
        var grabbed = CreateTestProbe();
        broker.Tell(new ReserveFileListRequests(Amelie, trackedFirst + TimeSpan.FromDays(1)) { Rank = QueueRank.GrabNow }, grabbed.Ref);
        Assert.Contains("1st in line", grabbed.ExpectMsg<FileListDeferred>(Wait).Reason);

        Clock.AdvanceWhenDue(TimeSpan.FromMinutes(10), broker);
        account.ExpectMsg<WatchFileListAccountStatus>(Wait);
        broker.Tell(Healthy("alice", 2), account.Ref);
        var promise = account.ExpectMsg<ReserveFileListRequests>(Wait);
        Assert.Equal(Amelie, promise.MovieId);
        Assert.Equal(QueueRank.GrabNow, promise.Rank);
        account.Reply(new FileListReserved(7) { RequestId = promise.RequestId });
        Assert.Equal(Amelie, turns.ExpectMsg<FileListEvents.FileListTurn>(Wait).MovieId);
        turns.ExpectNoMsg(TimeSpan.FromMilliseconds(200)); // the film tracked first waits for the next freed pair
    }

    [Fact]
    public void The_accounts_list_shows_each_accounts_state_requests_left_and_work_done()
    {
        var broker = StartBroker();
        Account(broker, Healthy("alice", 120) with { Searches = 3, Downloads = 2 });
        Account(broker, Rejected("bob", TimeSpan.FromMinutes(1)));
        Account(broker, Spent("carol", TimeSpan.FromMinutes(1)));

        AwaitAssert(() =>
        {
            broker.Tell(GetFileListAccounts.Instance, TestActor);
            var rows = ExpectMsg<FileListAccountsResult>(Wait).Accounts;
            Assert.Equal(["alice", "bob", "carol"], rows.Select(r => r.Username));
            Assert.Equal(new FileListAccountRow("alice", "local", FileListAccountState.Ok, 120, 150, 3, 2), rows[0]);
            Assert.Equal(FileListAccountState.CredentialsRejected, rows[1].State);
            Assert.Equal(FileListAccountState.RateLimited, rows[2].State);
        }, Wait);
    }
}
