using System.Text.Json.Serialization;
using Akka.Actor;
using Akka.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using MovieSync.Actors.FileList;
using MovieSync.Messages;
using static MovieSync.Messages.FileListAccountQueries;

namespace MovieSync.Host.Web;

/// <summary><c>GET /api/accounts</c>: the FileList accounts the host's broker knows, one row each (the dashboard's accounts panel).</summary>
public static class AccountsApi
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(5);

    public static IEndpointRouteBuilder MapAccountsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/accounts", async (ActorRegistry registry, CancellationToken ct) => Results.Ok(await AccountsAsync(registry, ct)));
        return app;
    }

    /// <summary>The broker's rows; none when the host has no FileList account, or its broker does not answer in time.</summary>
    public static async Task<IReadOnlyList<AccountView>> AccountsAsync(ActorRegistry registry, CancellationToken ct)
    {
        if (!registry.TryGet<FileListBroker>(out var broker))
            return [];
        try
        {
            var result = await broker.Ask<FileListAccountsResult>(GetFileListAccounts.Instance, AskTimeout, ct);
            return result.Accounts.Select(AccountView.Of).ToList();
        }
        catch (AskTimeoutException)
        {
            return [];
        }
    }
}

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
