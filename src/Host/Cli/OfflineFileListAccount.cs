using Akka.Actor;
using MovieSync.Actors.FileList;
using MovieSync.Actors.Hosting;
using MovieSync.Clients.FileList;
using MovieSync.Configuration;
using MovieSync.Host.Home;
using MovieSync.Host.Journal;
using MovieSync.Host.Web;
using MovieSync.Messages;

namespace MovieSync.Host.Cli;

/// <summary>
/// The FileList account's actor, started by `check-config` while no host runs (the caller holds run.lock) on the home's
/// journal: its check spends from the same journaled budget `run` recovers, exactly as the host would record it.
/// </summary>
public static class OfflineFileListAccount
{
    /// <summary>check-config's timeout for FileList's answer (the host's client allows 30 s).</summary>
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(20);

    /// <summary>Recovery of the account's journal, the journal write, then the request.</summary>
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(40);

    /// <summary>
    /// The configured accounts as their journals leave them, while no host runs: requests left this hour from the
    /// recovered budget (a spent one is <c>rate_limited</c>); no request is made, so rejected credentials cannot show,
    /// and searches and downloads are 0 (they count what a running host did).
    /// </summary>
    public static async Task<IReadOnlyList<AccountView>> AccountsAsync(HomeLayout home, MovieSyncOptions options)
    {
        var accounts = SettingsFromOptions.FileListAccounts(options);
        if (accounts.Count == 0)
            return [];
        if (!home.HasJournal)
            return accounts.Select(a => new AccountView(a.Account.Username, "local", AccountView.Ok, a.RequestsPerHour, a.RequestsPerHour, 0, 0)).ToList();
        var system = ActorSystem.Create("moviesync-command", MovieSyncConfig.ForCommand(home.Journal));
        try
        {
            using var http = new HttpClient();
            var views = new List<AccountView>();
            for (var i = 0; i < accounts.Count; i++)
            {
                var settings = accounts[i];
                var account = system.ActorOf(FileListAccountActor.Props(settings, credentials => new FileListClient(http, credentials, RequestTimeout)),
                    $"{FileListAccountActor.Name}-{i + 1}");
                var status = await account.Ask<FileListQueries.FileListAccountStatus>(FileListQueries.GetFileListAccountStatus.Instance, AskTimeout);
                views.Add(new AccountView(status.Username, "local",
                    status.Health == FileListAccountHealth.BudgetSpent ? AccountView.RateLimited : AccountView.Ok,
                    status.RequestsRemaining, status.RequestsPerHour, 0, 0));
            }

            return views;
        }
        catch (AskTimeoutException)
        {
            throw new OperationFailedException($"the FileList accounts' journals did not answer within {AskTimeout.TotalSeconds:0} s");
        }
        finally
        {
            await system.Terminate();
        }
    }

    public static async Task<FileListCheckView> CheckAsync(HomeLayout home, MovieSyncOptions options)
    {
        var settings = SettingsFromOptions.FileListAccounts(options).FirstOrDefault()
                       ?? throw new OperationFailedException("filelist.username / filelist.passkey are not set");
        var journal = home.JournalOf(options.Journal);
        if (journal.IsSqlite)
            HomeFolder.RestrictToOwner(home.JournalFile); // a first command in a new home creates the journal, as `run` would
        using var http = new HttpClient();
        var system = ActorSystem.Create("moviesync-command", MovieSyncConfig.ForCommand(journal));
        try
        {
            var account = system.ActorOf(FileListAccountActor.Props(settings,
                credentials => new FileListClient(http, credentials, RequestTimeout)), FileListAccountActor.Name);
            var check = await JournalWatchedAsk.AskAsync<FileListCommands.FileListAccountChecked>(system, account,
                FileListCommands.CheckFileListAccount.Instance, AskTimeout, "no FileList request was made");
            return FileListCheckView.Of(check);
        }
        catch (AskTimeoutException)
        {
            throw new OperationFailedException($"the FileList account's journal and FileList did not answer within {AskTimeout.TotalSeconds:0} s");
        }
        finally
        {
            await system.Terminate();
        }
    }
}
