using Akka.Actor;
using Akka.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using MovieSync.Actors.FileList;
using MovieSync.Host.Journal;
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
