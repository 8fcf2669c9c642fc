using Akka.Actor;
using MovieSync.Actors.FileList;
using MovieSync.Clients.FileList;
using MovieSync.Messages;
using MovieSync.Simulators.FileList;
using Xunit;
using Xunit.Abstractions;
using static MovieSync.Messages.FileListCommands;
using static MovieSync.Messages.FileListQueries;

namespace MovieSync.Grabbing.Tests.Integration;

/// <summary>The account actor's budget is persisted (it survives a restart), and FileList's own answers pause the work.</summary>
public sealed class FileListAccountActorSpecs : GrabbingSpec
{
    private static readonly HttpClient Http = new();

    public FileListAccountActorSpecs(ITestOutputHelper output) : base(output)
    {
    }

    private FileListAccountSettings Settings(int requestsPerHour, string passkey = FakeFileList.DefaultPasskey) =>
        new(new FileListAccount(FileList.BaseUrl, FakeFileList.DefaultUsername, passkey), requestsPerHour) { SnapshotEvery = 2 };

    private string _passkey = FakeFileList.DefaultPasskey;

    private IActorRef StartAccount(FileListAccountSettings settings) =>
        Sys.ActorOf(FileListAccountActor.Props(settings, account => new FileListClient(Http, account)));

    private object Search(IActorRef account, string imdbId = FilmCatalogue.MatrixImdb)
    {
        var probe = CreateTestProbe();
        account.Tell(new SearchFilm(imdbId, "The Matrix", 1999, [4, 6]), probe.Ref);
        return probe.ReceiveOne(TimeSpan.FromSeconds(10)) ?? throw new Xunit.Sdk.XunitException("the account did not answer the search");
    }

    private FileListAccountStatus Status(IActorRef account)
    {
        var probe = CreateTestProbe();
        account.Tell(GetFileListAccountStatus.Instance, probe.Ref);
        return probe.ExpectMsg<FileListAccountStatus>(TimeSpan.FromSeconds(5));
    }

    private void Stop(IActorRef actor)
    {
        Watch(actor);
        Sys.Stop(actor);
        ExpectTerminated(actor);
    }

    [Fact]
    public void The_spent_budget_survives_a_restart_and_frees_an_hour_after_each_request()
    {
        var settings = Settings(requestsPerHour: 3);
        var account = StartAccount(settings);
        var firstAt = Clock.Now;
        Assert.IsType<FilmSearchResult>(Search(account));
        Clock.Advance(TimeSpan.FromMinutes(20)); // time passes: the account keeps no timer, it reads the clock
        Assert.IsType<FilmSearchResult>(Search(account));
        Stop(account);

        account = StartAccount(settings); // recovers a snapshot (every 2 requests) and nothing after it
        Assert.Equal(1, Status(account).RequestsRemaining);
        Assert.IsType<FilmSearchResult>(Search(account));
        Stop(account);

        account = StartAccount(settings); // recovers the snapshot and one event
        var deferred = Assert.IsType<FileListDeferred>(Search(account));
        Assert.Equal(firstAt + TimeSpan.FromHours(1), deferred.RetryAt);
        Assert.Equal(FileListAccountHealth.BudgetSpent, Status(account).Health);
        Assert.Equal(3, FileList.SearchRequests);

        Clock.Advance(TimeSpan.FromMinutes(40));
        Assert.IsType<FilmSearchResult>(Search(account));
        Assert.Equal(4, FileList.SearchRequests);
    }

    private object Ask(IActorRef account, object message)
    {
        var probe = CreateTestProbe();
        account.Tell(message, probe.Ref);
        return probe.ReceiveOne(TimeSpan.FromSeconds(10)) ?? throw new Xunit.Sdk.XunitException($"the account did not answer {message}");
    }

