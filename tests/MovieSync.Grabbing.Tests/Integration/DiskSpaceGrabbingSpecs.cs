using System.Collections.Concurrent;
using Akka.TestKit;
using MovieSync.Actors.Adapters.Grabbing;
using MovieSync.Actors.Hosting;
using MovieSync.Actors.Movies;
using MovieSync.Configuration;
using MovieSync.Grabbing.Tests.QBittorrent;
using MovieSync.Messages;
using MovieSync.Simulators.FileList;
using MovieSync.Simulators.QBittorrent;
using Xunit;
using Xunit.Abstractions;

namespace MovieSync.Grabbing.Tests.Integration;

/// <summary>
/// Films held back for want of room on disk: they wait (never a failure), spend no FileList request while they do, and
/// are grabbed by themselves once there is room. Free space comes from a probe the spec controls; the budget counts the
/// simulated qBittorrent's unfinished torrents, whose downloads progress only when the spec moves their clock.
/// </summary>
public sealed class DiskSpaceGrabbingSpecs : GrabbingSpec
{
    private static readonly TimeSpan Recheck = new DiskLimits(0, null).Recheck;
    private readonly ManualClock _downloadClock = new(DateTimeOffset.UtcNow);
    private readonly ControlledFreeSpace _freeSpace = new();
    private FakeQBittorrent _qbittorrent = null!;

    public DiskSpaceGrabbingSpecs(ITestOutputHelper output) : base(output)
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
    public void Below_min_free_the_film_waits_without_a_FileList_request_and_is_grabbed_when_space_returns()
    {
        var options = Options(_qbittorrent.BaseUrl, paused: false) with { Disk = new DiskOptions { MinFreeGb = 10 } };
        _freeSpace.Bytes = FakeTorrent.Gb(3.2);
        var grabber = Grabber(options, SettingsFromOptions.Grabbing(options) with { FreeSpace = _freeSpace });

        var (movie, parent) = StartMovie(grabber, FilmCatalogue.MatrixImdb, "The Matrix", 1999);
        var waiting = ExpectWaiting(parent);
        Assert.Equal("disk: 3.2 GB free, 10 GB required", waiting.Reason);
        Assert.Equal(Clock.Now + Recheck, waiting.Until);
        // The save path does not exist yet (qBittorrent makes it on the first add): the download directory is measured.
        Assert.Equal(DownloadDirectory, _freeSpace.Asked.Last());

        // Still full at the next look: waits again, still no failure and no request.
        Clock.AdvanceWhenDue(Recheck, receiver: movie);
        Assert.Equal("disk: 3.2 GB free, 10 GB required", ExpectWaiting(parent).Reason);
        Assert.Equal(0, StateOf(movie).Failures);
        Assert.Empty(FileList.Requests);
        Assert.Equal(0, _qbittorrent.AddRequests);

        _freeSpace.Bytes = FakeTorrent.Gb(10);
        Clock.AdvanceWhenDue(Recheck, receiver: movie);
        var grabbed = ExpectState(parent, s => s.Status == MovieStatus.Downloading);

        Assert.Equal(0, grabbed.Failures);
        Assert.Equal(1, FileList.SearchRequests);
        Assert.Equal(1, FileList.DownloadRequests);
        Assert.Equal(1, _qbittorrent.AddRequests);
        Assert.All(grabber.Grabs.Take(2), g => Assert.IsType<GrabOutcome.Deferred>(g.Outcome));
        // Logged when films started waiting and when they could go on, not at every look.
        Assert.Single(Logs.Warnings, l => l.Contains("Only 3.2 GB free on " + DownloadDirectory + ", disk.min_free_gb is 10 GB"));
        Assert.Single(Logs.Lines, l => l.Contains("10 GB free on " + DownloadDirectory + " again"));
    }

