namespace MovieSync.Clients.Letterboxd;

/// <summary>One film as a watchlist page lists it.</summary>
/// <param name="Slug">The film's Letterboxd slug (<c>the-matrix</c>), its key on the site.</param>
/// <param name="FilmId">Letterboxd's numeric film id (<c>51518</c>) when the markup gives it.</param>
/// <param name="ShortKey">The boxd.it key (<c>2bg8</c>), also found in the CSV export's URI.</param>
public sealed record WatchlistEntry(string Slug, string Title, int? Year, long? FilmId = null, string? ShortKey = null)
{
    public override string ToString() => Year is null ? Title : $"{Title} ({Year})";
}

/// <summary>One parsed watchlist page.</summary>
/// <param name="TotalEntries">The watchlist's size as the page reports it (<c>[data-num-entries]</c>).</param>
/// <param name="NextPage">The next page's number when the page links to one, else null (last page).</param>
public sealed record WatchlistPage(int PageNumber, int TotalEntries, IReadOnlyList<WatchlistEntry> Entries, int? NextPage, int? LastPage);

/// <summary>What a film page says about a film.</summary>
/// <param name="IsTv">True for TV shows and miniseries, which MovieSync does not grab.</param>
public sealed record FilmDetails(
    string Slug, string? Title, int? Year, string? ImdbId, int? TmdbId, IReadOnlyList<string> Directors, bool IsTv,
    long? FilmId = null);
