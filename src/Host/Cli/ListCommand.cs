using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using MovieSync.Host.Home;
using MovieSync.Host.Hosting;
using MovieSync.Host.Journal;
using MovieSync.Messages;

namespace MovieSync.Host.Cli;

/// <summary>`list [--state S] [--json]`: one row per tracked movie, read from the journal whether or not the host runs.</summary>
public static class ListCommand
{
    /// <summary>The states `--state` accepts, as they are printed.</summary>
    public static readonly IReadOnlyList<MovieStatus> ListedStates =
        [MovieStatus.Pending, MovieStatus.Failed, MovieStatus.PermanentFailure, MovieStatus.Downloading, MovieStatus.Completed];

    public static Command Create()
    {
        var state = new Option<string?>("--state")
        {
            Description = $"Only movies in this state: {string.Join(", ", ListedStates.Select(StateNames.Of))}",
        };
        var json = new Option<bool>("--json") { Description = "Print a JSON array" };
        var command = new Command("list", "One row per movie: id, title, year, state, retries, next retry, last error") { state, json };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var wanted = ParseState(parsed.GetValue(state));
            var home = MovieSyncCommandLine.OpenHome(parsed);
            home.CheckJournal();
            var movies = (await MovieRow.ReadAsync(home, cancellationToken)).Where(m => wanted is null || m.Status == wanted).ToList();
            var downloads = movies.Any(m => m.Status == MovieStatus.Downloading)
                ? await HostApiClient.LiveDownloadsAsync(home, cancellationToken)
                : new Dictionary<string, DownloadShown>();
            MovieRow.Print(movies, parsed.GetValue(json),
                wanted is null ? "No movies are tracked yet." : $"No movie is {StateNames.Of(wanted.Value)}.", downloads);
            return ExitCodes.Success;
        });
        return command;
    }

    private static MovieStatus? ParseState(string? text)
    {
        if (text is null)
            return null;
        var match = ListedStates.Where(s => StateNames.Of(s) == text.Trim().ToLowerInvariant().Replace('-', '_')).ToList();
        return match.Count == 1
            ? match[0]
            : throw new UsageException(
                $"--state: '{text}' is not a state; accepted values: {string.Join(", ", ListedStates.Select(StateNames.Of))}");
    }
}

/// <summary>A movie as `list` and `failures` print it; also its JSON shape (snake_case keys).</summary>
public sealed record MovieRow(string Id, string Title, int? Year, string State, int Retries, DateTimeOffset? NextRetryAt, string? LastError,
    double? Progress = null, long? DownloadSpeed = null, double? EtaSeconds = null)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
    };

    private static readonly string[] Headers = ["ID", "Title", "Year", "State", "Retries", "Next retry", "Last error", "Download"];

    public static MovieRow From(MovieState movie, DownloadShown? download = null) => new(movie.MovieId.Value, movie.Title, movie.Year,
        StateNames.Of(movie.Status), movie.Failures, movie.NextRetryAt?.ToUniversalTime(), movie.LastError,
        download?.Progress, download?.DownloadSpeed, download?.EtaSeconds);

    /// <summary>Every tracked movie, in id order; none when the home has no journal yet.</summary>
    public static async Task<IReadOnlyList<MovieState>> ReadAsync(HomeLayout home, CancellationToken cancellationToken)
    {
        if (!home.HasJournal)
            return [];
        await using var journal = JournalReader.Open(home.Journal);
        return await journal.MoviesAsync(cancellationToken);
    }

    /// <summary>A JSON array with --json, else a table on a terminal or tab-separated lines.</summary>
    public static void Print(IReadOnlyList<MovieState> movies, bool asJson, string whenEmpty,
        IReadOnlyDictionary<string, DownloadShown>? downloads = null)
    {
        var rows = movies.Select(m => From(m, downloads?.GetValueOrDefault(m.MovieId.Value))).ToList();
        if (asJson)
        {
            Console.WriteLine(JsonSerializer.Serialize(rows, Json));
            return;
        }

        Output.Rows(Headers, rows.Select(r => r.Cells()).ToList(), whenEmpty);
    }

    private IReadOnlyList<string> Cells() =>
    [
        Id, Title, Year?.ToString(CultureInfo.InvariantCulture) ?? "-", State, Retries.ToString(CultureInfo.InvariantCulture),
        NextRetryAt?.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture) ?? "-", LastError ?? "-",
        new DownloadShown(Progress, DownloadSpeed, EtaSeconds).Describe() ?? "-",
    ];
}
