using System.Globalization;

namespace MovieSync.Simulators.Letterboxd;

/// <summary>A film the fake Letterboxd knows: what its watchlist poster and its film page show.</summary>
public sealed record FakeFilm(
    string Slug, string Title, int? Year, long FilmId, string ShortKey, string? ImdbId, int? TmdbId,
    IReadOnlyList<string> Directors, bool IsTv = false)
{
    public string DisplayName => Year is null ? Title : $"{Title} ({Year})";

    /// <summary>Realistic films, including the awkward titles (accents, punctuation, same name in two years) and one TV entry.</summary>
    public static IReadOnlyList<FakeFilm> Seed { get; } =
    [
        new("the-matrix", "The Matrix", 1999, 51518, "2bg8", "tt0133093", 603, ["Lana Wachowski", "Lilly Wachowski"]),
        new("amelie", "Amélie", 2001, 51290, "29uE", "tt0211915", 194, ["Jean-Pierre Jeunet"]),
        new("leon-the-professional", "Léon: The Professional", 1994, 50977, "28hO", "tt0110413", 101, ["Luc Besson"]),
        new("wall-e", "WALL·E", 2008, 45336, "1qA8", "tt0910970", 10681, ["Andrew Stanton"]),
        new("se7en", "Se7en", 1995, 51415, "29O0", "tt0114369", 807, ["David Fincher"]),
        new("dune-1984", "Dune", 1984, 50946, "28Kc", "tt0087182", 841, ["David Lynch"]),
        new("dune-2021", "Dune", 2021, 371378, "cMnC", "tt1160419", 438631, ["Denis Villeneuve"]),
        new("perfect-days-2023", "Perfect Days", 2023, 987654, "A1b2", "tt27503384", 976893, ["Wim Wenders"]),
        new("spirited-away", "Spirited Away", 2001, 51921, "2aNi", "tt0245429", 129, ["Hayao Miyazaki"]),
        new("parasite-2019", "Parasite", 2019, 426406, "hTha", "tt6751668", 496243, ["Bong Joon Ho"]),
        new("crouching-tiger-hidden-dragon", "Crouching Tiger, Hidden Dragon", 2000, 51604, "29X6", "tt0190332", 146, ["Ang Lee"]),
        new("8-half", "8½", 1963, 51718, "2a4O", "tt0056801", 422, ["Federico Fellini"]),
        new("chernobyl", "Chernobyl", 2019, 552381, "mBLp", "tt7366338", 87108, ["Johan Renck"], IsTv: true),
        new("a-quiet-festival-short", "A Quiet Festival Short", 2024, 1315318, "TbK4", null, null, ["Mira Holt"]),
    ];

    /// <summary><paramref name="count"/> distinct made-up films, numbered from <paramref name="first"/>.</summary>
    public static IEnumerable<FakeFilm> Generated(int count, int first = 1) =>
        Enumerable.Range(first, count).Select(i => new FakeFilm(
            $"generated-film-{i}", $"Generated Film {i}", 1950 + i % 75, 5_000_000 + i,
            "g" + i.ToString("x", CultureInfo.InvariantCulture), $"tt{9_000_000 + i:D7}", 900_000 + i, [$"Director {i % 97}"]));
}
