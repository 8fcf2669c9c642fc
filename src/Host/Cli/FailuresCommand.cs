using System.CommandLine;
using MovieSync.Host.Home;
using MovieSync.Messages;

namespace MovieSync.Host.Cli;

/// <summary>`failures [--json]`: the permanently failed movies with their last error (`retry ID` puts one back).</summary>
public static class FailuresCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print a JSON array" };
        var command = new Command("failures", "Permanent failures with their last error") { json };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var home = MovieSyncCommandLine.OpenHome(parsed);
            home.CheckJournal();
            var movies = await MovieRow.ReadAsync(home, cancellationToken);
            MovieRow.Print(movies.Where(m => m.Status == MovieStatus.PermanentFailure).ToList(), parsed.GetValue(json),
                "No permanent failures.");
            return ExitCodes.Success;
        });
        return command;
    }
}
