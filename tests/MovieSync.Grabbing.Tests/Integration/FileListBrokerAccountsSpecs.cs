using Akka.Actor;
using MovieSync.Actors.FileList;
using MovieSync.Clients.FileList;
using MovieSync.Messages;
using MovieSync.Simulators.FileList;
using Xunit;
using Xunit.Abstractions;
using static MovieSync.Messages.FileListAccountQueries;
using static MovieSync.Messages.FileListCommands;

namespace MovieSync.Grabbing.Tests.Integration;

/// <summary>Two real account actors behind the broker, against a fake FileList that knows both accounts.</summary>
public sealed class FileListBrokerAccountsSpecs(ITestOutputHelper output) : GrabbingSpec(output)
{
    private static readonly HttpClient Http = new();
    private const string Second = "second-account";
    private const string SecondPasskey = "aaaabbbbccccddddeeeeffff00001111";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private FakeFileList _fileList = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var films = Enumerable.Range(1, 10).Select(i =>
            new FakeTorrent(910000 + i, $"Film.Number.{i}.2001.1080p.BluRay.x264", $"tt91000{i:00}", 4, 8L << 30, 50)).ToList();
        _fileList = await FakeFileList.StartAsync(new FakeFileListOptions
        {
            Torrents = films,
            OtherAccounts = new Dictionary<string, string> { [Second] = SecondPasskey },
        });
    }

    public override async Task DisposeAsync()
    {
        await _fileList.DisposeAsync();
        await base.DisposeAsync();
    }

    private IActorRef StartAccount(string username, string passkey, string name) =>
        Sys.ActorOf(FileListAccountActor.Props(
            new FileListAccountSettings(new FileListAccount(_fileList.BaseUrl, username, passkey), 150),
            account => new FileListClient(Http, account)), name);

    /// <summary>The broker with both accounts registered and known to be ok.</summary>
    private IActorRef StartBroker()
    {
        var broker = Sys.ActorOf(FileListBroker.Props(TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(10)));
        broker.Tell(new FileListBroker.RegisterAccount(FakeFileList.DefaultUsername,
            StartAccount(FakeFileList.DefaultUsername, FakeFileList.DefaultPasskey, "first")), TestActor);
        broker.Tell(new FileListBroker.RegisterAccount(Second, StartAccount(Second, SecondPasskey, "second")), TestActor);
        ExpectMsg<FileListBroker.AccountRegistered>(Wait);
        ExpectMsg<FileListBroker.AccountRegistered>(Wait);
        AwaitAssert(() => Assert.All(Accounts(broker), a => Assert.Equal(FileListAccountState.Ok, a.State)), Wait);
        return broker;
    }

    private IReadOnlyList<FileListAccountRow> Accounts(IActorRef broker)
    {
        broker.Tell(GetFileListAccounts.Instance, TestActor);
        return ExpectMsg<FileListAccountsResult>(Wait).Accounts;
    }

    private static SearchFilm Search(int i, long reservation) =>
        new($"tt91000{i:00}", $"Film Number {i}", 2001, [4]) { Reservation = reservation };

    [Fact]
    public void Ten_films_are_spread_over_both_accounts_each_downloading_through_the_account_that_searched()
    {
        var broker = StartBroker();
        var film = CreateTestProbe();
        for (var i = 1; i <= 10; i++)
        {
            broker.Tell(new ReserveFileListRequests(MovieId.Parse($"tt91000{i:00}"), Clock.Now), film.Ref);
            var reservation = film.ExpectMsg<FileListReserved>(Wait).Reservation;
            broker.Tell(Search(i, reservation), film.Ref);
            var found = Assert.Single(film.ExpectMsg<FilmSearchResult>(Wait).Torrents);
            broker.Tell(new FetchTorrent(found.Id) { Reservation = reservation }, film.Ref);
            var torrent = film.ExpectMsg<FetchTorrentResult>(Wait);
            Assert.NotNull(torrent.Content); // the link the searching account got carries its passkey: the fake served it
            broker.Tell(new ReleaseFileListReservation(reservation), film.Ref);
        }

        // Most requests free first: the accounts take turns, and each downloads exactly what it searched.
        Assert.Equal(5, _fileList.SearchesBy(FakeFileList.DefaultUsername));
        Assert.Equal(5, _fileList.SearchesBy(Second));
        Assert.Equal(5, _fileList.DownloadsBy(FakeFileList.DefaultUsername));
        Assert.Equal(5, _fileList.DownloadsBy(Second));

        AwaitAssert(() =>
        {
            broker.Tell(GetFileListAccounts.Instance, TestActor);
            var rows = ExpectMsg<FileListAccountsResult>(Wait).Accounts;
            Assert.All(rows, r => Assert.Equal((140, 5, 5), (r.RequestsLeft, r.Searches, r.Downloads)));
        }, Wait);
        Assert.DoesNotContain(Logs.Lines, line => line.Contains(SecondPasskey) || line.Contains(FakeFileList.DefaultPasskey));
    }

    [Fact]
    public void Films_refused_for_the_second_accounts_passkey_ask_the_broker_again_at_once_and_the_first_account_serves_them()
    {
        var broker = StartBroker();
        _fileList.RevokePasskey(Second);
        var film = CreateTestProbe();

        // The accounts take turns: two of four films are reserved on the second account. FileList refuses the first of
        // their searches; the second comes while the account's pause holds, and is refused without a request.
        var reservations = Enumerable.Range(1, 4).ToDictionary(i => i, i =>
        {
            broker.Tell(new ReserveFileListRequests(MovieId.Parse($"tt91000{i:00}"), Clock.Now), film.Ref);
            return film.ExpectMsg<FileListReserved>(Wait).Reservation;
        });
        var answers = reservations.ToDictionary(r => r.Key, r =>
        {
            broker.Tell(Search(r.Key, r.Value), film.Ref);
            return film.ExpectMsg<object>(Wait);
        });
        Assert.Equal(2, answers.Values.OfType<FilmSearchResult>().Count());
        var refused = answers.Where(a => a.Value is FileListDeferred).ToDictionary(a => a.Key, a => (FileListDeferred)a.Value);
        Assert.Equal(2, refused.Count);
        Assert.Equal(1, _fileList.Requests.Count(r => r.Status == 403));

        // Not told to come back when the second account's one-minute pause ends (they would be routed there again, one
        // probing its credentials at every pause): back to the broker in a moment.
        Assert.All(refused.Values, r =>
        {
            Assert.True(r.RetryAt <= Clock.Now + TimeSpan.FromSeconds(2), $"{r.RetryAt:u} (now {Clock.Now:u}): {r.Reason}");
            Assert.Contains("another FileList account is tried", r.Reason);
        });
        AwaitAssert(() => Assert.Equal(FileListAccountState.CredentialsRejected, Accounts(broker).Single(a => a.Username == Second).State), Wait);

        foreach (var i in refused.Keys)
        {
            broker.Tell(new ReserveFileListRequests(MovieId.Parse($"tt91000{i:00}"), Clock.Now), film.Ref);
            broker.Tell(Search(i, film.ExpectMsg<FileListReserved>(Wait).Reservation), film.Ref);
            Assert.Single(film.ExpectMsg<FilmSearchResult>(Wait).Torrents);
        }

        Assert.Equal(4, _fileList.SearchesBy(FakeFileList.DefaultUsername));
        Assert.Equal(0, _fileList.SearchesBy(Second));
    }
}
