using System.CommandLine;
using System.Text.Json;
using MovieSync.Host.Journal;
using MovieSync.Messages;

namespace MovieSync.Host.Cli;

/// <summary>`status [--json]`: counts per state, read from the journal whether or not the host is running.</summary>
public static class StatusCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print one JSON object" };
        var command = new Command("status", "Counts of movies per state") { json };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var home = MovieSyncCommandLine.OpenHome(parsed);
            home.CheckJournal();
            var counts = await CountAsync(home, cancellationToken);
            Console.WriteLine(parsed.GetValue(json) ? JsonSerializer.Serialize(counts) : Describe(counts));
            return ExitCodes.Success;
        });
        return command;
    }

    private static async Task<Dictionary<string, int>> CountAsync(HomeLayout home, CancellationToken cancellationToken)
    {
        var counts = new Dictionary<string, int>
        {
            ["pending"] = 0, ["failed"] = 0, ["permanent_failures"] = 0, ["downloading"] = 0, ["completed"] = 0,
        };
        if (home.HasJournal)
        {
            await using var journal = JournalReader.Open(home.ConnectionString);
            foreach (var movie in await journal.MoviesAsync(cancellationToken))
                counts[Key(movie.Status)]++;
        }

        counts["total"] = counts.Values.Sum();
        return counts;
    }

    private static string Key(MovieStatus status) => status switch
    {
        MovieStatus.PermanentFailure => "permanent_failures",
        _ => status.ToString().ToLowerInvariant(),
    };

    private static string Describe(Dictionary<string, int> counts) =>
        $"""
         📊 Movies: {counts["total"]}
            Pending:            {counts["pending"]}
            Downloading:        {counts["downloading"]}
            Failed:             {counts["failed"]}
            Permanent failures: {counts["permanent_failures"]}
            Completed:          {counts["completed"]}
         """;
}