    private void SearchAndDownloadWith(IActorRef account, long reservation)
    {
        var found = Assert.IsType<FilmSearchResult>(Ask(account, new SearchFilm(FilmCatalogue.MatrixImdb, "The Matrix", 1999, [4, 6]) { Reservation = reservation }));
        Assert.IsType<FetchTorrentResult>(Ask(account, new FetchTorrent(found.Torrents[0].Id) { Reservation = reservation }));
    }

    [Fact]
    public void Waiting_films_are_woken_one_at_a_time_in_the_order_they_were_tracked_as_requests_free()
    {
        var account = StartAccount(Settings(requestsPerHour: 2)); // one film an hour
        var turns = CreateTestProbe();
        Sys.EventStream.Subscribe(turns.Ref, typeof(FileListEvents.FileListTurn));
        var (first, early, late) = (MovieId.Parse("tt0000001"), MovieId.Parse("tt0000002"), MovieId.Parse("tt0000003"));
        var tracked = Clock.Now - TimeSpan.FromDays(1);

        var granted = Assert.IsType<FileListReserved>(Ask(account, new ReserveFileListRequests(first, tracked)));
        SearchAndDownloadWith(account, granted.Reservation);
        Assert.StartsWith("1st in line", Assert.IsType<FileListDeferred>(Ask(account, new ReserveFileListRequests(late, tracked.AddHours(2)))).Reason);
        // A film tracked earlier asks later (as after a restart): it goes ahead.
        var earlyWait = Assert.IsType<FileListDeferred>(Ask(account, new ReserveFileListRequests(early, tracked.AddHours(1))));
        var lateWait = Assert.IsType<FileListDeferred>(Ask(account, new ReserveFileListRequests(late, tracked.AddHours(2))));
        Assert.StartsWith("1st in line", earlyWait.Reason);
        Assert.StartsWith("2nd in line", lateWait.Reason);
        Assert.True(earlyWait.RetryAt < lateWait.RetryAt, "each waiting film has its own turn");
        Assert.Equal(1, FileList.SearchRequests);

        // The hour passes: only the film tracked first is woken, and it alone claims the freed pair.
        Clock.AdvanceWhenDue(TimeSpan.FromHours(1), receiver: account);
        Assert.Equal(early, turns.ExpectMsg<FileListEvents.FileListTurn>(TimeSpan.FromSeconds(5)).MovieId);
        turns.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        Assert.IsType<FileListDeferred>(Ask(account, new ReserveFileListRequests(late, tracked.AddHours(2)))); // not its turn
        var claimed = Assert.IsType<FileListReserved>(Ask(account, new ReserveFileListRequests(early, tracked.AddHours(1))));
        SearchAndDownloadWith(account, claimed.Reservation);

        Clock.AdvanceWhenDue(TimeSpan.FromHours(1), receiver: account);
        Assert.Equal(late, turns.ExpectMsg<FileListEvents.FileListTurn>(TimeSpan.FromSeconds(5)).MovieId);
        Assert.Equal(2, FileList.SearchRequests);
        Assert.Equal(2, FileList.DownloadRequests);
    }

    [Fact]
    public void A_film_refused_by_rejected_credentials_is_woken_as_soon_as_new_credentials_arrive()
    {
        _passkey = "ffffffffffffffffffffffffffffffff";
        var account = StartAccount(Settings(requestsPerHour: 150) with
        {
            ReadCredentials = () => new FileListAccount(FileList.BaseUrl, FakeFileList.DefaultUsername, _passkey),
        });
        var turns = CreateTestProbe();
        Sys.EventStream.Subscribe(turns.Ref, typeof(FileListEvents.FileListTurn));
        var film = MovieId.Parse(FilmCatalogue.MatrixImdb);
        var reserved = Assert.IsType<FileListReserved>(Ask(account, new ReserveFileListRequests(film, Clock.Now)));
        Assert.IsType<FileListDeferred>(Ask(account, new SearchFilm(FilmCatalogue.MatrixImdb, "The Matrix", 1999, [4]) { Reservation = reserved.Reservation }));
        account.Tell(new ReleaseFileListReservation(reserved.Reservation));

        _passkey = FakeFileList.DefaultPasskey; // config.json has the right passkey now
        account.Tell(ReloadFileListCredentials.Instance);

        // The film does not wait for its one-minute timer: it is woken at once, and its turn is there.
        Assert.Equal(film, turns.ExpectMsg<FileListEvents.FileListTurn>(TimeSpan.FromSeconds(5)).MovieId);
        Assert.IsType<FileListReserved>(Ask(account, new ReserveFileListRequests(film, Clock.Now)));
    }

