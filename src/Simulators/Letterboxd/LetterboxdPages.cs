using System.Globalization;
using System.Text;

namespace MovieSync.Simulators.Letterboxd;

/// <summary>Renders the fake's HTML in the shapes formats.md §1.4 and §2 reconstruct from real scrapers.</summary>
public static class LetterboxdPages
{
    public const int FilmsPerPage = 28;

    public static string Watchlist(string user, IReadOnlyList<FakeFilm> newestFirst, int page, bool changedMarkup = false)
    {
        var total = newestFirst.Count;
        var lastPage = Math.Max(1, (total + FilmsPerPage - 1) / FilmsPerPage);
        var u = Html(user);
        var html = new StringBuilder(16_384);
        html.Append($"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
              <title>&lrm;{u}’s Watchlist • Letterboxd</title>
              <meta property="og:type" content="website">
            </head>
            <body class="watchlist" data-owner="{u}">
            <div id="content" class="site-body">
              <div class="content-wrap">
                <section class="section">
                  <h1 class="title-hero">{u} wants to see <span class="js-watchlist-count">{total.ToString("N0", CultureInfo.InvariantCulture)}&nbsp;films</span></h1>
                  <div class="js-watchlist-content s-watchlist-content" data-num-entries="{total.ToString(CultureInfo.InvariantCulture)}">
                    <ul class="grid -p125 -scaled128">

            """);
        foreach (var film in newestFirst.Skip((page - 1) * FilmsPerPage).Take(FilmsPerPage))
            html.Append(changedMarkup ? ChangedPoster(film) : Poster(film));
        html.Append("        </ul>\n");
        html.Append(Pagination(user, page, lastPage));
        html.Append("""
                  </div>
                </section>
              </div>
            </div>
            </body>
            </html>

            """);
        return html.ToString();
    }

    private static string Poster(FakeFilm film)
    {
        var name = Html(film.DisplayName);
        var identifier = Html($$"""{"lid":"{{film.ShortKey}}","uid":"film:{{film.FilmId}}","type":"film"}""");
        return $"""
                      <li class="griditem">
                        <div class="react-component" data-component-class="LazyPoster"
                             data-item-name="{name}" data-item-full-display-name="{name}"
                             data-item-slug="{film.Slug}" data-item-link="/film/{film.Slug}/"
                             data-target-link="/film/{film.Slug}/"
                             data-postered-identifier='{identifier}'>
                          <div class="poster film-poster"><img src="https://s.ltrbxd.com/static/img/empty-poster-125.png" alt="{Html(film.Title)}" width="125" height="187"></div>
                        </div>
                      </li>

            """;
    }

    private static string ChangedPoster(FakeFilm film) => $"""
                      <li class="griditem"><figure class="poster-tile" data-film-ref="{film.FilmId}"><span class="tile-title">{Html(film.DisplayName)}</span></figure></li>

            """;

    private static string Pagination(string user, int page, int lastPage)
    {
        string Link(int n) => n <= 1 ? $"/{user}/watchlist/" : $"/{user}/watchlist/page/{n}/";
        var html = new StringBuilder("        <div class=\"pagination\">\n");
        html.Append(page > 1
            ? $"          <div class=\"paginate-nextprev\"><a class=\"previous\" href=\"{Link(page - 1)}\">Newer</a></div>\n"
            : "          <div class=\"paginate-nextprev paginate-disabled\"><span class=\"previous\">Newer</span></div>\n");
        html.Append(page < lastPage
            ? $"          <div class=\"paginate-nextprev\"><a class=\"next\" href=\"{Link(page + 1)}\">Older</a></div>\n"
            : "          <div class=\"paginate-nextprev paginate-disabled\"><span class=\"next\">Older</span></div>\n");
        html.Append("          <div class=\"paginate-pages\"><ul>\n");
        foreach (var n in new[] { 1, page - 1, page, page + 1, lastPage }.Where(n => n >= 1 && n <= lastPage).Distinct().Order())
            html.Append(n == page
                ? $"            <li class=\"paginate-page paginate-current\"><span>{n}</span></li>\n"
                : $"            <li class=\"paginate-page\"><a href=\"{Link(n)}\">{n}</a></li>\n");
        html.Append("          </ul></div>\n        </div>\n");
        return html.ToString();
    }

    public static string Film(FakeFilm film)
    {
        var title = Html(film.Title);
        var directors = string.Join("", film.Directors.Select(d =>
            $"<a class=\"contributor\" href=\"/director/{Slugish(d)}/\"><span>{Html(d)}</span></a> "));
        var imdb = film.ImdbId is null ? "" :
            $"<a href=\"http://www.imdb.com/title/{film.ImdbId}/maindetails\" class=\"micro-button track-event\" data-track-action=\"IMDb\">IMDb</a>";
        var kind = film.IsTv ? "tv" : "movie";
        var tmdb = film.TmdbId is null ? "" :
            $"<a href=\"https://www.themoviedb.org/{kind}/{film.TmdbId}/\" class=\"micro-button track-event\" data-track-action=\"TMDB\">TMDB</a>";
        var poster = Html($$$"""{"postered":{"uid":"film:{{{film.FilmId}}}","type":"film"}}""");
        return $"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
              <meta property="og:type" content="{(film.IsTv ? "video.tv_show" : "video.movie")}">
              <meta property="og:title" content="{Html(film.DisplayName)}">
              <meta name="twitter:label1" content="Directed by">
              <meta name="twitter:data1" content="{Html(string.Join(", ", film.Directors))}">
            </head>
            <body class="film backdropped" data-tmdb-type="{kind}" data-tmdb-id="{film.TmdbId}">
              <div class="film-poster" data-resolvable-poster-path='{poster}'><img src="poster.jpg" alt="{title}"></div>
              <section class="production-masthead">
                <h1 class="headline-1 primaryname"><span class="name">{title}</span></h1>
                <span class="releasedate"><a href="/films/year/{film.Year}/">{film.Year}</a></span>
                <p class="credits">Directed by {directors}</p>
              </section>
              <p class="text-link text-footer">120&nbsp;mins &nbsp; More at {imdb} {tmdb}</p>
            </body>
            </html>

            """;
    }

    public static string NotFound(string message) => $"""
        <!DOCTYPE html>
        <html lang="en"><head><title>Letterboxd</title></head>
        <body class="error"><section class="message"><p><strong>{Html(message)}</strong></p></section></body>
        </html>

        """;

    public const string CloudflareChallenge = """
        <!DOCTYPE html><html lang="en-US"><head><title>Just a moment...</title></head>
        <body><div class="main-wrapper"><h1>letterboxd.com</h1>
        <p>Verify you are human by completing the action below.</p>
        <p>letterboxd.com needs to review the security of your connection before proceeding.</p>
        <div class="footer">Performance &amp; security by Cloudflare</div></div></body></html>
        """;

    public const string RateLimitedPage = """
        <!DOCTYPE html><html><head><title>Error 1015</title></head>
        <body><h1>You are being rate limited</h1><p>The owner of this website (letterboxd.com) has banned you temporarily.</p></body></html>
        """;

    public const string ServerErrorPage = """
        <!DOCTYPE html><html><head><title>Letterboxd</title></head><body class="error"><h1>Internal Server Error</h1></body></html>
        """;

    // Only the markup characters: Letterboxd serves accents and symbols as UTF-8, not as entities.
    private static string Html(string text) => text
        .Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("\"", "&quot;").Replace("'", "&#39;");

    private static string Slugish(string name) => new(name.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray());
}
