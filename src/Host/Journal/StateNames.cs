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

    /// <summary>Counts per state with the keys `status --json` and <c>GET /api/status</c> print, and their total.</summary>
    public static Dictionary<string, int> Count(IEnumerable<MovieState> movies)
    {
        var counts = new Dictionary<string, int>
        {
            ["pending"] = 0, ["failed"] = 0, ["permanent_failures"] = 0, ["downloading"] = 0, ["completed"] = 0,
        };
        foreach (var movie in movies)
        {
            var key = movie.Status == MovieStatus.PermanentFailure ? "permanent_failures" : Of(movie.Status);
            if (counts.ContainsKey(key))
                counts[key]++;
        }

        counts["total"] = counts.Values.Sum();
        return counts;
    }
}
