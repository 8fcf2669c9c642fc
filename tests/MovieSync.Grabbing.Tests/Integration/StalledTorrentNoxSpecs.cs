using MovieSync.Actors.Movies;
using MovieSync.Grabbing.Tests.QBittorrent;
using MovieSync.Messages;
using MovieSync.Simulators.FileList;
using Xunit;
using Xunit.Abstractions;

namespace MovieSync.Grabbing.Tests.Integration;

/// <summary>
/// The real qbittorrent-nox has no peers, so a running torrent really stalls there: with a small <c>stalled_after</c>,
/// MovieSync removes it and adds the next best one from FileList. Its own qbittorrent-nox, so that running torrents take
/// no download slot of the shared one.
/// </summary>
public sealed class StalledTorrentNoxSpecs : GrabbingSpec
{
    private static readonly TimeSpan Poll = TimeSpan.FromMinutes(1);
    private readonly QBittorrentNox _qbittorrent = new();
    private readonly ITestOutputHelper _output;

    public StalledTorrentNoxSpecs(ITestOutputHelper output) : base(output) => _output = output;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await _qbittorrent.StartAsync();
    }

    public override async Task DisposeAsync()
    {
        await _qbittorrent.DisposeAsync();
        await base.DisposeAsync();
    }

    [Fact]
    public async Task A_torrent_stalled_in_qbittorrent_is_removed_with_its_files_and_the_next_best_one_is_added()
    {
        var best = FileList.Torrents.Single(t => t.Name.StartsWith("The.Matrix.1999.1080p", StringComparison.Ordinal));
        var next = FileList.Torrents.Single(t => t.Name.StartsWith("The.Matrix.1999.720p", StringComparison.Ordinal));
        var grabber = Grabber(Options(_qbittorrent.BaseUrl, paused: false));
        var settings = MovieSettings.Default with { FollowInterval = Poll, StalledAfter = TimeSpan.FromMinutes(3) };
        var parent = CreateTestProbe();
        var movie = parent.ChildActorOf(MovieActor.Props(MovieId.Parse(FilmCatalogue.MatrixImdb), "The Matrix", 1999, null, grabber,
            settings), "movie-" + FilmCatalogue.MatrixImdb);
        ExpectState(parent, s => s.InfoHash == FakeFileList.InfoHashOf(best));
        using var client = QBittorrentClientFor(_qbittorrent.BaseUrl);
        Assert.NotNull(await client.FindTorrentAsync(FakeFileList.InfoHashOf(best)));

        // Checked once a minute (test time) until qBittorrent's own fields have shown no progress for three minutes.
        // Each round waits until the last check is done (it set the next one) or the torrent was removed.
        for (var i = 0; i < 12; i++)
        {
            AwaitCondition(() => !grabber.Removed.IsEmpty || Clock.IsDue(Poll, movie), TimeSpan.FromSeconds(20));
            if (!grabber.Removed.IsEmpty)
                break;
            Clock.Advance(Poll);
        }

        var failed = ExpectState(parent, s => s.Status == MovieStatus.Failed);
        Assert.Equal((FakeFileList.InfoHashOf(best), true), Assert.Single(grabber.Removed));
        Assert.StartsWith("stalled: no progress for 3m 0s at 0.0% (", failed.LastError);
        Assert.Null(await client.FindTorrentAsync(FakeFileList.InfoHashOf(best))); // gone from qBittorrent
        var states = grabber.Progress.OfType<DownloadProgress.InProgress>().Select(p => p.State).Distinct().ToList();
        _output.WriteLine("qBittorrent states seen: " + string.Join(", ", states));

        // The retry (an hour later) searches again and adds the next best torrent, not the stalled one.
        Clock.AdvanceWhenDue(RetryPolicy.Default.DelayBeforeRetry(1), movie);
        var retried = ExpectState(parent, s => s.Status == MovieStatus.Downloading);
        Assert.Equal(FakeFileList.InfoHashOf(next), retried.InfoHash);
        Assert.Equal(2, FileList.SearchRequests);
        Assert.Equal(2, FileList.DownloadRequests); // the stalled one's .torrent was not fetched again
        await NoxWaits.ListedAsync(client, FakeFileList.InfoHashOf(next));
        var torrents = await client.GetTorrentsAsync(category: Category);
        Assert.Equal([FakeFileList.InfoHashOf(next)], torrents.Select(t => t.Hash));
    }

    [Fact]
    public async Task A_stalled_info_hash_known_without_its_FileList_id_is_caught_once_its_torrent_is_fetched_and_rejected_by_id_from_then_on()
    {
        // A torrent that stalled when MovieSync did not yet record FileList ids: only its info-hash is known.
        var best = FileList.Torrents.Single(t => t.Name.StartsWith("The.Matrix.1999.1080p", StringComparison.Ordinal));
        var next = FileList.Torrents.Single(t => t.Name.StartsWith("The.Matrix.1999.720p", StringComparison.Ordinal));
        var grabber = Grabber(Options(_qbittorrent.BaseUrl));
        var request = new GrabRequest(MovieId.Parse(FilmCatalogue.MatrixImdb), "The Matrix", 1999, Attempt: 2)
        {
            Rejected = [new RejectedTorrent(FakeFileList.InfoHashOf(best), best.Name, FileListId: null)],
        };

        var caught = Assert.IsType<GrabOutcome.Failed>(await grabber.GrabAsync(request, CancellationToken.None));
        Assert.Equal($"FileList torrent {best.Id} ({best.Name}) is {FakeFileList.InfoHashOf(best)}, which stalled before", caught.Reason);
        Assert.Equal(best.Id, caught.Rejected?.FileListId);
        using var client = QBittorrentClientFor(_qbittorrent.BaseUrl);
        Assert.Empty(await client.GetTorrentsAsync(category: Category)); // not added

        var retried = await grabber.GrabAsync(request with { Attempt = 3, Rejected = [.. request.Rejected, caught.Rejected!] }, CancellationToken.None);
        var added = Assert.IsType<GrabOutcome.Added>(retried);
        Assert.Equal(FakeFileList.InfoHashOf(next), added.InfoHash);
        Assert.Equal(next.Id, added.FileListId);
        Assert.Equal(2, FileList.DownloadRequests); // the stalled one's .torrent was fetched once, to learn its hash
    }
}
