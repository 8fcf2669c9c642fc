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

    [Fact]
    public async Task A_torrent_qbittorrent_lists_a_minute_after_its_add_is_followed_without_a_failure()
    {
        await using var slow = await FakeQBittorrent.StartAsync(
            new FakeQBittorrentOptions { Clock = _downloadClock, ListsAddedAfter = TimeSpan.FromMinutes(1) });
        var grabber = Grabber(Options(slow.BaseUrl, paused: false));
        var (movie, parent) = StartMovie(grabber, FilmCatalogue.AmelieImdb, "Amélie", 2001);

        // The add is accepted; qBittorrent does not list it yet, at the add nor at the first checks.
        ExpectState(parent, s => s.Status == MovieStatus.Downloading);
        AwaitAssert(() => Assert.IsType<DownloadProgress.NotListed>(Assert.Single(grabber.Progress)), TimeSpan.FromSeconds(20));
        Clock.AdvanceWhenDue(MovieSettings.Default.FollowInterval, receiver: movie);
        AwaitAssert(() => Assert.Equal(2, grabber.Progress.Count), TimeSpan.FromSeconds(20));

        _downloadClock.Advance(TimeSpan.FromMinutes(1));
        Clock.AdvanceWhenDue(MovieSettings.Default.FollowInterval, receiver: movie);
        AwaitFollowed(movie);

        var state = StateOf(movie);
        Assert.Equal(MovieStatus.Downloading, state.Status);
        Assert.Equal(0, state.Failures);
        Assert.Equal(["NotListed", "NotListed", "InProgress"], grabber.Progress.Select(p => p.GetType().Name));
        Assert.Equal(1, slow.AddRequests);
        AwaitAssert(() => Assert.Contains(Logs.Lines, l => l.Contains("Amélie (2001): the torrent is not in qBittorrent (torrent ") &&
                                                            l.Contains("asking again in 30s, counted as lost after 2m 0s")));
    }

    [Fact]
    public async Task A_torrent_qbittorrent_does_not_list_for_two_minutes_is_a_failed_attempt()
    {
        await using var stuck = await FakeQBittorrent.StartAsync(
            new FakeQBittorrentOptions { Clock = _downloadClock, ListsAddedAfter = TimeSpan.FromDays(1) });
        var grabber = Grabber(Options(stuck.BaseUrl, paused: false));
        var (movie, parent) = StartMovie(grabber, FilmCatalogue.AmelieImdb, "Amélie", 2001);
        ExpectState(parent, s => s.Status == MovieStatus.Downloading);

        // Checks at 0, 30, 60 and 90 s find nothing listed and wait; the one at 2 minutes gives up.
        for (var check = 1; check <= 4; check++)
        {
            AwaitAssert(() => Assert.Equal(check, grabber.Progress.Count), TimeSpan.FromSeconds(20));
            Assert.Equal(MovieStatus.Downloading, StateOf(movie).Status);
            Clock.AdvanceWhenDue(MovieSettings.Default.FollowInterval, receiver: movie);
        }
        var failed = ExpectState(parent, s => s.Status == MovieStatus.Failed);

        Assert.Equal("the torrent is not in qBittorrent (not listed for 2m 0s)", failed.LastError);
        Assert.Equal(1, failed.Failures);
        Assert.Equal(5, grabber.Progress.Count);
        Assert.Equal(1, stuck.AddRequests);
    }
}
