using MovieSync.Messages;

namespace MovieSync.Actors.Movies;

/// <summary>
/// How long one torrent has gone without progress, from the fractions the download client reports at each poll. It
/// starts again whenever the fraction moves or the client holds the torrent (paused, queued, checking): only time spent
/// trying to download counts. Starts from the journaled mark, so a restart does not reset it.
/// </summary>
public sealed class StallClock(string infoHash, double fraction, DateTimeOffset since)
{
    public string InfoHash { get; } = infoHash;

    public double Fraction { get; private set; } = fraction;

    /// <summary>When the download was last seen moving (or held).</summary>
    public DateTimeOffset Since { get; private set; } = since;

    /// <summary>
    /// The clock of the movie's current torrent as its journal left it: from the last mark, else from the add. A fraction
    /// reported later that differs from the mark's means the download moved at a time not known: the clock then starts
    /// at that report, never earlier than the truth.
    /// </summary>
    public static StallClock Of(MovieState state, DateTimeOffset now) =>
        new(state.InfoHash ?? "", state.ProgressFraction ?? 0, state.ProgressAt ?? state.UpdatedAt ?? now);

    /// <summary>Takes one poll's report; true when the clock started again (progress, or held).</summary>
    public bool Observe(double fraction, bool held, DateTimeOffset now)
    {
        // Any change counts, even a drop (a recheck): only a download that stays put is stalled.
        if (!held && fraction.Equals(Fraction))
            return false;
        Fraction = fraction;
        Since = now;
        return true;
    }

    public TimeSpan StalledFor(DateTimeOffset now) => now - Since;

    /// <summary>
    /// Null while the download is not stalled (or <paramref name="stalledAfter"/> is zero: never); else why, and whether
    /// its files go too (only when none of the film came).
    /// </summary>
    public StalledDownload? Stalled(DownloadProgress.InProgress report, TimeSpan stalledAfter, DateTimeOffset now)
    {
        if (stalledAfter <= TimeSpan.Zero || report.Held || StalledFor(now) < stalledAfter)
            return null;
        var deleteFiles = report.Fraction <= 0 && (report.DownloadedBytes ?? 0) == 0;
        var seeds = report.Seeds is { } count ? $", {count} seeds" : "";
        var reason = FormattableString.Invariant(
                         $"stalled: no progress for {ReadableDuration.Of(StalledFor(now))} at {report.Fraction:0.0%} ({report.State}{seeds}); ") +
                     (deleteFiles ? "removed from qBittorrent with its files (nothing was downloaded)" : "removed from qBittorrent, its files kept");
        return new StalledDownload(reason, deleteFiles);
    }
}

/// <summary>A download judged stalled: the failed attempt's reason, and whether its files are deleted with it.</summary>
public sealed record StalledDownload(string Reason, bool DeleteFiles);
