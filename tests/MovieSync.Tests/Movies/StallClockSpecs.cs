using MovieSync.Actors.Movies;
using MovieSync.Messages;
using Xunit;
using static MovieSync.Messages.MovieEvents;

namespace MovieSync.Tests.Movies;

/// <summary>How long a download went without progress, and when that makes it stalled (pure: no actor, no clock).</summary>
public sealed class StallClockSpecs
{
    private static readonly MovieId Matrix = MovieId.Parse("tt0133093");
    private static readonly DateTimeOffset Added = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan TwoDays = TimeSpan.FromHours(48);

    private static DownloadProgress.InProgress Report(double fraction, string state = "stalledDL", int seeds = 0, long downloaded = 0,
        bool held = false) =>
        new(fraction, 0, null) { State = state, Seeds = seeds, DownloadedBytes = downloaded, Held = held };

    private static MovieState Downloading() => MovieState.Empty(Matrix)
        .Apply(new MovieQueued(Matrix, "The Matrix", 1999, Added))
        .Apply(new TorrentAdded(Matrix, "The.Matrix.1080p", "ab12", Added));

    [Fact]
    public void A_torrent_at_zero_for_stalled_after_is_stalled_and_goes_with_its_files()
    {
        var clock = StallClock.Of(Downloading(), Added);

        Assert.False(clock.Observe(0, held: false, Added + TwoDays));
        Assert.Null(clock.Stalled(Report(0), TwoDays, Added + TwoDays - TimeSpan.FromSeconds(1)));
        var stalled = clock.Stalled(Report(0), TwoDays, Added + TwoDays);

        Assert.Equal(new StalledDownload(
            "stalled: no progress for 2d 0h at 0.0% (stalledDL, 0 seeds); removed from qBittorrent with its files (nothing was downloaded)",
            DeleteFiles: true), stalled);
    }

    [Fact]
    public void A_torrent_with_anything_downloaded_keeps_its_files()
    {
        var clock = StallClock.Of(Downloading(), Added);

        Assert.False(clock.Stalled(Report(0, downloaded: 16_384), TwoDays, Added + TwoDays)!.DeleteFiles);
        Assert.Equal("stalled: no progress for 2d 0h at 42.5% (stalledDL, 0 seeds); removed from qBittorrent, its files kept",
            clock.Stalled(Report(0.425), TwoDays, Added + TwoDays)!.Reason);
    }

    [Fact]
    public void Progress_or_a_hold_starts_the_clock_again_and_zero_means_never()
    {
        var clock = StallClock.Of(Downloading(), Added);

        Assert.True(clock.Observe(0.1, held: false, Added + TimeSpan.FromHours(47)));
        Assert.Null(clock.Stalled(Report(0.1), TwoDays, Added + TwoDays));
        Assert.True(clock.Observe(0.1, held: true, Added + TimeSpan.FromHours(90)));
        Assert.Null(clock.Stalled(Report(0.1, "pausedDL", held: true), TwoDays, Added + TimeSpan.FromDays(30)));
        Assert.Equal(Added + TimeSpan.FromHours(90), clock.Since);
        Assert.Null(clock.Stalled(Report(0.1), TimeSpan.Zero, Added + TimeSpan.FromDays(365)));
    }

    [Fact]
    public void After_a_restart_the_clock_goes_on_from_the_journaled_mark_unless_the_download_moved_since()
    {
        var marked = Downloading().Apply(new DownloadProgressed(Matrix, 0.3, Added + TimeSpan.FromHours(5)));

        var unchanged = StallClock.Of(marked, Added + TimeSpan.FromHours(20));
        Assert.False(unchanged.Observe(0.3, held: false, Added + TimeSpan.FromHours(20)));
        Assert.NotNull(unchanged.Stalled(Report(0.3), TwoDays, Added + TimeSpan.FromHours(53)));

        var moved = StallClock.Of(marked, Added + TimeSpan.FromHours(20));
        Assert.True(moved.Observe(0.35, held: false, Added + TimeSpan.FromHours(20)));
        Assert.Equal(Added + TimeSpan.FromHours(20), moved.Since);
    }
}
