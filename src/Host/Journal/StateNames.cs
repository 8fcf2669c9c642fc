using MovieSync.Messages;

namespace MovieSync.Host.Journal;

/// <summary>The names of movie states, as the CLI prints them and the API answers and filters by (<c>?state=</c>).</summary>
public static class StateNames
{
    /// <summary>Not a status in the journal: a pending, failed or downloading movie that a running host holds back (see <see cref="MovieCounts.Waiting"/>).</summary>
    public const string Waiting = "waiting";

    public static readonly IReadOnlyList<string> All =
        ["pending", "failed", "permanent_failure", "downloading", "completed", "skipped", Waiting];

    public static string Of(MovieStatus status) => status switch
    {
        MovieStatus.Pending => "pending",
        MovieStatus.Failed => "failed",
        MovieStatus.PermanentFailure => "permanent_failure",
        MovieStatus.Downloading => "downloading",
        MovieStatus.Completed => "completed",
        MovieStatus.Skipped => "skipped",
        _ => "forgotten",
    };
}
