using System.Text.Json.Serialization;
using MovieSync.Messages;
using static MovieSync.Messages.FileListAccountQueries;

namespace MovieSync.Host.Journal;

/// <summary>
/// One FileList account as `accounts`, `status --json`, <c>GET /api/accounts</c> and the dashboard show it: never a secret.
/// <see cref="Searches"/> and <see cref="Downloads"/> count what the account did since the host started.
/// </summary>
public sealed record AccountView(
    [property: JsonPropertyName("username")] string Username,
    [property: JsonPropertyName("node")] string Node,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("requests_left")] int RequestsLeft,
    [property: JsonPropertyName("requests_per_hour")] int RequestsPerHour,
    [property: JsonPropertyName("searches")] int Searches,
    [property: JsonPropertyName("downloads")] int Downloads)
{
    public const string Ok = "ok";
    public const string CredentialsRejected = "credentials_rejected";
    public const string RateLimited = "rate_limited";
    public const string Unreachable = "unreachable";

    /// <summary>The header of the accounts table (`accounts`, the demo's end), aligned with <see cref="ToTableRow"/> (a method: the JSON shows only the fields).</summary>
    public static string TableHeader => $"{"USERNAME",-20} {"NODE",-21} {"STATE",-21} {"LEFT",9} {"SEARCHES",9} {"DOWNLOADS",10}";

    public string ToTableRow() => $"{Username,-20} {Node,-21} {State,-21} {$"{RequestsLeft}/{RequestsPerHour}",9} {Searches,9} {Downloads,10}";

    public static AccountView Of(FileListAccountRow row) =>
        new(row.Username, row.Node, NameOf(row.State), row.RequestsLeft, row.RequestsPerHour, row.Searches, row.Downloads);

    public static string NameOf(FileListAccountState state) => state switch
    {
        FileListAccountState.CredentialsRejected => CredentialsRejected,
        FileListAccountState.RateLimited => RateLimited,
        FileListAccountState.Unreachable => Unreachable,
        _ => Ok,
    };
}
