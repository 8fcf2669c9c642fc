using MovieSync.Actors.Notifications;
using MovieSync.Messages;
using Xunit;
using static MovieSync.Messages.MovieEvents;

namespace MovieSync.Tests.Notifications;

/// <summary>Which journal events are notified and how they read: the same event always gives the same notification.</summary>
public sealed class NotificationDerivationSpecs
{
    private static readonly MovieId Matrix = MovieId.Parse("tt0133093");
    private static readonly DateTimeOffset At = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_grab_names_the_film_folded_before_it_and_the_same_event_gives_the_same_delivery_id()
    {
        var derivation = new NotificationDerivation();
        derivation.Fold(new MovieQueued(Matrix, "The Matrix", 1999, At));
        var added = new TorrentAdded(Matrix, "The.Matrix.1999.1080p", "abcd", At) { Reason = "1080p, 50 seeders", SizeBytes = 2L << 30 };

        var first = derivation.Derive("movie-tt0133093", 2, added)!;
        var again = derivation.Derive("movie-tt0133093", 2, added)!;

        Assert.Equal(NotificationKind.Grabbed, first.Kind);
        Assert.Equal("Grabbed The Matrix (1999): The.Matrix.1999.1080p (1080p, 50 seeders), 2.0 GB. It is downloading in qBittorrent.",
            first.Message);
        Assert.Equal(first.DeliveryId, again.DeliveryId);
        Assert.NotEqual(first.DeliveryId, derivation.Derive("movie-tt0133093", 3, added)!.DeliveryId);
    }

    [Fact]
    public void A_film_found_on_disk_is_no_completion_and_an_old_export_is_an_attention()
    {
        var derivation = new NotificationDerivation();

        Assert.Null(derivation.Derive("movie-tt0133093", 2, new MovieCompleted(Matrix, "/data/The Matrix", AlreadyOnDisk: true, At)));
        Assert.Equal(NotificationKind.Completed,
            derivation.Derive("movie-tt0133093", 3, new MovieCompleted(Matrix, "/data/The Matrix", AlreadyOnDisk: false, At))!.Kind);
        var stale = derivation.Derive("watchlist-me", 9,
            new WatchlistEvents.WatchlistExportStale("/home/me/Downloads/letterboxd-me-2026-10-01.zip", At.AddDays(-61), At))!;
        Assert.Equal(NotificationKind.Attention, stale.Kind);
        Assert.Null(stale.Movie);
        Assert.StartsWith("The Letterboxd export in use, letterboxd-me-2026-10-01.zip, is from 2026-10-01, over 30 days old", stale.Message);
        var blocked = derivation.Derive("watchlist-me", 10,
            new WatchlistEvents.WatchlistReadsBlocked(At.AddMinutes(-64), "Blocked", "HTTP 403 from letterboxd.com", At))!;
        Assert.Equal(NotificationKind.Attention, blocked.Kind);
        Assert.StartsWith(FormattableString.Invariant($"Letterboxd has refused or failed every read since {At.AddMinutes(-64).UtcDateTime:yyyy-MM-dd HH:mm} UTC (the last one: Blocked, HTTP 403"),
            blocked.Message);
        Assert.Null(derivation.Derive("watchlist-me", 11, new WatchlistEvents.WatchlistReadsWork(At)));
    }
}
