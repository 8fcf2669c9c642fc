using MovieSync.Messages;

namespace MovieSync.Host.Journal;

/// <summary>The names of movie states, as the CLI prints them and the API answers and filters by (<c>?state=</c>).</summary>
public static class StateNames
{
    public static readonly IReadOnlyList<string> All = ["pending", "failed", "permanent_failure", "downloading", "completed"];

    public static string Of(MovieStatus status) => status switch
    {
        MovieStatus.Pending => "pending",
        MovieStatus.Failed => "failed",
        MovieStatus.PermanentFailure => "permanent_failure",
        MovieStatus.Downloading => "downloading",
        MovieStatus.Completed => "completed",
        _ => "forgotten",
    };
}
