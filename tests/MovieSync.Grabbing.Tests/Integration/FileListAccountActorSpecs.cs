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
        var check = await account.Ask<FileListAccountStatus>(CheckFileListAccount.Instance, TimeSpan.FromSeconds(10));
        Assert.Equal(FileListAccountHealth.Ok, check.Health);
        Assert.Equal(147, check.RequestsRemaining);
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
