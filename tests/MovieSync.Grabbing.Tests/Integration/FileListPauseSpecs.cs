using Akka.Actor;
using Akka.Event;
using Microsoft.Extensions.Logging;
using MovieSync.Actors.Movies;
using MovieSync.Actors.FileList;
using MovieSync.Actors.Hosting;
using MovieSync.Clients.QBittorrent;
using MovieSync.Grabbing.Tests.QBittorrent;
using MovieSync.Messages;
using MovieSync.Simulators.FileList;
using Xunit;
using static MovieSync.Messages.FileListCommands;
using Xunit.Abstractions;
using static MovieSync.Messages.MovieCommands;
using static MovieSync.Messages.MovieQueries;
using static MovieSync.Messages.FileListQueries;

namespace MovieSync.Grabbing.Tests.Integration;

/// <summary>When the FileList account cannot be used (credentials rejected, budget spent), films wait without burning retries.</summary>
[Collection(QBittorrentNoxCollection.Name)]
public sealed class FileListPauseSpecs : GrabbingSpec
{
    private static readonly MovieId Matrix = MovieId.Parse(FilmCatalogue.MatrixImdb);
    private static readonly MovieId Amelie = MovieId.Parse(FilmCatalogue.AmelieImdb);
    private readonly QBittorrentNox _qbittorrent;

    public FileListPauseSpecs(QBittorrentNox qbittorrent, ITestOutputHelper output) : base(output) => _qbittorrent = qbittorrent;

    [Fact]
    public async Task Rejected_credentials_pause_all_filelist_work_with_one_warning_and_no_film_burns_a_retry()
    {
        FileList.Fault = FakeFileListFault.CredentialsRejected;
        var grabber = Grabber(Options(_qbittorrent.BaseUrl));
        var coordinator = Sys.ActorOf(MovieCoordinator.Props(grabber, MovieSettings.Default), MovieCoordinator.Name);

        coordinator.Tell(new QueueMovie(Matrix, "The Matrix", 1999));
        coordinator.Tell(new QueueMovie(Amelie, "Amélie", 2001));
        AwaitCondition(() => grabber.Grabs.Count == 2, "both films were attempted");
        Clock.Advance(TimeSpan.FromMinutes(30));
        Clock.Advance(TimeSpan.FromMinutes(29));

        Assert.All(grabber.Grabs, g => Assert.IsType<GrabOutcome.Deferred>(g.Outcome));
        Assert.Equal(2, grabber.Grabs.Count);
        Assert.Equal((2, 0), (Statistics(coordinator).Pending, Statistics(coordinator).Failed));
        Assert.InRange(FileList.SearchRequests, 1, 2); // no request at all once the pause began
        var status = await Sys.ActorSelection("/user/" + FileListAccountActor.Name)
            .Ask<FileListAccountStatus>(GetFileListAccountStatus.Instance, TimeSpan.FromSeconds(5));
        Assert.Equal(FileListAccountHealth.CredentialsRejected, status.Health);
        Assert.Contains("Invalid passkey/username!", status.Message);
        AwaitCondition(() => Logs.Warnings.Count(w => w.Contains("FileList rejected the credentials")) >= 1, "the pause was logged");

        // The user fixes the account; after the pause the films are grabbed, still with no failure counted.
        FileList.Fault = FakeFileListFault.None;
        Clock.Advance(TimeSpan.FromMinutes(1));
        AwaitCondition(() => Statistics(coordinator).Downloading == 2, "both films were grabbed after the pause");
        Assert.All(grabber.Grabs.Select(g => g.Request.Attempt), a => Assert.Equal(1, a));
        Assert.Single(Logs.Warnings, w => w.Contains("FileList rejected the credentials"));
    }

    [Fact]
    public void A_stopped_account_actor_is_started_again_and_its_films_wait_without_burning_a_retry()
    {
        // The host's grabber, but with an account timeout of seconds (an ask times out in real time, not the test's).
        var options = Options(_qbittorrent.BaseUrl);
        var timeout = TimeSpan.FromSeconds(2);
        var grabber = Grabber(options, SettingsFromOptions.Grabbing(options) with { AccountTimeout = timeout });
        IActorRef? account = null;
        AwaitCondition(() => (account = Sys.ActorSelection($"/user/{FileListAccountActor.Name}/account")
            .Ask<ActorIdentity>(new Identify(null), TimeSpan.FromSeconds(5)).Result.Subject) is not null, "the account actor started");
        Watch(account!);
        account!.Tell(PoisonPill.Instance); // as when its journal refuses a write
        ExpectTerminated(account);
        var lost = CreateTestProbe();
        Sys.EventStream.Subscribe(lost.Ref, typeof(DeadLetter));

        var (_, matrix) = StartMovie(grabber, Matrix.Value, "The Matrix", 1999);
        lost.FishForMessage(m => m is DeadLetter { Message: SearchFilm }, TimeSpan.FromSeconds(20));
        Clock.Advance(TimeSpan.FromSeconds(2)); // the supervisor's pause ends: the account actor is back

        AwaitCondition(() => grabber.OutcomesFor(Matrix).Count == 1, "the unanswered search ended the attempt");
        var deferred = Assert.IsType<GrabOutcome.Deferred>(grabber.OutcomesFor(Matrix).Single());
        Assert.Contains("the FileList account did not answer", deferred.Reason);
        Assert.Equal(0, FileList.SearchRequests);

        Clock.Advance(timeout + TimeSpan.FromSeconds(1));
        var grabbed = ExpectState(matrix, s => s.Status == MovieStatus.Downloading);
        Assert.Equal(0, grabbed.Failures);
        Assert.Equal(1, FileList.SearchRequests);
    }

    [Fact]
    public void A_spent_budget_defers_films_until_the_window_frees()
    {
        // Two requests an hour: one film's search and .torrent download.
        var grabber = Grabber(Options(_qbittorrent.BaseUrl, requestsPerHour: 2));
        var (_, matrix) = StartMovie(grabber, Matrix.Value, "The Matrix", 1999);
        ExpectState(matrix, s => s.Status == MovieStatus.Downloading);
        var spentAt = Clock.Now;

        Clock.Advance(TimeSpan.FromMinutes(10));
        var (amelieActor, amelie) = StartMovie(grabber, Amelie.Value, "Amélie", 2001);
        AwaitCondition(() => grabber.OutcomesFor(Amelie).Count == 1, "Amélie was attempted");
        var deferred = Assert.IsType<GrabOutcome.Deferred>(grabber.OutcomesFor(Amelie).Single());
        Assert.Contains("filelist.requests_per_hour", deferred.Reason);
        Assert.InRange(deferred.RetryAt, spentAt, spentAt + TimeSpan.FromHours(1) + TimeSpan.FromSeconds(5));
        Assert.Equal((1, 1), (FileList.SearchRequests, FileList.DownloadRequests));

        Clock.Advance(TimeSpan.FromMinutes(49));
        Assert.Single(grabber.OutcomesFor(Amelie));
        Assert.Equal(MovieStatus.Pending, StateOf(amelieActor).Status);

        Clock.Advance(TimeSpan.FromMinutes(2));
        var grabbed = ExpectState(amelie, s => s.Status == MovieStatus.Downloading);
        Assert.Equal(0, grabbed.Failures);
        Assert.Equal((2, 2), (FileList.SearchRequests, FileList.DownloadRequests));
    }

    private static MovieCounts Statistics(IActorRef coordinator) =>
        coordinator.Ask<StatisticsResult>(GetStatistics.Instance, TimeSpan.FromSeconds(5)).Result.Counts;
}
