using System.CommandLine;
using System.Text.Json;
using MovieSync.Host.Home;
using MovieSync.Host.Journal;
using MovieSync.Host.Web;

namespace MovieSync.Host.Cli;

/// <summary>
/// `accounts [--json]`: one row per FileList account: username, node, state, requests left this hour, searches and
/// downloads made. From the running host when `run` runs, else from config.json and the accounts' journaled budgets.
/// </summary>
public static class AccountsCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print a JSON array, one object per account" };
        var command = new Command("accounts", "The FileList accounts: state, requests left this hour, searches and downloads") { json };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var home = MovieSyncCommandLine.OpenHome(parsed);
            var accounts = await ReadAsync(home, cancellationToken);
            if (parsed.GetValue(json))
            {
                Console.WriteLine(JsonSerializer.Serialize(accounts));
                return ExitCodes.Success;
            }

            if (accounts.Count == 0)
            {
                Console.WriteLine("No FileList account is configured (filelist.username / filelist.passkey, or filelist.accounts).");
                return ExitCodes.Success;
            }

            Console.WriteLine(AccountView.TableHeader);
            foreach (var a in accounts)
                Console.WriteLine(a.ToTableRow());
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The running host's accounts, or (no host) the configured ones as their journals leave them.</summary>
    public static async Task<IReadOnlyList<AccountView>> ReadAsync(HomeLayout home, CancellationToken cancellationToken)
    {
        if (await HostApiClient.HostAccountsAsync(home, cancellationToken) is { } live)
            return live;
        return await OfflineFileListAccount.AccountsAsync(home, home.LoadOptions());
    }
}
