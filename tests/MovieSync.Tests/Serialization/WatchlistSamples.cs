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
        var resolved = new FilmIdsResolved("amelie", "tt0211915", 194, ["Jean-Pierre Jeunet"], IsTv: false, At);
        yield return added;
        yield return resolved;
        yield return new FilmRemovedFromWatchlist("amelie", At);
        yield return new WatchlistReconciled(127, At);
        yield return WatchlistState.Empty.Apply(added).Apply(resolved).Apply(new WatchlistReconciled(1, At));
    }
}
