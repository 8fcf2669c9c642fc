namespace MovieSync.Messages;

/// <summary>
/// How failed attempts are retried: retry k (1..MaxRetries) waits Interval × Multiplier^(k−1), capped at MaxDelay;
/// when retry MaxRetries fails too, the movie is a permanent failure.
/// </summary>
public sealed record RetryPolicy(TimeSpan Interval, int MaxRetries, double Multiplier, TimeSpan MaxDelay)
{
    public static RetryPolicy Default { get; } =
        new(TimeSpan.FromHours(1), MaxRetries: 5, Multiplier: 2.0, MaxDelay: TimeSpan.FromHours(24));

    /// <summary>Whether a movie that has failed <paramref name="failures"/> times gets another attempt.</summary>
    public bool AllowsRetryAfter(int failures) => failures <= MaxRetries;

    /// <summary>The wait before retry number <paramref name="retry"/> (1-based).</summary>
    public TimeSpan DelayBeforeRetry(int retry)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(retry, 1);
        var seconds = Interval.TotalSeconds * Math.Pow(Multiplier, retry - 1);
        // Math.Pow overflows to infinity long before the cap matters; the cap keeps it finite.
        return double.IsFinite(seconds) && seconds < MaxDelay.TotalSeconds
            ? TimeSpan.FromSeconds(seconds)
            : MaxDelay;
    }
}
