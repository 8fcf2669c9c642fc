using MovieSync.Actors.Watchlist;
using MovieSync.Clients.Letterboxd;

namespace MovieSync.Actors.Adapters.Letterboxd;

/// <summary>
/// How the watchlist's reads of Letterboxd (the site or the export) have gone, for <c>/healthz</c>, <c>/metrics</c> and
/// the dashboard: the host registers one, and the watchlist's source reports to it (<see cref="Observe"/>).
/// </summary>
public sealed class LetterboxdActivity(TimeProvider clock)
{
    private readonly Lock _lock = new();
    private LetterboxdReads _reads = LetterboxdReads.None;
    private Func<int>? _requests;

    /// <summary>What is known so far, the request count read now; null while no watchlist reports here (a simulated run).</summary>
    public LetterboxdReads? Reads
    {
        get
        {
            lock (_lock)
                return _requests is { } requests ? _reads with { Requests = requests() } : null;
        }
    }

    /// <summary><paramref name="source"/>, reporting each read and film lookup here; <paramref name="client"/>'s requests are counted.</summary>
    public IWatchlistSource Observe(IWatchlistSource source, LetterboxdClient client)
    {
        lock (_lock)
            _requests = () => client.RequestCount;
        return new ObservedWatchlistSource(source, this);
    }

    /// <summary>A watchlist read that succeeded (read, or an export found unchanged).</summary>
    public void ReadSucceeded()
    {
        var now = clock.GetUtcNow();
        lock (_lock)
            _reads = _reads with { LastReadAt = now, LastSuccessAt = now, FailingSince = null };
    }

    /// <summary>A film page that Letterboxd answered (the film found or gone for good).</summary>
    public void LookupSucceeded()
    {
        var now = clock.GetUtcNow();
        lock (_lock)
            _reads = _reads with { LastSuccessAt = now, FailingSince = null };
    }

    /// <summary>A read or lookup that failed: blocked, rate limited, unreachable, a changed page, a bad export.</summary>
    public void Failed(WatchlistFailure failure, string message)
    {
        var now = clock.GetUtcNow();
        lock (_lock)
            _reads = _reads with { LastErrorAt = now, LastError = $"{failure}: {message}", FailingSince = _reads.FailingSince ?? now };
    }

    private sealed class ObservedWatchlistSource(IWatchlistSource inner, LetterboxdActivity activity) : IWatchlistSource
    {
        public async Task<WatchlistReadOutcome> ReadAsync(WatchlistReadRequest request, CancellationToken cancellationToken)
        {
            var outcome = await inner.ReadAsync(request, cancellationToken);
            if (outcome is WatchlistReadOutcome.Failed failed)
                activity.Failed(failed.Failure, failed.Message);
            else
                activity.ReadSucceeded();
            return outcome;
        }

        public async Task<FilmLookupOutcome> LookUpAsync(ListedFilm film, CancellationToken cancellationToken)
        {
            var outcome = await inner.LookUpAsync(film, cancellationToken);
            if (outcome is FilmLookupOutcome.Failed { Failure: not WatchlistFailure.FilmNotFound } failed)
                activity.Failed(failed.Failure, failed.Message);
            else
                activity.LookupSucceeded();
            return outcome;
        }
    }
}

/// <summary>
/// The watchlist's dealings with Letterboxd since the host started: the last successful watchlist read, the last
/// successful answer of any kind, the last error, since when every call has failed (null: the last one worked), and
/// the HTTP requests sent.
/// </summary>
public sealed record LetterboxdReads(DateTimeOffset? LastReadAt, DateTimeOffset? LastSuccessAt, DateTimeOffset? LastErrorAt, string? LastError,
    DateTimeOffset? FailingSince, int Requests)
{
    public static LetterboxdReads None { get; } = new(null, null, null, null, null, 0);
}
