using MovieSync.Actors.Watchlist;
using MovieSync.Clients.Letterboxd;

namespace MovieSync.Actors.Adapters.Letterboxd;

/// <summary>The watchlist from the Letterboxd site's pages (config <c>letterboxd.source = scrape</c>).</summary>
public sealed class ScrapedWatchlistSource(LetterboxdClient client) : IWatchlistSource
{
    public async Task<WatchlistReadOutcome> ReadAsync(WatchlistReadRequest request, CancellationToken cancellationToken)
    {
        var reader = new WatchlistReader(client);
        var progress = request.Progress;
        var result = request.FullWalk
            ? await reader.ReadAllAsync(request.Username, cancellationToken,
                progress is null ? null : p => progress(new WatchlistReadProgress(p.PagesRead, p.LastPage, p.FilmsRead, p.TotalEntries)))
            : await reader.ReadNewAsync(request.Username, request.IsKnown, cancellationToken);
        if (result.Error is { } error)
            return new WatchlistReadOutcome.Failed(Map(error.Problem), $"{error.Message} ({error.Url})", result.Requests);
        var films = result.Films.Select(f => new ListedFilm(f.Slug, f.Title, f.Year, f.ShortKey)).ToList();
        return new WatchlistReadOutcome.Read(films, result.Complete, result.TotalEntries, result.Requests);
    }

    public async Task<FilmLookupOutcome> LookUpAsync(ListedFilm film, CancellationToken cancellationToken)
    {
        var result = await client.GetFilmAsync(film.Slug, cancellationToken);
        return result.Value is { } details
            ? new FilmLookupOutcome.Found(details.ImdbId, details.TmdbId, details.Directors, details.IsTv)
            : new FilmLookupOutcome.Failed(Map(result.Error!.Problem), $"{result.Error.Message} ({result.Error.Url})");
    }

    internal static WatchlistFailure Map(LetterboxdProblem problem) => problem switch
    {
        LetterboxdProblem.UserNotFound => WatchlistFailure.UserNotFound,
        LetterboxdProblem.FilmNotFound => WatchlistFailure.FilmNotFound,
        LetterboxdProblem.Blocked => WatchlistFailure.Blocked,
        LetterboxdProblem.RateLimited => WatchlistFailure.RateLimited,
        LetterboxdProblem.ServerError => WatchlistFailure.ServerError,
        LetterboxdProblem.MarkupChanged => WatchlistFailure.MarkupChanged,
        _ => WatchlistFailure.NetworkFailure,
    };
}
