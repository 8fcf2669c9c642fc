using Akka.Actor;
using MovieSync.Actors.Downloads;
using MovieSync.Actors.FileList;
using MovieSync.Grabbing.Tests.QBittorrent;
using MovieSync.Messages;
using MovieSync.Simulators.FileList;
using Xunit;
using Xunit.Abstractions;
using static MovieSync.Messages.DownloadCommands;
using static MovieSync.Messages.DownloadQueries;
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
        var coordinator = Sys.ActorOf(DownloadCoordinator.Props(grabber, DownloadSettings.Default), DownloadCoordinator.Name);

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

    private static StatisticsResult Statistics(IActorRef coordinator) =>
        coordinator.Ask<StatisticsResult>(GetStatistics.Instance, TimeSpan.FromSeconds(5)).Result;
}
