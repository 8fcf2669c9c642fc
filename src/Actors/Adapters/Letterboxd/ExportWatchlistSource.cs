using System.Collections.Concurrent;
using MovieSync.Actors.Watchlist;
using MovieSync.Clients.Letterboxd;

namespace MovieSync.Actors.Adapters.Letterboxd;

/// <summary>
/// The watchlist from Letterboxd's data export (config <c>letterboxd.source = export</c>), re-read when the file's hash
/// changes. <paramref name="exportPath"/> names the export, or a folder where the newest one is read
/// (<see cref="LetterboxdExportFolder"/>). Film identity: a row whose boxd.it key is already known keeps that film's slug; otherwise the short link is
/// followed through <paramref name="client"/> to the real slug; if the site cannot be reached the slug is derived from
/// name and year (<see cref="FilmNames.DeriveSlug"/>, e.g. <c>dune-1984</c>) and the film is queued without IMDb id.
/// </summary>
public sealed class ExportWatchlistSource(string exportPath, LetterboxdClient? client = null) : IWatchlistSource
{
    private readonly ConcurrentDictionary<string, FilmDetails> _details = new(StringComparer.Ordinal);

    public async Task<WatchlistReadOutcome> ReadAsync(WatchlistReadRequest request, CancellationToken cancellationToken)
    {
        ExportedWatchlist export;
        ExportFile file;
        try
        {
            file = LetterboxdExportFolder.Resolve(exportPath, request.Username);
            if (request.PreviousVersion is not null && LetterboxdExportReader.Fingerprint(file.Path) == request.PreviousVersion)
                return new WatchlistReadOutcome.Unchanged(file);
            export = LetterboxdExportReader.Read(file.Path);
        }
        catch (LetterboxdExportException e)
        {
            return new WatchlistReadOutcome.Failed(WatchlistFailure.BadExport, e.Message);
        }

        var requests = 0;
        var siteReachable = client is not null;
        var films = new List<ListedFilm>();
        foreach (var row in export.Films)
        {
            var slug = row.ShortKey is null ? null : request.SlugForShortKey(row.ShortKey);
            if (slug is null && siteReachable && row.ShortKey is not null)
            {
                requests++;
                var resolved = await client!.GetFilmByShortLinkAsync(row.ShortKey, cancellationToken);
                if (resolved.Value is { } details)
                {
                    slug = details.Slug;
                    _details[slug] = details;
                }
                else if (resolved.Error!.Problem != LetterboxdProblem.FilmNotFound)
                    siteReachable = false; // blocked or down: derive the rest instead of hammering it
            }

            films.Add(new ListedFilm(slug ?? row.DerivedSlug, row.Title, row.Year, row.ShortKey));
        }

        return new WatchlistReadOutcome.Read(films, Complete: true, films.Count, requests, export.Fingerprint) { Export = file };
    }

    public async Task<FilmLookupOutcome> LookUpAsync(ListedFilm film, CancellationToken cancellationToken)
    {
        if (_details.TryRemove(film.Slug, out var known))
            return Found(known);
        if (client is null)
            return new FilmLookupOutcome.Found(null, null, [], false);
        var result = await client.GetFilmAsync(film.Slug, cancellationToken);
        // The export is the fallback for an unreachable site: never hold a film back waiting for it.
        return result.Value is { } details ? Found(details) : new FilmLookupOutcome.Found(null, null, [], false);
    }

    private static FilmLookupOutcome Found(FilmDetails d) => new FilmLookupOutcome.Found(d.ImdbId, d.TmdbId, d.Directors, d.IsTv);
}