    [Fact]
    public void A_film_whose_reserved_search_comes_during_the_pause_is_woken_with_the_others_by_new_credentials()
    {
        _passkey = "ffffffffffffffffffffffffffffffff";
        var account = StartAccount(Settings(requestsPerHour: 150) with
        {
            ReadCredentials = () => new FileListAccount(FileList.BaseUrl, FakeFileList.DefaultUsername, _passkey),
        });
        var turns = CreateTestProbe();
        Sys.EventStream.Subscribe(turns.Ref, typeof(FileListEvents.FileListTurn));
        var (first, second) = (MovieId.Parse(FilmCatalogue.MatrixImdb), MovieId.Parse(FilmCatalogue.AmelieImdb));
        // Both reserved while the credentials were not known to be wrong; the second searches after the first was refused.
        var firstReserved = Assert.IsType<FileListReserved>(Ask(account, new ReserveFileListRequests(first, Clock.Now)));
        var secondReserved = Assert.IsType<FileListReserved>(Ask(account, new ReserveFileListRequests(second, Clock.Now.AddSeconds(1))));
        Assert.IsType<FileListDeferred>(Ask(account, new SearchFilm(FilmCatalogue.MatrixImdb, "The Matrix", 1999, [4]) { Reservation = firstReserved.Reservation }));
        Assert.IsType<FileListDeferred>(Ask(account, new SearchFilm(FilmCatalogue.AmelieImdb, "Amélie", 2001, [4]) { Reservation = secondReserved.Reservation }));
        Assert.Equal(1, FileList.SearchRequests); // the pause held the second search back
        account.Tell(new ReleaseFileListReservation(firstReserved.Reservation));
        account.Tell(new ReleaseFileListReservation(secondReserved.Reservation));

        _passkey = FakeFileList.DefaultPasskey;
        account.Tell(ReloadFileListCredentials.Instance);

        // Both are woken at once, in the order they were tracked, rather than each waiting out its one-minute timer.
        Assert.Equal(first, turns.ExpectMsg<FileListEvents.FileListTurn>(TimeSpan.FromSeconds(5)).MovieId);
        Assert.Equal(second, turns.ExpectMsg<FileListEvents.FileListTurn>(TimeSpan.FromSeconds(5)).MovieId);
        Assert.IsType<FileListReserved>(Ask(account, new ReserveFileListRequests(second, Clock.Now.AddSeconds(1))));
    }

    [Fact]
    public void Setting_the_clock_forward_or_back_never_allows_more_than_the_hourly_budget()
    {
        var account = StartAccount(Settings(requestsPerHour: 2));
        Assert.IsType<FilmSearchResult>(Search(account));
        Assert.IsType<FilmSearchResult>(Search(account));

        Clock.StepWallClock(TimeSpan.FromHours(3)); // someone sets the clock three hours ahead: no time has passed
        Assert.IsType<FileListDeferred>(Search(account));
        Clock.StepWallClock(TimeSpan.FromHours(-6)); // and then back
        var deferred = Assert.IsType<FileListDeferred>(Search(account));
        Assert.Equal(Clock.Now + TimeSpan.FromHours(1), deferred.RetryAt); // told in the wall clock it now shows
        Assert.Equal(2, FileList.SearchRequests);

        Clock.Advance(TimeSpan.FromMinutes(59));
        Assert.IsType<FileListDeferred>(Search(account));
        Clock.Advance(TimeSpan.FromMinutes(1)); // a real hour after the first requests
        Assert.IsType<FilmSearchResult>(Search(account));
        Assert.Equal(3, FileList.SearchRequests);
    }

