using System.CommandLine;
using System.Text.Json;
using MovieSync.Host.Home;
using MovieSync.Host.Hosting;
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
            var (counts, downloading) = await ReadAsync(home, cancellationToken);
            if (parsed.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(CountsView.Of(counts)));
                return ExitCodes.Success;
            }

            Console.WriteLine(CountsView.Describe($"📊 Movies: {counts.Total}", counts));
            // What qBittorrent reports for each download, when a running host follows them.
            var live = downloading.Count > 0 ? await HostApiClient.LiveDownloadsAsync(home, cancellationToken) : new Dictionary<string, DownloadShown>();
            foreach (var movie in downloading)
            {
                if (live.GetValueOrDefault(movie.MovieId.Value)?.Describe() is { } progress)
                    Console.WriteLine($"   ⬇ {movie.DisplayName}: {progress}");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static async Task<(MovieCounts Counts, List<MovieState> Downloading)> ReadAsync(HomeLayout home,
        CancellationToken cancellationToken)
    {
        IReadOnlyList<MovieState> movies = [];
        if (home.HasJournal)
        {
            await using var journal = JournalReader.Open(home.ConnectionString);
            movies = await journal.MoviesAsync(cancellationToken);
        }

        return (MovieCounts.Of(movies.Select(m => m.Status)), movies.Where(m => m.Status == MovieStatus.Downloading).ToList());
    }
}
