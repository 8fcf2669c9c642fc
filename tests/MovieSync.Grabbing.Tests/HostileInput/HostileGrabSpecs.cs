using MovieSync.Actors.Movies;
using MovieSync.Grabbing.Tests.Integration;
using MovieSync.Messages;
using MovieSync.Simulators.FileList;
using MovieSync.Simulators.QBittorrent;
using Xunit;
using Xunit.Abstractions;

namespace MovieSync.Grabbing.Tests.HostileInput;

/// <summary>
/// A whole grab (account actor, grabber, simulated qBittorrent) when FileList's answers cannot be trusted: the attempt
/// fails with a clear reason and nothing reaches qBittorrent or another host.
/// </summary>
public sealed class HostileGrabSpecs(ITestOutputHelper output) : GrabbingSpec(output)
{
    private const string BigFilmImdb = "tt7654321";
    private FakeQBittorrent _qbittorrent = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _qbittorrent = await FakeQBittorrent.StartAsync();
    }

    public override async Task DisposeAsync()
    {
        await _qbittorrent.DisposeAsync();
        await base.DisposeAsync();
    }

    private Task<GrabOutcome> GrabAsync(string imdbId, string title, int year) =>
        Grabber(Options(_qbittorrent.BaseUrl)).GrabAsync(new GrabRequest(MovieId.Parse(imdbId), title, year, 1), CancellationToken.None);

    [Fact]
    public async Task A_torrent_whose_file_is_larger_than_max_size_gb_fails_the_attempt_though_the_listing_said_less()
    {
        // FileList lists 2 GB; the .torrent it serves holds 80 GB (max_size_gb is 60).
        FileList.AddTorrent(new FakeTorrent(Random.Shared.NextInt64(1_000_000, 9_000_000), "Big.Film.2020.1080p.BluRay.x264-GRP",
            BigFilmImdb, 4, FakeTorrent.Gb(80), 50) { ListedSizeBytes = FakeTorrent.Gb(2) });

        var outcome = await GrabAsync(BigFilmImdb, "Big Film", 2020);

        var failed = Assert.IsType<GrabOutcome.Failed>(outcome);
        Assert.Equal("the .torrent from FileList holds 80 GB, over filelist.max_size_gb (60 GB)", failed.Reason);
        Assert.Equal(1, FileList.DownloadRequests);
        Assert.Equal(0, _qbittorrent.AddRequests);
    }

    [Fact]
    public async Task A_download_link_to_another_host_fails_the_attempt_and_that_host_hears_nothing()
    {
        await using var elsewhere = await FakeFileList.StartAsync();
        FileList.DownloadLinkBase = elsewhere.BaseUrl;

        var outcome = await GrabAsync(FilmCatalogue.MatrixImdb, "The Matrix", 1999);

        var failed = Assert.IsType<GrabOutcome.Failed>(outcome);
        Assert.Equal(MovieSync.Clients.FileList.FileListClient.LinkRefusedError, failed.Reason);
        Assert.Equal(0, elsewhere.DownloadRequests + elsewhere.SearchRequests);
        Assert.Equal(0, _qbittorrent.AddRequests);
        Assert.DoesNotContain(Logs.Lines, l => l.Contains(FakeFileList.DefaultPasskey));
    }

    [Fact]
    public void A_filelist_base_url_over_plain_http_to_another_machine_is_warned_about_at_start()
    {
        var options = Options(_qbittorrent.BaseUrl);
        StartAccount(options with { FileList = options.FileList with { BaseUrl = new Uri("http://192.0.2.10/") } });

        var warning = Assert.Single(Logs.Warnings, w => w.Contains("plain http"));
        Assert.Contains("filelist.base_url http://192.0.2.10/ is plain http to another machine", warning);
    }

    [Fact]
    public async Task An_oversized_torrent_download_fails_the_attempt_naming_the_limit()
    {
        FileList.Fault = FakeFileListFault.OversizedTorrent; // the search answers normally

        var outcome = await GrabAsync(FilmCatalogue.MatrixImdb, "The Matrix", 1999);

        var failed = Assert.IsType<GrabOutcome.Failed>(outcome);
        Assert.Equal("the .torrent from FileList exceeds the 10 MB limit", failed.Reason);
        Assert.Equal(1, FileList.DownloadRequests);
        Assert.Equal(0, _qbittorrent.AddRequests);
    }
}
