using Akka.Actor;
using MovieSync.Actors.Movies;
using MovieSync.Clients.QBittorrent;
using MovieSync.Grabbing.Tests.QBittorrent;
using MovieSync.Messages;
using MovieSync.Simulators.FileList;
using Xunit;
using Xunit.Abstractions;
using static MovieSync.Messages.MovieCommands;
using static MovieSync.Messages.MovieQueries;

namespace MovieSync.Grabbing.Tests.Integration;

/// <summary>A film from the queue to qBittorrent: the fake FileList and the real qbittorrent-nox, all over HTTP on 127.0.0.1.</summary>
[Collection(QBittorrentNoxCollection.Name)]
public sealed class GrabbingPipelineSpecs : GrabbingSpec
{
    private readonly QBittorrentNox _qbittorrent;

    public GrabbingPipelineSpecs(QBittorrentNox qbittorrent, ITestOutputHelper output) : base(output) => _qbittorrent = qbittorrent;

    private FakeTorrent Matrix1080p => FileList.Torrents.Single(t => t.Name.StartsWith("The.Matrix.1999.1080p"));

    [Fact]
    public async Task A_queued_film_is_searched_added_once_with_its_category_and_tags_and_followed()
    {
        var grabber = Grabber(Options(_qbittorrent.BaseUrl));
        var coordinator = Sys.ActorOf(MovieCoordinator.Props(grabber, MovieSettings.Default), MovieCoordinator.Name);

        coordinator.Tell(new QueueMovie(MovieId.Parse(FilmCatalogue.MatrixImdb), "The Matrix", 1999), ActorRefs.NoSender);
        AwaitCondition(() => Statistics(coordinator).Downloading == 1, "the torrent was added");
        AwaitCondition(() => !grabber.Progress.IsEmpty, "the download was followed at once");

        using var client = QBittorrentClientFor(_qbittorrent.BaseUrl);
        var expectedHash = FakeFileList.InfoHashOf(Matrix1080p);
        await NoxWaits.ListedAsync(client, expectedHash);
        var torrent = Assert.Single(await client.GetTorrentsAsync(category: Category));
        Assert.Equal(expectedHash, torrent.Hash);
        Assert.Equal(["from-test", "moviesync"], torrent.Tags.Order());
        var added = Assert.IsType<GrabOutcome.Added>(Assert.Single(grabber.Grabs).Outcome);
        Assert.Equal(expectedHash, added.InfoHash);
        Assert.Equal(Matrix1080p.SizeBytes, added.SizeBytes);
        Assert.StartsWith("1080p", added.Reason);
        Assert.Equal(1, FileList.SearchRequests);
        Assert.Equal(1, FileList.DownloadRequests);

        // Added paused (qbittorrent.paused): qBittorrent reports it in progress, and the movie stays downloading.
        Assert.Contains(torrent.Status, new[] { TorrentStatus.Paused, TorrentStatus.Checking });
        var progress = Assert.IsType<DownloadProgress.InProgress>(grabber.Progress.First());
        Assert.InRange(progress.Fraction, 0, 0.99);
        MovieStateResult? state = null;
        AwaitAssert(() =>
        {
            // asked through the coordinator, which alone knows where the movie's actor runs
            coordinator.Tell(new GetMovieState(MovieId.Parse("tt0133093")), TestActor);
            state = ExpectMsg<MovieStateResult>(TimeSpan.FromSeconds(5));
            Assert.NotNull(state.Progress); // the actor took in the progress the grabber recorded
        }, TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(20));
        Assert.Equal(MovieStatus.Downloading, state!.State.Status);
        Assert.Equal(expectedHash, state.State.InfoHash);
    }

    [Fact]
    public async Task An_attempt_after_a_crash_between_the_add_and_its_event_does_not_add_the_torrent_twice()
    {
        var options = Options(_qbittorrent.BaseUrl);
        using var client = QBittorrentClientFor(_qbittorrent.BaseUrl);
        // The previous life added the torrent and died before persisting TorrentAdded.
        var bytes = FakeTorrentFiles.Build(Matrix1080p, "http://127.0.0.1:1/announce.php?passkey=x");
        await client.EnsureCategoryAsync(Category);
        Assert.True(await client.AddTorrentAsync(bytes, new() { Category = Category, Paused = true }));
        await NoxWaits.ListedAsync(client, FakeFileList.InfoHashOf(Matrix1080p));
        var grabber = Grabber(options);

        var (_, parent) = StartMovie(grabber, FilmCatalogue.MatrixImdb, "The Matrix", 1999);
        var state = ExpectState(parent, s => s.Status == MovieStatus.Downloading);

        var torrent = Assert.Single(await client.GetTorrentsAsync(category: Category));
        Assert.Equal(FakeFileList.InfoHashOf(Matrix1080p), torrent.Hash);
        Assert.Equal(torrent.Hash, state.InfoHash);
        Assert.IsType<GrabOutcome.Added>(Assert.Single(grabber.Grabs).Outcome);
        Assert.Contains(Logs.Lines, l => l.Contains("already has torrent"));
    }

    [Fact]
    public void No_search_results_fail_the_attempt()
    {
        var grabber = Grabber(Options(_qbittorrent.BaseUrl));

        var (_, parent) = StartMovie(grabber, "tt9999999", "Nothing Like It", 2020);
        var state = ExpectState(parent, s => s.Status == MovieStatus.Failed);

        Assert.Equal(1, state.Failures);
        Assert.Equal("No torrents found on FileList for Nothing Like It (2020)", state.LastError);
        Assert.Equal(1, FileList.SearchRequests);
        Assert.Equal(0, FileList.DownloadRequests);
    }

    [Fact]
    public async Task A_download_link_answering_an_html_page_fails_the_attempt()
    {
        FileList.Fault = FakeFileListFault.DownloadAnswersHtml;
        var grabber = Grabber(Options(_qbittorrent.BaseUrl));

        var (_, parent) = StartMovie(grabber, FilmCatalogue.AmelieImdb, "Amélie", 2001);
        var state = ExpectState(parent, s => s.Status == MovieStatus.Failed);

        Assert.Equal(1, state.Failures);
        Assert.Equal("download link answered an HTML page, not a torrent", state.LastError);
        using var client = QBittorrentClientFor(_qbittorrent.BaseUrl);
        Assert.Empty(await client.GetTorrentsAsync(category: Category));
    }

    [Fact]
    public void A_film_already_on_disk_completes_with_its_path_and_no_filelist_request()
    {
        var grabber = Grabber(Options(_qbittorrent.BaseUrl));
        // The library index is built by the first attempt; a film that arrives later is seen through Refresh.
        var (_, seven) = StartMovie(grabber, FilmCatalogue.SevenImdb, "Se7en", 1995);
        ExpectState(seven, s => s.Status == MovieStatus.Downloading);
        var folder = Directory.CreateDirectory(Path.Combine(DownloadDirectory, "The Matrix (1999) 1080p")).FullName;

        var (_, parent) = StartMovie(grabber, FilmCatalogue.MatrixImdb, "The Matrix", 1999);
        var state = ExpectState(parent, s => s.Status == MovieStatus.Completed);

        Assert.Equal(folder, state.Path);
        Assert.Equal(1, FileList.SearchRequests); // only Se7en's
        Assert.Equal(1, FileList.DownloadRequests);
        Assert.IsType<GrabOutcome.AlreadyOnDisk>(grabber.OutcomesFor(MovieId.Parse(FilmCatalogue.MatrixImdb)).Single());
    }
}
