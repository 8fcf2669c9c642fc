using MovieSync.Actors.Movies;
using MovieSync.Grabbing.Tests.QBittorrent;
using MovieSync.Messages;
using MovieSync.Simulators.FileList;
using MovieSync.Simulators.QBittorrent;
using Xunit;
using Xunit.Abstractions;

namespace MovieSync.Grabbing.Tests.Integration;

/// <summary>
/// Following a download to its end. The fake FileList's torrents hash no real data, so the real qBittorrent can never
/// finish one: the simulated qBittorrent, whose downloads progress with a manual clock, plays it.
/// </summary>
public sealed class DownloadFollowingSpecs : GrabbingSpec
{
    private readonly ManualClock _downloadClock = new(DateTimeOffset.UtcNow);
    private FakeQBittorrent _qbittorrent = null!;

    public DownloadFollowingSpecs(ITestOutputHelper output) : base(output)
    {
    }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _qbittorrent = await FakeQBittorrent.StartAsync(new FakeQBittorrentOptions { Clock = _downloadClock });
    }

    public override async Task DisposeAsync()
    {
        await _qbittorrent.DisposeAsync();
        await base.DisposeAsync();
    }

    [Fact]
    public void A_finished_download_completes_the_movie_with_the_content_path()
    {
        var options = Options(_qbittorrent.BaseUrl, paused: false);
        var grabber = Grabber(options);
        var (movie, parent) = StartMovie(grabber, FilmCatalogue.AmelieImdb, "Amélie", 2001);
        ExpectState(parent, s => s.Status == MovieStatus.Downloading);
        AwaitFollowed(movie);
        Assert.IsType<DownloadProgress.InProgress>(grabber.Progress.Single());

        _downloadClock.Advance(TimeSpan.FromHours(1));
        Clock.AdvanceWhenDue(MovieSettings.Default.FollowInterval, receiver: movie);
        var state = ExpectState(parent, s => s.Status == MovieStatus.Completed);

        var name = FileList.Torrents.Single(t => t.ImdbId == FilmCatalogue.AmelieImdb).Name;
        Assert.Equal(Path.Combine(options.QBittorrent.SavePath!, name), state.Path);
        Assert.Equal(1, _qbittorrent.AddRequests);
    }

    [Fact]
    public void A_download_broken_in_qbittorrent_is_a_failed_attempt()
    {
        var grabber = Grabber(Options(_qbittorrent.BaseUrl, paused: false));
        var (movie, parent) = StartMovie(grabber, FilmCatalogue.AmelieImdb, "Amélie", 2001);
        var downloading = ExpectState(parent, s => s.Status == MovieStatus.Downloading);
        AwaitFollowed(movie);

        _qbittorrent.BreakTorrent(downloading.InfoHash!, "missingFiles");
        Clock.AdvanceWhenDue(MovieSettings.Default.FollowInterval, receiver: movie);
        var state = ExpectState(parent, s => s.Status == MovieStatus.Failed);

        Assert.Equal("qBittorrent reports missingFiles", state.LastError);
        Assert.Equal(FakeFileList.InfoHashOf(FileList.Torrents.Single(t => t.ImdbId == FilmCatalogue.AmelieImdb)), downloading.InfoHash);
    }
}
