using System.CommandLine;
using System.Text.Json;
using MovieSync.Host.Home;
using MovieSync.Host.Hosting;
using MovieSync.Host.Journal;
using MovieSync.Messages;

namespace MovieSync.Host.Cli;

/// <summary>
/// `status [--json]`: counts per state, read from the journal whether or not the host is running; whether the journal can
/// be written (as the running host sees it) and which journals cannot be read.
/// </summary>
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
            var states = await ReadAsync(home, cancellationToken);
            // A running host knows whether its writes go through; a journal this command could read is otherwise "ok".
            var journal = await HostApiClient.HostJournalAsync(home, cancellationToken) ?? JournalView.Readable;
            // Waiting is no state of the journal: a running host says which movies it holds back.
            var live = await HostApiClient.LiveMoviesAsync(home, cancellationToken);
            var counts = states.Counts.WithWaiting(states.Tracked.Where(m => live.Waiting.ContainsKey(m.MovieId.Value)).Select(m => m.Status));
            var now = DateTimeOffset.UtcNow;
            var status = StatusView.Of(counts, journal, states.Unreadable) with { WatchlistExport = Export(home, now) };
            if (parsed.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(status with { Accounts = await AccountsAsync(home, cancellationToken) }));
                return ExitCodes.Success;
            }

            Console.WriteLine(CountsView.Describe($"📊 Movies: {counts.Total}", counts));
            foreach (var problem in status.DescribeProblems())
                Console.WriteLine(problem);
            if (status.WatchlistExport is { } export)
                Console.WriteLine(export.Describe(now));
            // What qBittorrent reports for each download, when a running host follows them.
            var downloading = states.Tracked.Where(m => m.Status == MovieStatus.Downloading).ToList();
            foreach (var movie in downloading)
            {
                if (live.Downloads.GetValueOrDefault(movie.MovieId.Value)?.Describe() is { } progress)
                    Console.WriteLine($"   ⬇ {movie.DisplayName}: {progress}");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The accounts as `accounts` shows them; none when config.json cannot be read (the counts need no config).</summary>
    private static async Task<IReadOnlyList<AccountView>> AccountsAsync(HomeLayout home, CancellationToken cancellationToken)
    {
        try
        {
            return await AccountsCommand.ReadAsync(home, cancellationToken);
        }
        catch (Exception e) when (e is Configuration.ConfigurationException or OperationFailedException)
        {
            return [];
        }
    }

    /// <summary>The Letterboxd export in use; none when config.json cannot be read (the counts need no config).</summary>
    private static ExportView? Export(HomeLayout home, DateTimeOffset now)
    {
        if (!File.Exists(System.IO.Path.Combine(home.Path, "config.json")))
            return null; // loading would write the template: `status` changes nothing
        try
        {
            return ExportView.Of(home.LoadOptions(), now);
        }
        catch (Configuration.ConfigurationException)
        {
            return null;
        }
    }

    private static async Task<MovieStates> ReadAsync(HomeLayout home, CancellationToken cancellationToken)
    {
        if (!home.HasJournal)
            return MovieStates.Empty;
        await using var journal = JournalReader.Open(home.Journal);
        return await journal.StatesAsync(cancellationToken);
    }
}
