namespace MovieSync.Actors.Progress;

/// <summary>
/// When a long step deserves another log line: its final report always, and otherwise at most one line per interval
/// since the last line (or since the step started), so a fast step logs only its outcome and a slow one shows it moves.
/// </summary>
public sealed class ProgressThrottle
{
    /// <summary>The interval the host's logs use: a slow walk or scan shows a line at least this often.</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(10);

    private readonly TimeSpan _interval;
    private readonly Func<DateTimeOffset> _now;
    private readonly Lock _gate = new();
    private DateTimeOffset _last;

    public ProgressThrottle(TimeSpan interval, Func<DateTimeOffset> now)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(interval, TimeSpan.Zero);
        _interval = interval;
        _now = now;
        _last = now();
    }

    /// <summary>Whether this report gets a line; answering yes starts the next interval.</summary>
    public bool ShouldReport(bool final = false)
    {
        lock (_gate)
        {
            var now = _now();
            if (!final && now - _last < _interval)
                return false;
            _last = now;
            return true;
        }
    }
}
