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
        // One film told to the coordinator and not yet confirmed, one removal whose forget is not yet answered.
        var se7en = new FilmAddedToWatchlist("se7en", "Se7en", 1995, null, At);
        yield return WatchlistState.Empty.Apply(added).Apply(resolved).Apply(new WatchlistReconciled(1, At))
            .Apply(se7en).Apply(new FilmIdsResolved("se7en", "tt0114369", 807, [], IsTv: false, At) { ConfirmationAwaited = true })
            .Apply(new FilmRemovedFromWatchlist("se7en", At) { ConfirmationAwaited = true });
    }
}
