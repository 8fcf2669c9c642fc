using System.Text.Json.Serialization;
using MovieSync.Actors.Adapters.Letterboxd;
using MovieSync.Host.Journal;

namespace MovieSync.Host.Web.Health;

/// <summary>
/// What <c>GET /healthz</c> answers: <c>ok</c> (200) or <c>failing</c> (503) with the failing parts named, and each
/// part's state: the journal, qBittorrent, each FileList account, the Letterboxd reads.
/// </summary>
public sealed record HealthReport(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("failing")] IReadOnlyList<string> Failing,
    [property: JsonPropertyName("journal")] JournalView Journal,
    [property: JsonPropertyName("qbittorrent")] QBittorrentCheck QBittorrent,
    [property: JsonPropertyName("filelist")] IReadOnlyList<AccountView> FileList,
    [property: JsonPropertyName("letterboxd")] LetterboxdView Letterboxd)
{
    public const string Ok = "ok";
    public const string FailingStatus = "failing";

    /// <summary>FileList account states that need the owner (a spent budget or a 429 comes back by itself).</summary>
    public static bool AccountFails(AccountView account) => account.State is AccountView.CredentialsRejected or AccountView.Unreachable;

    public static HealthReport Of(JournalView journal, QBittorrentCheck qbittorrent, IReadOnlyList<AccountView> accounts, LetterboxdView letterboxd)
    {
        var failing = new List<string>();
        if (journal.State != JournalView.Ok)
            failing.Add("journal");
        if (!qbittorrent.Healthy)
            failing.Add("qbittorrent");
        failing.AddRange(accounts.Where(AccountFails).Select(a => "filelist:" + a.Username));
        if (letterboxd.State == LetterboxdView.Failing)
            failing.Add("letterboxd");
        return new HealthReport(failing.Count == 0 ? Ok : FailingStatus, failing, journal, qbittorrent, accounts, letterboxd);
    }
}

/// <summary>
/// The watchlist's reads of Letterboxd (or its export): <c>ok</c>, <c>not_read_yet</c>, <c>not_used</c> (a simulated
/// run), <c>retrying</c> (failing for less than <see cref="FailingAfter"/>: Letterboxd blocks or slows down now and then)
/// or <c>failing</c>.
/// </summary>
public sealed record LetterboxdView(
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("last_read")] DateTimeOffset? LastRead,
    [property: JsonPropertyName("last_success")] DateTimeOffset? LastSuccess,
    [property: JsonPropertyName("last_error")] string? LastError,
    [property: JsonPropertyName("last_error_at")] DateTimeOffset? LastErrorAt,
    [property: JsonPropertyName("failing_since")] DateTimeOffset? FailingSince,
    [property: JsonPropertyName("requests")] int Requests)
{
    public const string Failing = "failing";

    /// <summary>As long as reads may fail before the part counts as failing (as the <c>attention</c> notification waits).</summary>
    public static readonly TimeSpan FailingAfter = TimeSpan.FromHours(1);

    public static LetterboxdView NotUsed { get; } = new("not_used", null, null, null, null, null, 0);

    /// <param name="reads">Null when no watchlist reports to this host (a simulated run).</param>
    public static LetterboxdView Of(LetterboxdReads? reads, DateTimeOffset now)
    {
        if (reads is null)
            return NotUsed;
        var state = reads.FailingSince is { } since ? now - since >= FailingAfter ? Failing : "retrying"
            : reads.LastSuccessAt is null ? "not_read_yet"
            : "ok";
        return new LetterboxdView(state, reads.LastReadAt, reads.LastSuccessAt, reads.LastError, reads.LastErrorAt, reads.FailingSince, reads.Requests);
    }
}
