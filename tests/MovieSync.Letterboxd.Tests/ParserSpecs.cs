using MovieSync.Clients.Letterboxd;

namespace MovieSync.Letterboxd.Tests;

public sealed class WatchlistPageParserSpecs
{
    internal static string Fixture(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", name));

    [Theory]
    [InlineData("watchlist-current.html")]
    [InlineData("watchlist-current-double-quoted.html")]
    public void Reads_todays_LazyPoster_markup_with_either_quoting_of_the_identifier(string fixture)
    {
        var page = WatchlistPageParser.Parse(Fixture(fixture), 1);

        Assert.Equal(30, page.TotalEntries);
        Assert.Equal(2, page.NextPage);
        Assert.Equal(2, page.LastPage);
        Assert.Equal(["the-matrix", "amelie", "leon-the-professional", "wall-e", "untitled-project"], page.Entries.Select(e => e.Slug));
        Assert.Equal(new WatchlistEntry(Slug: "the-matrix", Title: "The Matrix", Year: 1999, FilmId: 51518, ShortKey: "2bg8"), page.Entries[0]);
    }

    [Fact]
    public void Keeps_non_ASCII_titles_and_films_without_a_year()
    {
        var page = WatchlistPageParser.Parse(Fixture("watchlist-current.html"), 1);

        Assert.Equal(new { Title = "Amélie", Year = (int?)2001 }, new { page.Entries[1].Title, page.Entries[1].Year });
        Assert.Equal(new { Title = "Léon: The Professional", Year = (int?)1994 }, new { page.Entries[2].Title, page.Entries[2].Year });
        Assert.Equal(new { Title = "WALL·E", Year = (int?)2008, FilmId = (long?)45336 },
            new { page.Entries[3].Title, page.Entries[3].Year, page.Entries[3].FilmId });
        Assert.Equal(new { Title = "Untitled Project", Year = (int?)null }, new { page.Entries[4].Title, page.Entries[4].Year });
    }

    [Fact]
    public void Reads_the_2025_markup_with_data_film_id()
    {
        var page = WatchlistPageParser.Parse(Fixture("watchlist-2025-film-id.html"), 1);

        Assert.Equal(2, page.TotalEntries);
        Assert.Null(page.NextPage);
        Assert.Equal(new WatchlistEntry(Slug: "se7en", Title: "Se7en", Year: 1995, FilmId: 51415), page.Entries[0]);
        Assert.Equal(new WatchlistEntry(Slug: "dune-1984", Title: "Dune", Year: 1984, FilmId: 50946), page.Entries[1]);
    }

    [Fact]
    public void Reads_the_legacy_film_poster_markup_with_img_alt_titles_and_a_comma_count()
    {
        var page = WatchlistPageParser.Parse(Fixture("watchlist-legacy.html"), 1);

        Assert.Equal(1030, page.TotalEntries);
        Assert.Equal(2, page.NextPage);
        Assert.Equal(37, page.LastPage);
        Assert.Equal(new WatchlistEntry(Slug: "dune-2021", Title: "Dune", Year: null, FilmId: 371378), page.Entries[0]);
        Assert.Equal(new WatchlistEntry(Slug: "8-half", Title: "8½", Year: null, FilmId: 51718), page.Entries[1]);
    }

    [Fact]
    public void Believes_an_empty_watchlist_only_when_the_page_says_zero()
    {
        var page = WatchlistPageParser.Parse(Fixture("watchlist-empty.html"), 1);

        Assert.Equal(0, page.TotalEntries);
        Assert.Empty(page.Entries);
        Assert.Null(page.NextPage);
    }

    [Fact]
    public void A_page_reporting_films_it_cannot_read_is_markup_changed_not_empty()
    {
        var error = Assert.Throws<LetterboxdMarkupException>(() => WatchlistPageParser.Parse(Fixture("watchlist-unreadable.html"), 1));
        Assert.Contains("markup changed", error.Message);
    }

    [Fact]
    public void A_page_without_a_count_is_not_believed()
    {
        var html = Fixture("watchlist-empty.html").Replace("data-num-entries=\"0\"", "").Replace("js-watchlist-count", "x");
        Assert.Throws<LetterboxdMarkupException>(() => WatchlistPageParser.Parse(html, 1));
    }

    [Fact]
    public void A_truncated_page_is_an_error()
    {
        var html = Fixture("watchlist-current.html");
        var error = Assert.Throws<LetterboxdMarkupException>(() => WatchlistPageParser.Parse(html[..(html.Length / 2)], 1));
        Assert.Contains("truncated", error.Message);
    }
}

public sealed class FilmPageParserSpecs
{
    [Fact]
    public void Reads_ids_and_directors_of_a_film()
    {
        var film = FilmPageParser.Parse(WatchlistPageParserSpecs.Fixture("film-the-matrix.html"), "the-matrix");

        Assert.Equal("tt0133093", film.ImdbId);
        Assert.Equal(603, film.TmdbId);
        Assert.Equal(["Lana Wachowski", "Lilly Wachowski"], film.Directors);
        Assert.Equal("The Matrix", film.Title);
        Assert.Equal(1999, film.Year);
        Assert.Equal(51518, film.FilmId);
        Assert.False(film.IsTv);
    }

    [Fact]
    public void Detects_a_TV_entry_by_its_TMDB_link()
    {
        var show = FilmPageParser.Parse(WatchlistPageParserSpecs.Fixture("film-tv-chernobyl.html"), "chernobyl");

        Assert.True(show.IsTv);
        Assert.Null(show.TmdbId);
        Assert.Equal("tt7366338", show.ImdbId);
    }

    [Fact]
    public void Reads_an_older_page_without_IMDb_link_using_director_links()
    {
        var film = FilmPageParser.Parse(WatchlistPageParserSpecs.Fixture("film-old-no-imdb.html"), "a-quiet-festival-short");

        Assert.Null(film.ImdbId);
        Assert.Equal("A Quiet Festival Short", film.Title);
        Assert.Equal(["Mira Holt"], film.Directors);
        Assert.Equal(2024, film.Year);
    }

    [Fact]
    public void A_page_with_no_title_and_no_ids_is_markup_changed()
    {
        Assert.Throws<LetterboxdMarkupException>(() => FilmPageParser.Parse("<html><body><div>?</div></body></html>", "x"));
    }

    [Theory]
    [InlineData("Léon: The Professional", 1994, "leon-the-professional-1994")]
    [InlineData("WALL·E", 2008, "wall-e-2008")]
    [InlineData("Amélie", 2001, "amelie-2001")]
    [InlineData("Crouching Tiger, Hidden Dragon", 2000, "crouching-tiger-hidden-dragon-2000")]
    [InlineData("Schindler's List", null, "schindlers-list")]
    public void Derives_Letterboxd_style_slugs(string title, int? year, string slug) =>
        Assert.Equal(slug, FilmNames.DeriveSlug(title, year));
}
