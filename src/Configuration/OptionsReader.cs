using Microsoft.Extensions.Configuration;

namespace MovieSync.Configuration;

/// <summary>
/// Turns the merged configuration into <see cref="MovieSyncOptions"/>, collecting every problem on the way: it checks
/// every key is known, has each section read by its reader (<see cref="LetterboxdReader"/>, <see cref="FileListReader"/>,
/// <see cref="DownloadsReader"/>, <see cref="HostReader"/>, <see cref="ClusterReader"/>, <see cref="NotificationsReader"/>)
/// through <see cref="ConfigValues"/>, then checks the rules that span sections.
/// </summary>
internal sealed class OptionsReader(IConfigurationRoot root, EnvironmentOverrides overrides, List<string> problems)
{
    private readonly ConfigValues values = new(root, overrides, problems);

    public MovieSyncOptions? Read()
    {
        CheckKeys();
        var cluster = ClusterReader.Read(values);
        // A node that only serves FileList accounts has no watchlist and no downloads of its own.
        var coordinator = cluster is null || cluster.IsCoordinator;
        var options = new MovieSyncOptions
        {
            Username = !coordinator ? values.Checked("username") ?? ""
                : values.Required("username", "the Letterboxd user whose watchlist is followed") is { Length: > 0 } ? values.Checked("username") ?? "" : "",
            DownloadDirectory = coordinator ? values.Required("download_directory", "where finished movies live") : values.Text("download_directory") ?? "",
            CheckInterval = values.Seconds("check_interval", 3600),
            RetryInterval = values.Seconds("retry_interval", 3600),
            MaxRetries = values.Number("max_retries", 5),
            BackoffMultiplier = values.Decimal("backoff_multiplier", 2.0),
            MaxRetryDelay = values.Seconds("max_retry_delay", 86400),
            Letterboxd = LetterboxdReader.Read(values),
            FileList = FileListReader.Read(values),
            QBittorrent = DownloadsReader.QBittorrent(values),
            Schedule = DownloadsReader.Schedule(values),
            Disk = DownloadsReader.Disk(values),
            Dashboard = HostReader.Dashboard(values),
            Journal = HostReader.Journal(values),
            Cluster = cluster,
            Notifications = NotificationsReader.Read(values.Root, values.Problems),
            Logging = HostReader.Logging(values),
        };
        CheckCombinations(options);
        return values.Problems.Count == 0 ? options : null;
    }

    /// <summary>
    /// Only the <c>journal</c> section, for the commands that read the journal and need nothing else of the config
    /// (`status`, `list`, ...): a home whose config is incomplete can still be looked at. Null when it has a problem.
    /// </summary>
    public JournalSettings? ReadJournal()
    {
        CheckKeys(key => key.StartsWith("journal", StringComparison.OrdinalIgnoreCase));
        var journal = HostReader.Journal(values);
        return values.Problems.Count == 0 ? journal : null;
    }

    private void CheckKeys(Func<string, bool>? only = null)
    {
        foreach (var (key, value) in values.Root.AsEnumerable().Where(k => only is null || only(k.Key)).OrderBy(k => k.Key, StringComparer.Ordinal))
        {
            var parent = key.LastIndexOf(':') is var cut and > 0 ? key[..cut] : "";
            var hasChildren = values.Root.GetSection(key).GetChildren().Any();
            if (key.Split(':')[0].Equals(NotificationsReader.Section, StringComparison.OrdinalIgnoreCase))
                continue; // NotificationsReader checks each channel's keys against its type
            if (ConfigSchema.Sections.Contains(key, StringComparer.OrdinalIgnoreCase))
            {
                // "journal" given as one string is likely its connection string, password and all: not echoed.
                if (!hasChildren && !string.IsNullOrEmpty(value))
                    values.Problems.Add($"{key}: expected an object with its own keys, got " +
                                 (key.Equals("journal", StringComparison.OrdinalIgnoreCase) ? "a string" : ConfigValues.Quote(value)));
            }
            else if (key.StartsWith(FileListReader.AccountsKey, StringComparison.OrdinalIgnoreCase))
                FileListReader.CheckAccountKey(values, key, value, hasChildren);
            else if (ConfigSchema.Keys.TryGetValue(key, out var kind))
            {
                if (hasChildren && !ConfigSchema.IsList(kind))
                    values.Problems.Add($"{values.Name(key)}: expected {ConfigSchema.Accepted(kind)}, got an object or a list");
            }
            else if (ConfigSchema.Keys.TryGetValue(parent, out var parentKind) && ConfigSchema.IsList(parentKind))
            {
                if (hasChildren)
                    values.Problems.Add($"{values.Name(parent)}: expected {ConfigSchema.Accepted(parentKind)}, got a nested object or list");
            }
            else if (parent.Length == 0 || ConfigSchema.Sections.Contains(parent, StringComparer.OrdinalIgnoreCase))
            {
                var hint = ConfigSchema.Suggest(key) is { } near ? $" (did you mean {near}?)" : "";
                values.Problems.Add($"{values.Name(key)}: unknown key{hint}");
            }
        }
    }

    private void CheckCombinations(MovieSyncOptions options)
    {
        if (options.FileList.Accounts.Count > 0)
        {
            foreach (var single in new[] { "filelist:username", "filelist:passkey", "filelist:requests_per_hour" })
                if (values.Root[single] is not null)
                    values.Problems.Add($"{values.Name(single)}: not allowed together with filelist.accounts (give every account, this one too, in filelist.accounts)");
        }

        if (options.Cluster is { ServesAccounts: false } && options.FileList.AllAccounts.Count > 0)
            values.Problems.Add("filelist.accounts: given, but cluster.roles has no \"filelist-account\", so this node would not serve them; " +
                         "add the role, or keep the accounts on the nodes that serve them");
        if (options.Cluster is { ServesAccounts: true } && options.FileList.AllAccounts.Count == 0)
            values.Problems.Add("filelist.accounts: cluster.roles has \"filelist-account\" but no account is given; add filelist.accounts " +
                         "(or filelist.username and filelist.passkey), or drop the role");

        if (options.Letterboxd.Source == WatchlistSource.Export && string.IsNullOrWhiteSpace(options.Letterboxd.ExportPath))
            values.Problems.Add("letterboxd.export_path: required when letterboxd.source is \"export\" (the export's watchlist.csv or .zip, or a folder you drop exports into)");
        if (options.FileList.Categories.Count == 0)
            values.Problems.Add("filelist.categories: needs at least one category id, such as [4, 6, 19]");
        if (options.FileList.Resolutions.Count == 0)
            values.Problems.Add("filelist.resolutions: needs at least one resolution, such as [\"1080p\"]");
        // A secret: its length is named, never the value.
        if (options.FileList.Passkey is { } passkey && !FileListReader.IsPasskey(passkey))
            values.Problems.Add($"{values.Name("filelist:passkey")}: expected FileList's passkey, 32 hexadecimal characters (0-9, a-f; see your FileList " +
                         $"profile), got {passkey.Length} characters that are not");
        if (options.IsCoordinator)
            HostReader.CheckDashboard(values, options.Dashboard); // an account node serves no dashboard
    }
}
