namespace MovieSync.Messages;

/// <summary>Durations as a person reads them in logs and tables.</summary>
public static class ReadableDuration
{
    /// <summary>"now", "45s", "12m 5s", "3h 20m", "1d 2h"; a negative wait reads "now".</summary>
    public static string Of(TimeSpan wait) => wait switch
    {
        { TotalSeconds: < 1 } => "now",
        { TotalMinutes: < 1 } => $"{(int)Math.Round(wait.TotalSeconds)}s",
        { TotalHours: < 1 } => $"{wait.Minutes}m {wait.Seconds}s",
        { TotalDays: < 1 } => $"{wait.Hours}h {wait.Minutes}m",
        _ => $"{(int)wait.TotalDays}d {wait.Hours}h",
    };
}