    [Fact]
    public void A_429_from_filelist_defers_until_the_window_frees_even_after_a_restart()
    {
        var settings = Settings(requestsPerHour: 150);
        var account = StartAccount(settings);
        FileList.Fault = FakeFileListFault.RateLimited;
        var deferred = Assert.IsType<FileListDeferred>(Search(account));
        FileList.Fault = FakeFileListFault.None;
        Assert.Equal(Clock.Now + TimeSpan.FromHours(1), deferred.RetryAt);
        Stop(account);

        account = StartAccount(settings);
        Assert.IsType<FileListDeferred>(Search(account));
        Assert.Equal(1, FileList.SearchRequests);
        Clock.Advance(TimeSpan.FromHours(1));
        Assert.IsType<FilmSearchResult>(Search(account));
    }

    [Fact]
    public async Task Rejected_credentials_pause_every_request_until_new_credentials_arrive()
    {
        _passkey = "ffffffffffffffffffffffffffffffff";
        var account = StartAccount(Settings(requestsPerHour: 150) with
        {
            ReadCredentials = () => new FileListAccount(FileList.BaseUrl, FakeFileList.DefaultUsername, _passkey),
        });
        Assert.IsType<FileListDeferred>(Search(account));
        var paused = Assert.IsType<FileListDeferred>(Search(account, FilmCatalogue.AmelieImdb));
        Assert.Equal(1, FileList.SearchRequests);
        Assert.Contains("filelist.passkey", paused.Reason);

        _passkey = FakeFileList.DefaultPasskey; // the user fixes config.json
        var status = await account.Ask<FileListAccountStatus>(ReloadFileListCredentials.Instance, TimeSpan.FromSeconds(5));
        Assert.Equal(FileListAccountHealth.Ok, status.Health);
        var found = Assert.IsType<FilmSearchResult>(Search(account));
        Assert.True(found.IsSuccess);
        Assert.NotEmpty(found.Torrents);
        var check = await account.Ask<FileListAccountChecked>(CheckFileListAccount.Instance, TimeSpan.FromSeconds(10));
        Assert.Equal(FileListCheckOutcome.Accepted, check.Outcome);
        Assert.True(check.RequestMade);
        Assert.Equal(FileListAccountHealth.Ok, check.Status.Health);
        Assert.Equal(147, check.Status.RequestsRemaining);
    }

    [Fact]
    public void A_credentials_check_spends_from_the_journaled_budget_and_a_spent_budget_makes_no_request()
    {
        var settings = Settings(requestsPerHour: 2);
        var account = StartAccount(settings);
        var firstAt = Clock.Now;

        var check = Assert.IsType<FileListAccountChecked>(Ask(account, CheckFileListAccount.Instance));
        Assert.Equal(FileListCheckOutcome.Accepted, check.Outcome);
        Assert.True(check.RequestMade);
        Assert.Null(check.Error);
        Assert.Equal(1, check.Status.RequestsRemaining);
        Assert.Equal(1, FileList.SearchRequests);
        Stop(account);

        account = StartAccount(settings); // the check's request was journaled like any other
        Assert.Equal(1, Status(account).RequestsRemaining);
        Assert.IsType<FilmSearchResult>(Search(account));
        Clock.Advance(TimeSpan.FromMinutes(10));

        check = Assert.IsType<FileListAccountChecked>(Ask(account, CheckFileListAccount.Instance));
        Assert.Equal(FileListCheckOutcome.BudgetSpent, check.Outcome);
        Assert.False(check.RequestMade);
        Assert.Equal(firstAt + TimeSpan.FromHours(1), check.NextRequestAt);
        Assert.Contains("filelist.requests_per_hour", check.Error);
        Assert.Equal(2, FileList.SearchRequests);
    }

