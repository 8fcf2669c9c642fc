using MovieSync.Messages;
using static MovieSync.Messages.WatchlistEvents;

namespace MovieSync.Tests.Serialization;

/// <summary>One example of every stored watchlist type, for <see cref="SerializerSpecs"/>.</summary>
internal static class WatchlistSamples
{
    private static readonly DateTimeOffset At = new(2026, 11, 24, 20, 15, 0, TimeSpan.Zero);

    public static IEnumerable<object> All()
    {
        var added = new FilmAddedToWatchlist("amelie", "Amélie", 2001, "2b9i", At);
        var resolved = new FilmIdsResolved("amelie", "tt0211915", 194, ["Jean-Pierre Jeunet"], IsTv: false, At) { ConfirmationAwaited = true };
        yield return added;
        yield return resolved;
        yield return new FilmHandedOver("amelie", At);
        yield return new FilmRemovedFromWatchlist("amelie", At) { ConfirmationAwaited = true };
        yield return new FilmForgetHandedOver("amelie", At);
        yield return new WatchlistReconciled(127, At);
        yield return new FilmMissingFromWatchlist("amelie", At);
        yield return new FilmBackOnWatchlist("amelie", At);
        yield return new WatchlistReadDistrusted("the read lists 3 of the 60 known films", 60, 3, At);
        yield return new WatchlistExportStale("/home/alice/Downloads/letterboxd-alice-2026-09-01-10-00-utc.zip", At.AddDays(-84), At);
        yield return new WatchlistReadsBlocked(At.AddMinutes(-65), "Blocked", "HTTP 403 (Cloudflare challenge)", At);
        yield return new WatchlistReadsWork(At);
        // One film told to the coordinator and not yet confirmed, one removal whose forget is not yet answered.
        var se7en = new FilmAddedToWatchlist("se7en", "Se7en", 1995, null, At);
        yield return WatchlistState.Empty.Apply(added).Apply(resolved).Apply(new WatchlistReconciled(1, At))
            .Apply(se7en).Apply(new FilmIdsResolved("se7en", "tt0114369", 807, [], IsTv: false, At) { ConfirmationAwaited = true })
            .Apply(new FilmRemovedFromWatchlist("se7en", At) { ConfirmationAwaited = true })
            .Apply(new FilmMissingFromWatchlist("amelie", At)).Apply(new FilmMissingFromWatchlist("amelie", At.AddDays(1)))
            .Apply(new WatchlistReadDistrusted("the read failed", 1, 0, At))
            .Apply(new WatchlistExportStale("/home/alice/watchlist.csv", At.AddDays(-40), At));
    }
}
