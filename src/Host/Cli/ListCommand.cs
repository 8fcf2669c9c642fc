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
    public static Command Create()
    {
        var state = new Option<string?>("--state")
        {
            Description = $"Only movies in this state: {string.Join(", ", StateNames.All)} (waiting: held back by a running host)",
        };
        var json = new Option<bool>("--json") { Description = "Print a JSON array" };
        var command = new Command("list", "One row per movie: id, title, year, state, retries, next retry, last error") { state, json };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var wanted = ParseState(parsed.GetValue(state));
            var home = MovieSyncCommandLine.OpenHome(parsed);
            home.CheckJournal();
            var all = await MovieRow.ReadAsync(home, cancellationToken);
            // Waiting and a download's progress are no part of the journal: only a running host knows them.
            var live = all.Any(m => m.Status is MovieStatus.Pending or MovieStatus.Failed or MovieStatus.Downloading)
                ? await HostApiClient.LiveMoviesAsync(home, cancellationToken)
                : LiveMovies.None;
            var movies = all.Where(m => wanted is null || ShownState(m, live.Waiting) == wanted).ToList();
            MovieRow.Print(movies, parsed.GetValue(json),
                wanted is null ? "No movies are tracked yet." : $"No movie is {wanted.Replace('_', ' ')}.", live.Downloads, live.Waiting);
            return ExitCodes.Success;
        });
        return command;
    }

    private static string? ParseState(string? text)
    {
        if (text is null)
            return null;
        var name = text.Trim().ToLowerInvariant().Replace('-', '_');
        return StateNames.All.Contains(name)
            ? name
            : throw new UsageException($"--state: '{text}' is not a state; accepted values: {string.Join(", ", StateNames.All)}");
    }

    private static string ShownState(MovieState movie, IReadOnlyDictionary<string, string> waits) =>
        waits.ContainsKey(movie.MovieId.Value) ? StateNames.Waiting : StateNames.Of(movie.Status);
}

/// <summary>A movie as `list` and `failures` print it; also its JSON shape (snake_case keys).</summary>
/// <param name="State">The journal's state, or <c>waiting</c> while a running host holds the movie back (<paramref name="WaitingReason"/> says why).</param>
public sealed record MovieRow(string Id, string Title, int? Year, string State, int Retries, DateTimeOffset? NextRetryAt, string? LastError,
    double? Progress = null, long? DownloadSpeed = null, double? EtaSeconds = null, string Priority = "normal", string? WaitingReason = null)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
    };

    private static readonly string[] Headers = ["ID", "Title", "Year", "State", "Retries", "Next retry", "Last error", "Download", "Priority"];

    public static MovieRow From(MovieState movie, DownloadShown? download = null, string? waitingReason = null) => new(movie.MovieId.Value,
        movie.Title, movie.Year, waitingReason is null ? StateNames.Of(movie.Status) : StateNames.Waiting, movie.Failures,
        movie.NextRetryAt?.ToUniversalTime(), movie.LastError, download?.Progress, download?.DownloadSpeed, download?.EtaSeconds,
        movie.GrabNow ? "grab now" : Priorities.Of(movie.Priority), waitingReason);

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
        IReadOnlyDictionary<string, DownloadShown>? downloads = null, IReadOnlyDictionary<string, string>? waits = null)
    {
        var rows = movies.Select(m => From(m, downloads?.GetValueOrDefault(m.MovieId.Value), waits?.GetValueOrDefault(m.MovieId.Value))).ToList();
        if (asJson)
        {
            Console.WriteLine(JsonSerializer.Serialize(rows, Json));
            return;
        }

        Output.Rows(Headers, rows.Select(r => r.Cells()).ToList(), whenEmpty);
    }

    private IReadOnlyList<string> Cells() =>
    [
        Id, Title, Year?.ToString(CultureInfo.InvariantCulture) ?? "-", WaitingReason is null ? State : $"{State}: {WaitingReason}",
        Retries.ToString(CultureInfo.InvariantCulture),
        NextRetryAt?.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture) ?? "-", LastError ?? "-",
        new DownloadShown(Progress, DownloadSpeed, EtaSeconds).Describe() ?? "-", Priority,
    ];
}
