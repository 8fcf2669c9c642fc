using MovieSync.Messages;

namespace MovieSync.Actors.Watchlist;

/// <summary>Which <see cref="IWatchlistSource"/> the host builds: the site's pages or the data export.</summary>
public enum WatchlistSourceKind
{
    Scrape,
    Export,
}

/// <summary>How the watchlist actor reads (config keys <c>username</c>, <c>check_interval</c>, <c>letterboxd.*</c>).</summary>
public sealed record WatchlistSettings(
    string Username, TimeSpan CheckInterval, TimeSpan FullSyncInterval, WatchlistSourceKind Source, string? ExportPath)
{
    /// <summary>The first delay after a failed check; it doubles per failure, capped at <see cref="CheckInterval"/>.</summary>
    public TimeSpan FailureRetryDelay { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>The longest one read or one film lookup may take before it counts as failed.</summary>
    public TimeSpan OperationTimeout { get; init; } = TimeSpan.FromMinutes(10);

    public int SnapshotEvery { get; init; } = 500;

    /// <summary>What happens to films that leave the watchlist, and after how long (<c>letterboxd.on_removed</c>, <c>removal_grace</c>).</summary>
    public RemovalRules Removals { get; init; } = RemovalRules.Default;

    /// <summary>An export older than this is an <c>attention</c>: the member has not dropped a newer one in.</summary>
    public TimeSpan ExportStaleAfter { get; init; } = TimeSpan.FromDays(30);

    /// <summary>Reads that have all failed for this long are an <c>attention</c> (Letterboxd blocking reads).</summary>
    public TimeSpan BlockedAttentionAfter { get; init; } = TimeSpan.FromHours(1);

    /// <summary>The delay before check number <paramref name="failures"/>+1 after that many failures in a row.</summary>
    public TimeSpan DelayAfterFailures(int failures)
    {
        if (failures <= 0)
            return CheckInterval;
        var factor = Math.Pow(2, Math.Min(failures - 1, 30));
        var delay = TimeSpan.FromTicks((long)Math.Min(FailureRetryDelay.Ticks * factor, CheckInterval.Ticks));
        return delay < CheckInterval ? delay : CheckInterval;
    }
}