    [Fact]
    public void A_check_never_takes_a_request_set_aside_for_a_waiting_film()
    {
        var account = StartAccount(Settings(requestsPerHour: 2));
        var reserved = Assert.IsType<FileListReserved>(Ask(account, new ReserveFileListRequests(MovieId.Parse("tt0000001"), Clock.Now)));

        var check = Assert.IsType<FileListAccountChecked>(Ask(account, CheckFileListAccount.Instance));

        Assert.Equal(FileListCheckOutcome.BudgetSpent, check.Outcome);
        Assert.False(check.RequestMade);
        Assert.Contains("set aside for the 2 requests of films in line", check.Error);
        Assert.Equal(0, FileList.SearchRequests);
        SearchAndDownloadWith(account, reserved.Reservation);
    }

    [Fact]
    public void A_check_with_rejected_credentials_says_so_and_a_second_check_during_the_pause_makes_no_request()
    {
        var account = StartAccount(Settings(requestsPerHour: 150, passkey: "ffffffffffffffffffffffffffffffff"));

        var check = Assert.IsType<FileListAccountChecked>(Ask(account, CheckFileListAccount.Instance));
        Assert.Equal(FileListCheckOutcome.CredentialsRejected, check.Outcome);
        Assert.True(check.RequestMade);
        Assert.Equal(Clock.Now + TimeSpan.FromMinutes(1), check.NextRequestAt);
        Assert.Equal("FileList rejected the username/passkey (HTTP 403: Invalid passkey/username!)", check.Error);

        check = Assert.IsType<FileListAccountChecked>(Ask(account, CheckFileListAccount.Instance));
        Assert.Equal(FileListCheckOutcome.CredentialsRejected, check.Outcome);
        Assert.False(check.RequestMade);
        Assert.Contains("waits until", check.Error); // the pause, and how to end it
        Assert.Contains("filelist.passkey in config.json", check.Error);
        Assert.DoesNotContain("ffffffffffffffffffffffffffffffff", check.Error);
        Assert.Equal(1, FileList.SearchRequests);
    }

    [Fact]
    public void A_check_that_cannot_reach_filelist_fails_naming_the_outcome()
    {
        var account = StartAccount(Settings(requestsPerHour: 150));
        FileList.Fault = FakeFileListFault.ServiceUnavailable;

        var check = Assert.IsType<FileListAccountChecked>(Ask(account, CheckFileListAccount.Instance));

        Assert.Equal(FileListCheckOutcome.Failed, check.Outcome);
        Assert.True(check.RequestMade);
        Assert.Contains("ServerError", check.Error);
        Assert.Equal(149, check.Status.RequestsRemaining);
    }

    [Fact]
    public async Task Without_filelist_credentials_attempts_wait_instead_of_failing()
    {
        var options = Options(new Uri("http://127.0.0.1:1/"));
        var grabber = Grabber(options with { FileList = options.FileList with { Passkey = null } });

        var outcome = await grabber.GrabAsync(new(MovieId.Parse(FilmCatalogue.MatrixImdb), "The Matrix", 1999, 1), CancellationToken.None);

        var deferred = Assert.IsType<Actors.Movies.GrabOutcome.Deferred>(outcome);
        Assert.Equal("FileList credentials are not configured (filelist.username / filelist.passkey)", deferred.Reason);
        Assert.Equal(Clock.Now + TimeSpan.FromHours(1), deferred.RetryAt);
        await Assert.ThrowsAsync<ActorNotFoundException>(() => Sys.ActorSelection("/user/" + FileListAccountActor.Name).ResolveOne(TimeSpan.FromSeconds(1)));
    }
}