    [Fact]
    public void A_second_film_that_does_not_fit_the_budget_waits_unfetched_until_the_first_completes()
    {
        // The Matrix (0.5 GB) fits 0.8 GB; Amélie (0.4 GB) beside it would not.
        var options = Options(_qbittorrent.BaseUrl, paused: false) with { Disk = new DiskOptions { MinFreeGb = 0, BudgetGb = 0.8 } };
        var grabber = Grabber(options, SettingsFromOptions.Grabbing(options) with { FreeSpace = _freeSpace });
        var (_, matrixParent) = StartMovie(grabber, FilmCatalogue.MatrixImdb, "The Matrix", 1999);
        ExpectState(matrixParent, s => s.Status == MovieStatus.Downloading);

        var (amelie, amelieParent) = StartMovie(grabber, FilmCatalogue.AmelieImdb, "Amélie", 2001);
        var waiting = ExpectWaiting(amelieParent);

        Assert.Equal("disk budget: 0.5 GB of 0.8 GB held by unfinished torrents, this one needs 0.4 GB", waiting.Reason);
        Assert.Equal(2, FileList.SearchRequests); // the search told the size ...
        Assert.Equal(1, FileList.DownloadRequests); // ... so Amélie's .torrent was not fetched
        Assert.Equal(1, _qbittorrent.TorrentCount);
        Assert.Equal(0, StateOf(amelie).Failures);

        // While The Matrix is unfinished, Amélie looks again without another search: it is known not to fit yet.
        Clock.AdvanceWhenDue(Recheck, receiver: amelie);
        Assert.Equal(waiting.Reason, ExpectWaiting(amelieParent).Reason);
        Assert.Equal(2, FileList.SearchRequests);

        // The Matrix finishes in qBittorrent: at Amélie's next look there is room.
        _downloadClock.Advance(TimeSpan.FromHours(1));
        Clock.AdvanceWhenDue(Recheck, receiver: amelie);
        var grabbed = ExpectState(amelieParent, s => s.Status == MovieStatus.Downloading);

        Assert.Equal(0, grabbed.Failures);
        Assert.Equal(3, FileList.SearchRequests);
        Assert.Equal(2, FileList.DownloadRequests);
        Assert.Equal(2, _qbittorrent.TorrentCount);
        Assert.Single(Logs.Lines, l => l.Contains("Amélie (2001) waits: it needs 0.4 GB"));
        Assert.Single(Logs.Lines, l => l.Contains("Amélie (2001) fits the disk budget now"));
    }

    [Fact]
    public void A_full_budget_holds_films_back_before_the_FileList_search()
    {
        var options = Options(_qbittorrent.BaseUrl, paused: false) with { Disk = new DiskOptions { MinFreeGb = 0, BudgetGb = 0.5 } };
        var grabber = Grabber(options, SettingsFromOptions.Grabbing(options) with { FreeSpace = _freeSpace });
        var (_, matrixParent) = StartMovie(grabber, FilmCatalogue.MatrixImdb, "The Matrix", 1999);
        ExpectState(matrixParent, s => s.Status == MovieStatus.Downloading);
        var searches = FileList.SearchRequests;

        var (seven, sevenParent) = StartMovie(grabber, FilmCatalogue.SevenImdb, "Se7en", 1995);
        Assert.Equal("disk budget: 0.5 GB of 0.5 GB held by unfinished torrents", ExpectWaiting(sevenParent).Reason);

        Assert.Equal(searches, FileList.SearchRequests);
        Assert.Equal(0, StateOf(seven).Failures);
        Assert.Single(Logs.Lines, l => l.Contains("Unfinished torrents hold 0.5 GB of the 0.5 GB disk budget (disk.budget_gb)"));
    }

    [Fact]
    public void A_torrent_bigger_than_the_whole_budget_is_never_chosen()
    {
        // Se7en has one torrent of 0.6 GB: beyond a 0.55 GB budget even with nothing else unfinished.
        var options = Options(_qbittorrent.BaseUrl, paused: false) with { Disk = new DiskOptions { MinFreeGb = 0, BudgetGb = 0.55 } };
        var grabber = Grabber(options, SettingsFromOptions.Grabbing(options) with { FreeSpace = _freeSpace });

        var (_, parent) = StartMovie(grabber, FilmCatalogue.SevenImdb, "Se7en", 1995);
        var failed = ExpectState(parent, s => s.Status == MovieStatus.Failed);

        Assert.Equal("No suitable torrent on FileList for Se7en (1995): none of the 1 result fits: 1 over 0.55 GB", failed.LastError);
        Assert.Equal(0, FileList.DownloadRequests);
    }

    /// <summary>The next <see cref="MovieReports.MovieWaiting"/> the movie told its parent (other reports pass by).</summary>
    private static MovieReports.MovieWaiting ExpectWaiting(TestProbe parent) =>
        parent.FishForMessage<MovieReports.MovieWaiting>(_ => true, TimeSpan.FromSeconds(20));

    /// <summary>Free space as the spec sets it; remembers which directories were measured.</summary>
    private sealed class ControlledFreeSpace : IFreeSpaceProbe
    {
        private long _bytes = long.MaxValue;

        public long Bytes { get => Interlocked.Read(ref _bytes); set => Interlocked.Exchange(ref _bytes, value); }

        public ConcurrentQueue<string> Asked { get; } = new();

        public long FreeBytes(string directory)
        {
            Asked.Enqueue(directory);
            return Bytes;
        }
    }
}
