using System.Collections.Immutable;
using Akka.Actor;
using MovieSync.Actors.Serialization;
using MovieSync.Messages;
using static MovieSync.Messages.WatchlistEvents;

namespace MovieSync.Letterboxd.Tests;

public sealed class WatchlistSerializationSpecs : Akka.TestKit.Xunit2.TestKit
{
    private static readonly DateTimeOffset At = new(2026, 5, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Every_watchlist_event_and_the_state_round_trip_under_their_manifests()
    {
        var serializer = new MovieSyncSerializer((ExtendedActorSystem)Sys);
        var added = new FilmAddedToWatchlist("leon-the-professional", "Léon: The Professional", 1994, "28hO", At);
        var resolved = new FilmIdsResolved("leon-the-professional", "tt0110413", 101, ["Luc Besson"], false, At);
        var removed = new FilmRemovedFromWatchlist("leon-the-professional", At);
        var reconciled = new WatchlistReconciled(60, At);
        var state = WatchlistState.Empty.Apply(added).Apply(resolved).Apply(reconciled);

        foreach (var e in new IWatchlistEvent[] { added, removed, reconciled })
            Assert.Equal(e, serializer.FromBinary(serializer.ToBinary(e), serializer.Manifest(e)));
        var resolvedBack = (FilmIdsResolved)serializer.FromBinary(serializer.ToBinary(resolved), "wl-film-ids-resolved.v1");
        Assert.Equal(resolved with { Directors = resolvedBack.Directors }, resolvedBack);
        Assert.Equal(["Luc Besson"], resolvedBack.Directors);

        var stateBack = (WatchlistState)serializer.FromBinary(serializer.ToBinary(state), serializer.Manifest(state));
        Assert.Equal(At, stateBack.LastFullSyncAt);
        var film = stateBack.Films["leon-the-professional"];
        Assert.Equal("tt0110413", film.ImdbId);
        Assert.True(film.IsQueued);
        Assert.Equal("Luc Besson", Assert.Single(film.Directors));
        Assert.Equal(MovieId.Parse("tt0110413"), film.MovieId);
        Assert.Equal("wl-film-added.v1", serializer.Manifest(added));
        Assert.IsType<ImmutableDictionary<string, WatchlistFilm>>(stateBack.Films);
    }

    [Fact]
    public void A_film_without_IMDb_id_is_known_by_its_slug()
    {
        var state = WatchlistState.Empty
            .Apply(new FilmAddedToWatchlist("a-quiet-festival-short", "A Quiet Festival Short", 2024, null, At))
            .Apply(new FilmIdsResolved("a-quiet-festival-short", null, null, [], false, At));

        Assert.Equal(MovieId.Parse("a-quiet-festival-short"), state.Films["a-quiet-festival-short"].MovieId);
        Assert.Empty(state.Apply(new FilmRemovedFromWatchlist("a-quiet-festival-short", At)).Films);
    }
}
