using System.Text.Json.Serialization;
using MovieSync.Actors.Journal;
using MovieSync.Messages;

namespace MovieSync.Host.Journal;

/// <summary>
/// What `status --json` prints and <c>GET /api/status</c> answers: the counts per state (a <see cref="CountsView"/>, whose keys they keep),
/// whether the journal can be written, and the journals that cannot be read.
/// </summary>
public sealed record StatusView(
    int Pending,
    int Failed,
    int PermanentFailures,
    int Downloading,
    int Completed,
    int Total,
    [property: JsonPropertyName("journal")] JournalView Journal,
    [property: JsonPropertyName("unreadable")] IReadOnlyList<UnreadableView> Unreadable,
    [property: JsonPropertyName("loading")] bool Loading,
    int Skipped = 0,
    int Waiting = 0)
    : CountsView(Pending, Failed, PermanentFailures, Downloading, Completed, Total, Skipped, Waiting)
{
    /// <summary>The FileList accounts (as `accounts` shows them).</summary>
    [JsonPropertyName("accounts")]
    public IReadOnlyList<AccountView> Accounts { get; init; } = [];

    /// <summary>The Letterboxd export in use and its age; absent when the watchlist is read from the site.</summary>
    [JsonPropertyName("watchlist_export")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ExportView? WatchlistExport { get; init; }

    /// <param name="loading">
    /// The running host is still reading its journal for the dashboard: the counts are the coordinator's, and
    /// <paramref name="unreadable"/> holds the journals found unreadable so far.
    /// </param>
    public static StatusView Of(MovieCounts counts, JournalView journal, IReadOnlyDictionary<string, string> unreadable, bool loading = false) =>
        new(counts.Pending, counts.Failed, counts.PermanentFailures, counts.Downloading, counts.Completed, counts.Total, journal,
            unreadable.Select(u => UnreadableView.Of(u.Key, u.Value)).ToList(), loading, counts.Skipped, counts.Waiting);

    /// <summary>The lines `status` prints under the counts when something is wrong with the journal; none when all is well.</summary>
    public IEnumerable<string> DescribeProblems()
    {
        if (Journal.State == JournalView.Unavailable)
            yield return $"⚠️  Journal unavailable{(Journal.Since is { } since ? $" since {since.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC" : "")}: " +
                         $"{Journal.Cause}. Nothing is lost; changes wait until it can be written again.";
        foreach (var unreadable in Unreadable)
            yield return $"❗ Unreadable: {unreadable.MovieId ?? unreadable.PersistenceId}: {unreadable.Error}";
    }
}

/// <summary>
/// The journal's state: <c>ok</c>, or <c>unavailable</c> with the database's own reason and since when. With `run`
/// running this is what the host saw of its writes; otherwise whether this command could read the journal.
/// </summary>
public sealed record JournalView(
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("cause")] string? Cause,
    [property: JsonPropertyName("since")] DateTimeOffset? Since)
{
    public const string Ok = "ok";
    public const string Unavailable = "unavailable";

    public static JournalView Readable { get; } = new(Ok, null, null);

    public static JournalView Of(JournalHealth health) => health.Writable ? Readable : new(Unavailable, health.Cause, health.Since);
}

/// <summary>A journal holding an event this version cannot read: whose (the movie's id for a movie) and why.</summary>
public sealed record UnreadableView(
    [property: JsonPropertyName("persistence_id")] string PersistenceId,
    [property: JsonPropertyName("movie_id")] string? MovieId,
    [property: JsonPropertyName("error")] string Error)
{
    private const string MoviePrefix = "movie-";

    public static UnreadableView Of(string persistenceId, string error) =>
        new(persistenceId, persistenceId.StartsWith(MoviePrefix, StringComparison.Ordinal) ? persistenceId[MoviePrefix.Length..] : null, error);
}
