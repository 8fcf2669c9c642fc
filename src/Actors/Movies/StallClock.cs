namespace MovieSync.Actors.Movies;

/// <summary>
/// How long a download has gone without progress, from the fractions the download client reports at each poll. It
/// starts again whenever the fraction moves or the client holds the torrent (paused, queued, checking): only time spent
/// trying to download counts. Starts from the journaled mark, so a restart does not reset it.
/// </summary>
public sealed class StallClock(double fraction, DateTimeOffset since)
{
    public double Fraction { get; private set; } = fraction;

    /// <summary>When the download was last seen moving (or held).</summary>
    public DateTimeOffset Since { get; private set; } = since;

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
}
