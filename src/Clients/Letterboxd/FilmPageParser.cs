using System.Globalization;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace MovieSync.Clients.Letterboxd;

/// <summary>Reads a film page (<c>/film/&lt;slug&gt;/</c>): IMDb and TMDB ids, directors, and whether it is TV (formats.md §2).</summary>
public static partial class FilmPageParser
{
    public static FilmDetails Parse(string html, string slug)
    {
        if (html.LastIndexOf("</html>", StringComparison.OrdinalIgnoreCase) < 0)
            throw new LetterboxdMarkupException($"the film page of '{slug}' is truncated");
        var document = new HtmlParser().ParseDocument(html);

        var imdbHref = Href(document, "a[data-track-action='IMDb']") ?? Href(document, "a[href*='imdb.com/title/']");
        var imdb = imdbHref is not null && ImdbId().Match(imdbHref) is { Success: true } im ? im.Value : null;

        var tmdbHref = Href(document, "a[data-track-action='TMDB']") ?? Href(document, "a[href*='themoviedb.org/']");
        var tmdbMatch = tmdbHref is null ? Match.Empty : TmdbLink().Match(tmdbHref);
        var body = document.Body;
        var tmdbType = body?.GetAttribute("data-tmdb-type");
        var isTv = (tmdbMatch.Success && tmdbMatch.Groups[1].Value == "tv") || tmdbType == "tv";
        var tmdbId = tmdbMatch.Success ? ParseInt(tmdbMatch.Groups[2].Value) : ParseInt(body?.GetAttribute("data-tmdb-id"));

        var title = ServiceText.Clean(document.QuerySelector("h1.primaryname span.name")?.TextContent.Trim()
                                      ?? document.QuerySelector("h1.filmtitle")?.TextContent.Trim()
                                      ?? OgTitle(document));
        var year = ParseInt(document.QuerySelector("span.releasedate a")?.TextContent.Trim());
        if (title is null && imdb is null && tmdbId is null)
            throw new LetterboxdMarkupException($"the film page of '{slug}' has no title and no IMDb/TMDB link: the markup changed");

        var poster = document.QuerySelector("[data-resolvable-poster-path]")?.GetAttribute("data-resolvable-poster-path");
        var filmId = poster is not null && FilmUid().Match(poster) is { Success: true } fm
            ? long.Parse(fm.Groups[1].Value, CultureInfo.InvariantCulture)
            : (long?)null;

        return new FilmDetails(slug, title, year, imdb, isTv ? null : tmdbId, ReadDirectors(document), isTv, filmId);
    }

    private static IReadOnlyList<string> ReadDirectors(IDocument document)
    {
        var label = document.QuerySelector("meta[name='twitter:label1']")?.GetAttribute("content");
        var data = document.QuerySelector("meta[name='twitter:data1']")?.GetAttribute("content");
        if (data is not null && (label is null || label.StartsWith("Direct", StringComparison.OrdinalIgnoreCase)))
            return data.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Select(name => ServiceText.Clean(name)).Where(name => name.Length > 0).ToList();
        return document.QuerySelectorAll("a[href*='/director/']")
            .Select(a => ServiceText.Clean(a.TextContent))
            .Where(name => name.Length > 0)
            .Distinct(StringComparer.Ordinal)
            .ToList();
    }

    private static string? OgTitle(IDocument document)
    {
        var og = document.QuerySelector("meta[property='og:title']")?.GetAttribute("content");
        return og is null ? null : FilmNames.SplitDisplayName(og).Title;
    }

    private static string? Href(IDocument document, string selector) => document.QuerySelector(selector)?.GetAttribute("href");

    private static int? ParseInt(string? text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;

    [GeneratedRegex(@"tt\d{7,10}")]
    private static partial Regex ImdbId();

    [GeneratedRegex(@"themoviedb\.org/(movie|tv)/(\d+)")]
    private static partial Regex TmdbLink();

    [GeneratedRegex(@"""uid""\s*:\s*""film:(\d+)""")]
    private static partial Regex FilmUid();
}
