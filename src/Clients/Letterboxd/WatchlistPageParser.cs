using System.Globalization;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace MovieSync.Clients.Letterboxd;

/// <summary>
/// Reads a watchlist page in any of the three markup generations Letterboxd has used (formats.md §1.2): LazyPoster
/// <c>data-item-*</c> with <c>data-postered-identifier</c>, the same with <c>data-film-id</c>, and the legacy
/// <c>div.film-poster[data-film-slug]</c>. Anything it cannot read fully is a <see cref="LetterboxdMarkupException"/>.
/// </summary>
public static partial class WatchlistPageParser
{
    private const string EntrySelector = "[data-item-slug], [data-film-slug], [data-component-class='LazyPoster']";
    private const string ContainerSelector = "li.griditem, li.posteritem, li.poster-container";

    public static WatchlistPage Parse(string html, int pageNumber)
    {
        // A page cut off in transit still parses; only its end proves it arrived whole.
        if (html.LastIndexOf("</html>", StringComparison.OrdinalIgnoreCase) < 0)
            throw new LetterboxdMarkupException("the page is truncated (no closing </html>)");

        var document = new HtmlParser().ParseDocument(html);
        var total = ReadCount(document)
                    ?? throw new LetterboxdMarkupException("the page does not say how many films the watchlist has ([data-num-entries])");

        var entries = new List<WatchlistEntry>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var element in document.QuerySelectorAll(EntrySelector))
        {
            if (HasEntryAncestor(element))
                continue; // nested poster markup of an entry already read
            var entry = ReadEntry(element);
            if (seen.Add(entry.Slug))
                entries.Add(entry);
        }

        var containers = document.QuerySelectorAll(ContainerSelector).Length;
        if (entries.Count == 0 && (total > 0 || containers > 0))
            throw new LetterboxdMarkupException(
                $"the page reports {total} films but none could be read ({containers} poster containers): the markup changed");
        if (containers > entries.Count)
            throw new LetterboxdMarkupException(
                $"{containers} poster containers but only {entries.Count} readable films: the markup changed");

        return new WatchlistPage(pageNumber, total, entries, ReadNextPage(document), ReadLastPage(document));
    }

    private static bool HasEntryAncestor(IElement element)
    {
        for (var parent = element.ParentElement; parent is not null; parent = parent.ParentElement)
            if (parent.Matches(EntrySelector))
                return true;
        return false;
    }

    private static WatchlistEntry ReadEntry(IElement element)
    {
        var slug = ServiceText.Clean(Attr(element, "data-item-slug") ?? Attr(element, "data-film-slug")
                   ?? SlugFromLink(Attr(element, "data-target-link") ?? Attr(element, "data-item-link"))
                   ?? throw new LetterboxdMarkupException($"a poster without a film slug: {Snippet(element)}"));

        var displayName = Attr(element, "data-item-name") ?? Attr(element, "data-item-full-display-name")
                          ?? Attr(element, "data-film-name");
        var (title, year) = displayName is not null
            ? FilmNames.SplitDisplayName(ServiceText.Clean(displayName))
            : (ServiceText.Clean(element.QuerySelector("img[alt]")?.GetAttribute("alt")) ?? "", (int?)null);
        if (title.Length == 0)
            throw new LetterboxdMarkupException($"the film '{slug}' has no readable title");

        var identifier = Attr(element, "data-postered-identifier");
        var filmId = ReadLong(identifier is null ? Match.Empty : FilmUid().Match(identifier)) ?? ParseLong(Attr(element, "data-film-id"));
        var shortKey = identifier is null ? null : ShortKey().Match(identifier) is { Success: true } m ? m.Groups[1].Value : null;
        return new WatchlistEntry(slug, title, year, filmId, shortKey);
    }

    private static int? ReadCount(IDocument document)
    {
        var attribute = document.QuerySelector("[data-num-entries]")?.GetAttribute("data-num-entries");
        if (attribute is not null)
            return int.TryParse(attribute.Replace(",", ""), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
        var text = document.QuerySelector(".js-watchlist-count")?.TextContent;
        var match = text is null ? Match.Empty : LeadingNumber().Match(text);
        return match.Success ? int.Parse(match.Groups[1].Value.Replace(",", ""), CultureInfo.InvariantCulture) : null;
    }

    private static int? ReadNextPage(IDocument document)
    {
        var href = document.QuerySelector(".paginate-nextprev a.next, .pagination a.next")?.GetAttribute("href");
        var match = href is null ? Match.Empty : PageInLink().Match(href);
        return match.Success ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : null;
    }

    private static int? ReadLastPage(IDocument document)
    {
        var last = document.QuerySelectorAll(".paginate-pages li").LastOrDefault()?.TextContent.Trim();
        return int.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
    }

    private static string? Attr(IElement element, string name) =>
        element.GetAttribute(name) is { Length: > 0 } value ? value.Trim() : null;

    private static string? SlugFromLink(string? link) =>
        link is not null && FilmLink().Match(link) is { Success: true } m ? m.Groups[1].Value : null;

    private static long? ReadLong(Match match) => match.Success ? ParseLong(match.Groups[1].Value) : null;

    private static long? ParseLong(string? text) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;

    private static string Snippet(IElement element)
    {
        var html = ServiceText.Clean(element.OuterHtml);
        return html.Length > 160 ? html[..160] + "…" : html;
    }

    /// <summary>The film's slug from a link such as <c>/film/the-matrix/</c> or a full URL.</summary>
    public static string? SlugFromFilmUrl(string url) => SlugFromLink(url);

    [GeneratedRegex(@"""uid""\s*:\s*""film:(\d+)""")]
    private static partial Regex FilmUid();

    [GeneratedRegex(@"""lid""\s*:\s*""([^""]+)""")]
    private static partial Regex ShortKey();

    [GeneratedRegex(@"/film/([^/?#]+)/?")]
    private static partial Regex FilmLink();

    [GeneratedRegex(@"/page/(\d+)/?")]
    private static partial Regex PageInLink();

    [GeneratedRegex(@"^\s*([\d,]+)")]
    private static partial Regex LeadingNumber();
}
