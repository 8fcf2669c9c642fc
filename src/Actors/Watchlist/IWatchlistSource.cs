using MovieSync.Clients.Letterboxd;

namespace MovieSync.Actors.Watchlist;

/// <summary>Where the watchlist comes from: the Letterboxd site, or the member's data export.</summary>
public interface IWatchlistSource
{
    /// <summary>Reads the watchlist (newest first). Must not throw for expected failures: it answers <see cref="WatchlistReadOutcome.Failed"/>.</summary>
    Task<WatchlistReadOutcome> ReadAsync(WatchlistReadRequest request, CancellationToken cancellationToken);

    /// <summary>Reads one film's page for its IMDb/TMDB ids, directors and whether it is TV.</summary>
    Task<FilmLookupOutcome> LookUpAsync(ListedFilm film, CancellationToken cancellationToken);
}

/// <summary>What a read should do.</summary>
/// <param name="IsKnown">Tells whether a slug is already on the known watchlist; an incremental read stops at the first.</param>
/// <param name="FullWalk">Read everything (to reconcile removals) instead of stopping at the first known film.</param>
/// <param name="PreviousVersion">The <see cref="WatchlistReadOutcome.Read.Version"/> of the last good read, so an
/// unchanged export is not read again.</param>
/// <param name="SlugForShortKey">Known films by boxd.it key, so export rows map onto films the site listed.</param>
public sealed record WatchlistReadRequest(
    string Username, Func<string, bool> IsKnown, bool FullWalk, string? PreviousVersion,
    Func<string, string?> SlugForShortKey)
{
    /// <summary>Told as a full walk advances (a source that reads in one go need not call it). Called off the actor.</summary>
    public Action<WatchlistReadProgress>? Progress { get; init; }
}

/// <summary>How far a full walk has come.</summary>
/// <param name="Pages">The watchlist's page count once known.</param>
public sealed record WatchlistReadProgress(int PagesRead, int? Pages, int FilmsRead, int TotalFilms);

/// <summary>A film as the watchlist lists it.</summary>
public sealed record ListedFilm(string Slug, string Title, int? Year, string? ShortKey = null)
{
    public override string ToString() => Year is null ? Title : $"{Title} ({Year})";
}

/// <summary>Why a read or a lookup failed.</summary>
public enum WatchlistFailure
{
    UserNotFound,
    FilmNotFound,
    Blocked,
    RateLimited,
    ServerError,
    MarkupChanged,
    NetworkFailure,
    BadExport,
}

public abstract record WatchlistReadOutcome
{
    private WatchlistReadOutcome() { }

    /// <param name="Films">Newest first: for an incremental read only the new ones.</param>
    /// <param name="Complete">Every film was read and they add up: films not listed may be taken as removed.</param>
    /// <param name="TotalEntries">The watchlist's size as the source reports it.</param>
    /// <param name="Requests">HTTP requests made (0 for an export).</param>
    /// <param name="Version">Identifies the content read (the export's hash); null for the site.</param>
    public sealed record Read(IReadOnlyList<ListedFilm> Films, bool Complete, int TotalEntries, int Requests, string? Version = null)
        : WatchlistReadOutcome
    {
        /// <summary>The export file read (null for the site).</summary>
        public ExportFile? Export { get; init; }
    }

    /// <summary>The export file has not changed since <see cref="WatchlistReadRequest.PreviousVersion"/>.</summary>
    /// <param name="Export">The export file in use.</param>
    public sealed record Unchanged(ExportFile? Export = null) : WatchlistReadOutcome;

    /// <param name="Message">What went wrong, with the URL or file it concerns.</param>
    public sealed record Failed(WatchlistFailure Failure, string Message, int Requests = 0) : WatchlistReadOutcome;
}

public abstract record FilmLookupOutcome
{
    private FilmLookupOutcome() { }

    public sealed record Found(string? ImdbId, int? TmdbId, IReadOnlyList<string> Directors, bool IsTv) : FilmLookupOutcome;

    public sealed record Failed(WatchlistFailure Failure, string Message) : FilmLookupOutcome;
}
