using System.Text.Json.Serialization;
using MovieSync.Messages;

namespace MovieSync.Host.Journal;

/// <summary>
/// Counts per state as `status --json` prints them and <c>GET /api/status</c> answers (the dashboard reads them there):
/// the one place their JSON keys are named.
/// </summary>
public record CountsView(
    [property: JsonPropertyName("pending")] int Pending,
    [property: JsonPropertyName("failed")] int Failed,
    [property: JsonPropertyName("permanent_failures")] int PermanentFailures,
    [property: JsonPropertyName("downloading")] int Downloading,
    [property: JsonPropertyName("completed")] int Completed,
    [property: JsonPropertyName("total")] int Total,
    [property: JsonPropertyName("skipped")] int Skipped = 0,
    [property: JsonPropertyName("waiting")] int Waiting = 0)
{
    public static CountsView Of(MovieCounts counts) =>
        new(counts.Pending, counts.Failed, counts.PermanentFailures, counts.Downloading, counts.Completed, counts.Total, counts.Skipped,
            counts.Waiting);

    /// <summary>One line per state under a heading, as `status` and `run`'s final statistics print them.</summary>
    public static string Describe(string heading, MovieCounts counts) =>
        $"""
         {heading}
            Pending: {counts.Pending}
            Downloading: {counts.Downloading}
            Failed: {counts.Failed}
            Completed: {counts.Completed}
            Permanent failures: {counts.PermanentFailures}
         """ + Line("Waiting", counts.Waiting) + Line("Skipped", counts.Skipped);

    /// <summary>Waiting and skipped movies are rare: their lines only when there are some.</summary>
    private static string Line(string state, int count) => count > 0 ? $"{Environment.NewLine}   {state}: {count}" : "";
}
