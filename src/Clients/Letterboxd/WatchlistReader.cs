namespace MovieSync.Clients.Letterboxd;

/// <summary>The outcome of reading a watchlist.</summary>
/// <param name="Films">Newest first. For an incremental read: the films added since the first known one.</param>
/// <param name="Complete">True when every page was read and the films add up to the reported count: only then may
/// films missing from <paramref name="Films"/> be taken as removed.</param>
/// <param name="Requests">HTTP requests this read made.</param>
public sealed record WatchlistReadResult(
    IReadOnlyList<WatchlistEntry> Films, bool Complete, int TotalEntries, int Requests, LetterboxdError? Error)
{
    public bool IsOk => Error is null;
}

/// <summary>How far a watchlist walk has come, reported after each page.</summary>
/// <param name="LastPage">The number of pages as the pagination shows it; null while unknown.</param>
public sealed record WatchlistWalkProgress(int PagesRead, int? LastPage, int FilmsRead, int TotalEntries);

/// <summary>
/// Walks a member's watchlist pages, newest addition first (the plain URL's order, formats.md §1.1). An incremental
/// read stops at the first film already known, so an unchanged watchlist costs one request.
/// </summary>
public sealed class WatchlistReader(LetterboxdClient client)
{
    /// <summary>Reads until the first known film (or the end). Complete only if it had to read every page.</summary>
    public Task<WatchlistReadResult> ReadNewAsync(string username, Func<string, bool> isKnown, CancellationToken ct) =>
        WalkAsync(username, isKnown, ct);

    /// <summary>Reads every page; the result is complete only if the films add up to the reported count.</summary>
    /// <param name="progress">Told after each page read (a large watchlist takes minutes: one request per page).</param>
    public Task<WatchlistReadResult> ReadAllAsync(string username, CancellationToken ct, Action<WatchlistWalkProgress>? progress = null) =>
        WalkAsync(username, static _ => false, ct, progress);

    private async Task<WatchlistReadResult> WalkAsync(string username, Func<string, bool> isKnown, CancellationToken ct,
        Action<WatchlistWalkProgress>? progress = null)
    {
        var films = new List<WatchlistEntry>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var requests = 0;
        var pageNumber = 1;
        int? total = null;
        while (true)
        {
            requests++;
            var result = await client.GetWatchlistPageAsync(username, pageNumber, ct);
            if (result.Error is not null)
                return new WatchlistReadResult([], false, total ?? 0, requests, result.Error);

            var page = result.Value!;
            var url = client.WatchlistUrl(username, pageNumber).ToString();
            if (total is not null && page.TotalEntries != total)
                return Failure(url, $"the watchlist changed while it was read ({total} then {page.TotalEntries} films)", total.Value, requests);
            total = page.TotalEntries;
            if (page.Entries.Count == 0 && (page.TotalEntries > 0 || pageNumber > 1))
                return Failure(url, $"page {pageNumber} lists no films although the watchlist has {page.TotalEntries}", page.TotalEntries, requests);

            foreach (var entry in page.Entries)
            {
                if (isKnown(entry.Slug))
                    return new WatchlistReadResult(films, false, page.TotalEntries, requests, null);
                if (seen.Add(entry.Slug))
                    films.Add(entry);
            }

            progress?.Invoke(new WatchlistWalkProgress(pageNumber, page.LastPage ?? (page.NextPage is null ? pageNumber : null),
                films.Count, page.TotalEntries));

            if (page.NextPage is not { } next)
                break;
            if (next <= pageNumber || next > pageNumber + 1)
                return Failure(url, $"page {pageNumber} links to page {next} as the next one", page.TotalEntries, requests);
            pageNumber = next;
        }

        // Every page was read: the films must add up to the reported count, or something was skipped.
        if (films.Count != total)
            return Failure(client.WatchlistUrl(username, 1).ToString(),
                $"read {films.Count} films on {pageNumber} page(s) but the watchlist reports {total}", total ?? 0, requests);
        return new WatchlistReadResult(films, true, total.Value, requests, null);
    }

    private static WatchlistReadResult Failure(string url, string message, int total, int requests) =>
        new([], false, total, requests, new LetterboxdError(LetterboxdProblem.MarkupChanged, url, message));
}
