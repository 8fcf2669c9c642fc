using MovieSync.Configuration;
using MovieSync.Host.Home;
using MovieSync.Host.Web;

namespace MovieSync.Host.Cli;

/// <summary>
/// check-config's FileList line. Its search is an authenticated FileList request, so it spends from the account's
/// journaled hourly budget like any other: the running host's account actor makes it (through the API) when `run` runs,
/// else an account actor started here on the journal. A spent budget makes no request and says when the next one is
/// allowed; that check has not passed, so it fails the command (exit 1) like any other.
/// </summary>
public static class FileListCheck
{
    public static async Task<(bool Passed, string Line)> RunAsync(HomeLayout home, MovieSyncOptions options, CancellationToken cancellationToken)
    {
        // With filelist.accounts, the first one is checked (as the host's first account actor answers the API's check).
        if (options.FileList.Accounts is [var first, ..])
            options = options with
            {
                FileList = options.FileList with
                {
                    Username = first.Username, Passkey = first.Passkey, RequestsPerHour = first.RequestsPerHour, Accounts = [],
                },
            };
        var fileList = options.FileList;
        if (!fileList.HasCredentials)
            return (false, "FileList: filelist.username / filelist.passkey are not set");
        try
        {
            var (view, byHost) = await StateChange.ApplyAsync(home,
                async api => (await api.CheckFileListAsync(cancellationToken), true),
                async () => (await OfflineFileListAccount.CheckAsync(home, options), false));
            if (view.Username != fileList.Username)
                return (false, $"FileList: the running host uses the account '{view.Username}' and config.json names '{fileList.Username}': " +
                               "another account takes a restart of `run`; nothing was checked");
            return Describe(view, fileList, byHost ? ", checked by the running host" : "");
        }
        catch (Exception e) when (e is OperationFailedException or UsageException)
        {
            return (false, $"FileList credentials of '{fileList.Username}' not checked: {e.Message}");
        }
    }

    private static (bool, string) Describe(FileListCheckView view, FileListOptions fileList, string by)
    {
        var user = $"'{view.Username}'";
        var budget = $"{view.RequestsRemaining} of {view.RequestsPerHour} requests left this hour{by}";
        return view.Result switch
        {
            FileListCheckView.Accepted => (true, $"FileList credentials of {user} accepted at {fileList.BaseUrl} (one search spent: {budget})"),
            FileListCheckView.CredentialsRejected when view.RequestMade =>
                (false, $"FileList rejected the credentials of {user}: {view.Error} (check filelist.username and filelist.passkey; one search spent: {budget})"),
            FileListCheckView.CredentialsRejected =>
                (false, $"FileList rejected the credentials of {user} in the running host's last request, so no request was made now: " +
                        $"{view.Error} (check filelist.username and filelist.passkey)"),
            FileListCheckView.BudgetSpent =>
                (false, $"FileList credentials of {user} not checked: {view.Error} (the check is a FileList request like any other{by})"),
            _ => (false, $"FileList at {fileList.BaseUrl} could not be searched: {view.Error}{(view.RequestMade ? $" (one request spent: {budget})" : "")}"),
        };
    }
}
