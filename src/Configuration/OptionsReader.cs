using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace MovieSync.Configuration;

/// <summary>Turns the merged configuration into <see cref="MovieSyncOptions"/>, collecting every problem on the way.</summary>
internal sealed class OptionsReader(IConfigurationRoot root, EnvironmentOverrides overrides, List<string> problems)
{
    public MovieSyncOptions? Read()
    {
        CheckKeys();
        var cluster = Cluster();
        // A node that only serves FileList accounts has no watchlist and no downloads of its own.
        var coordinator = cluster is null || cluster.IsCoordinator;
        var options = new MovieSyncOptions
        {
            Username = !coordinator ? Checked("username") ?? ""
                : Required("username", "the Letterboxd user whose watchlist is followed") is { Length: > 0 } ? Checked("username") ?? "" : "",
            DownloadDirectory = coordinator ? Required("download_directory", "where finished movies live") : Text("download_directory") ?? "",
            CheckInterval = Seconds("check_interval", 3600),
            RetryInterval = Seconds("retry_interval", 3600),
            MaxRetries = Number("max_retries", 5),
            BackoffMultiplier = Decimal("backoff_multiplier", 2.0),
            MaxRetryDelay = Seconds("max_retry_delay", 86400),
            Letterboxd = new LetterboxdOptions
            {
                BaseUrl = Url("letterboxd:base_url", "https://letterboxd.com"),
                FullSyncInterval = Seconds("letterboxd:full_sync_interval", 86400),
                Source = Checked("letterboxd:source")?.ToLowerInvariant() == "export" ? WatchlistSource.Export : WatchlistSource.Scrape,
                ExportPath = Text("letterboxd:export_path"),
                OnRemoved = Checked("letterboxd:on_removed")?.ToLowerInvariant() switch
                {
                    "keep" => OnRemoved.Keep,
                    "remove_torrent" => OnRemoved.RemoveTorrent,
                    "remove_files" => OnRemoved.RemoveFiles,
                    _ => OnRemoved.Forget,
                },
                RemovalGrace = Seconds("letterboxd:removal_grace", 604_800),
            },
            FileList = new FileListOptions
            {
                BaseUrl = Url("filelist:base_url", "https://filelist.io"),
                Username = Text("filelist:username"),
                Passkey = Text("filelist:passkey"),
                Categories = List("filelist:categories", [4, 6, 19, 20, 26], s => int.Parse(s, CultureInfo.InvariantCulture)),
                MinSeeders = Number("filelist:min_seeders", 1),
                Resolutions = List("filelist:resolutions", ["1080p", "2160p", "720p"], s => s),
                MaxSizeGb = Decimal("filelist:max_size_gb", 60),
                PreferFreeleech = Flag("filelist:prefer_freeleech", true),
                RequestsPerHour = Number("filelist:requests_per_hour", 150),
                Accounts = Accounts(),
            },
            QBittorrent = new QBittorrentOptions
            {
                Url = Url("qbittorrent:url", "http://127.0.0.1:8080"),
                Username = Text("qbittorrent:username") ?? "admin",
                Password = Text("qbittorrent:password"),
                Category = Text("qbittorrent:category") ?? "movies",
                SavePath = Text("qbittorrent:save_path"),
                Tags = List("qbittorrent:tags", ["moviesync"], s => s),
                Paused = Flag("qbittorrent:paused", false),
                StalledAfter = Seconds("qbittorrent:stalled_after", 172_800),
                MaxDownloadKbps = Checked("qbittorrent:max_download_kbps") is { } kbps ? int.Parse(kbps, CultureInfo.InvariantCulture) : null,
            },
            Schedule = new ScheduleOptions
            {
                DownloadWindow = Checked("schedule:download_window") is { } window ? DownloadWindow.TryParse(window, out _) : null,
            },
            Disk = new DiskOptions
            {
                MinFreeGb = Decimal("disk:min_free_gb", 10),
                BudgetGb = Checked("disk:budget_gb") is { } budget ? double.Parse(budget, CultureInfo.InvariantCulture) : null,
            },
            Dashboard = new DashboardOptions
            {
                Listen = Checked("dashboard:listen") ?? "127.0.0.1:5055",
                Token = Text("dashboard:token"),
                Certificate = Text("dashboard:certificate"),
                CertificatePassword = Text("dashboard:certificate_password"),
            },
            Journal = Journal(),
            Cluster = cluster,
            Notifications = NotificationsReader.Read(root, problems),
            Logging = new LoggingOptions
            {
                Format = Checked("logging:format")?.ToLowerInvariant() == "json" ? LogFormat.Json : LogFormat.Text,
            },
        };
        CheckCombinations(options);
        return problems.Count == 0 ? options : null;
    }

    /// <summary>
    /// Only the <c>journal</c> section, for the commands that read the journal and need nothing else of the config
    /// (`status`, `list`, ...): a home whose config is incomplete can still be looked at. Null when it has a problem.
    /// </summary>
    public JournalSettings? ReadJournal()
    {
        CheckKeys(key => key.StartsWith("journal", StringComparison.OrdinalIgnoreCase));
        var journal = Journal();
        return problems.Count == 0 ? journal : null;
    }

    private JournalSettings Journal()
    {
        var provider = Checked("journal:provider")?.ToLowerInvariant() == "postgresql" ? JournalProvider.PostgreSql : JournalProvider.Sqlite;
        var connectionString = Text("journal:connection_string");
        var name = Name("journal:connection_string");
        if (provider == JournalProvider.PostgreSql)
        {
            if (connectionString is null)
                problems.Add($"{name}: required when journal.provider is \"postgresql\": a PostgreSQL connection string such as {PostgreSqlConnection.Example}");
            else if (PostgreSqlConnection.Problem(connectionString) is { } problem)
                problems.Add($"{name}: {problem}");
        }
        else if (connectionString is not null)
        {
            problems.Add($"{name}: set, but journal.provider is \"sqlite\" (the journal is moviesync.db in the home folder); " +
                         "set journal.provider to \"postgresql\" to use the connection string");
        }

        return new JournalSettings { Provider = provider, ConnectionString = provider == JournalProvider.PostgreSql ? connectionString : null };
    }

    /// <summary>The <c>cluster</c> section, or null when config.json has none (one process, no remoting).</summary>
    private ClusterOptions? Cluster()
    {
        if (!root.GetSection("cluster").GetChildren().Any())
            return null;
        var defaults = new ClusterOptions();
        var listen = Checked("cluster:listen") ?? defaults.Listen;
        var (listenHost, listenPort) = ListenAddress.Parse(listen) ?? ("127.0.0.1", 4053);
        var publicHostname = Text("cluster:public_hostname");
        if (publicHostname is not null && ListenAddress.ParseRemote($"{publicHostname}:1") is null)
            problems.Add($"{Name("cluster:public_hostname")}: {Quote(publicHostname)} is not a host name or IP address");
        var anyAddress = listenHost is "0.0.0.0" or "*" or "::";
        if (anyAddress && publicHostname is null)
            problems.Add($"{Name("cluster:public_hostname")}: required when cluster.listen is {listen}: the name or IP address the " +
                         "other nodes reach this one at (as their seed_nodes name it)");
        var seeds = List("cluster:seed_nodes", [$"{publicHostname ?? listenHost}:{listenPort}"], s => s);
        foreach (var seed in seeds.Where(s => ListenAddress.ParseRemote(s) is null))
            problems.Add($"{Name("cluster:seed_nodes")}: {Quote(seed)} is not host:port with a port from 1, such as 192.168.1.10:4053 " +
                         "or coordinator.lan:4053");
        if (seeds.Count == 0)
            problems.Add($"{Name("cluster:seed_nodes")}: needs at least one host:port, the coordinator's cluster.listen first");
        var roles = List("cluster:roles", defaults.Roles, s => s.ToLowerInvariant());
        foreach (var role in roles.Where(r => !ClusterOptions.KnownRoles.Contains(r)))
            problems.Add($"{Name("cluster:roles")}: unknown role {Quote(role)} (accepted: {string.Join(", ", ClusterOptions.KnownRoles)})");
        if (roles.Count == 0)
            problems.Add($"{Name("cluster:roles")}: needs at least one role: {string.Join(", ", ClusterOptions.KnownRoles)}");
        var certificate = Text("cluster:tls:certificate");
        var password = Text("cluster:tls:password");
        if (ListenAddress.Parse(listen) is var (host, _) && !ListenAddress.IsLoopback(host) && certificate is null)
            problems.Add($"{Name("cluster:tls:certificate")}: required because cluster.listen {listen} is reachable from other machines: " +
                         "nodes exchange FileList searches and .torrent files, so they must authenticate each other (mutual TLS); " +
                         "give every node the same PKCS#12 (.pfx) file (the README shows how to make one), or listen on 127.0.0.1");
        if (certificate is not null)
        {
            try
            {
                CertificateFile.Open(certificate, password, "cluster.tls.certificate", "cluster.tls.password").Dispose();
            }
            catch (ConfigurationException e)
            {
                problems.AddRange(e.Problems);
            }
        }
        else if (password is not null)
            problems.Add($"{Name("cluster:tls:password")}: set, but cluster.tls.certificate (the .pfx file it opens) is not");

        return new ClusterOptions
        {
            Listen = listen,
            PublicHostname = publicHostname,
            SeedNodes = seeds,
            Roles = roles.Distinct().ToList(),
            TlsCertificate = certificate,
            TlsPassword = password,
        };
    }

    private void CheckKeys(Func<string, bool>? only = null)
    {
        foreach (var (key, value) in root.AsEnumerable().Where(k => only is null || only(k.Key)).OrderBy(k => k.Key, StringComparer.Ordinal))
        {
            var parent = key.LastIndexOf(':') is var cut and > 0 ? key[..cut] : "";
            var hasChildren = root.GetSection(key).GetChildren().Any();
            if (key.Split(':')[0].Equals(NotificationsReader.Section, StringComparison.OrdinalIgnoreCase))
                continue; // NotificationsReader checks each channel's keys against its type
            if (ConfigSchema.Sections.Contains(key, StringComparer.OrdinalIgnoreCase))
            {
                // "journal" given as one string is likely its connection string, password and all: not echoed.
                if (!hasChildren && !string.IsNullOrEmpty(value))
                    problems.Add($"{key}: expected an object with its own keys, got " +
                                 (key.Equals("journal", StringComparison.OrdinalIgnoreCase) ? "a string" : Quote(value)));
            }
            else if (key.StartsWith(AccountsKey, StringComparison.OrdinalIgnoreCase))
                CheckAccountKey(key, value, hasChildren);
            else if (ConfigSchema.Keys.TryGetValue(key, out var kind))
            {
                if (hasChildren && !ConfigSchema.IsList(kind))
                    problems.Add($"{Name(key)}: expected {ConfigSchema.Accepted(kind)}, got an object or a list");
            }
            else if (ConfigSchema.Keys.TryGetValue(parent, out var parentKind) && ConfigSchema.IsList(parentKind))
            {
                if (hasChildren)
                    problems.Add($"{Name(parent)}: expected {ConfigSchema.Accepted(parentKind)}, got a nested object or list");
            }
            else if (parent.Length == 0 || ConfigSchema.Sections.Contains(parent, StringComparer.OrdinalIgnoreCase))
            {
                var hint = ConfigSchema.Suggest(key) is { } near ? $" (did you mean {near}?)" : "";
                problems.Add($"{Name(key)}: unknown key{hint}");
            }
        }
    }

    private const string AccountsKey = "filelist:accounts";

    /// <summary>The keys of one <c>filelist.accounts</c> entry, with what they accept.</summary>
    private static readonly IReadOnlyDictionary<string, KeyKind> AccountKeys = new Dictionary<string, KeyKind>(StringComparer.OrdinalIgnoreCase)
    {
        ["username"] = KeyKind.Text,
        ["passkey"] = KeyKind.Text,
        ["requests_per_hour"] = KeyKind.PositiveCount,
    };

    /// <summary><c>filelist.accounts</c> is a list of objects: <c>filelist:accounts:N:key</c>.</summary>
    private void CheckAccountKey(string key, string? value, bool hasChildren)
    {
        var parts = key.Split(':');
        if (parts.Length == 2)
        {
            if (!hasChildren && !string.IsNullOrEmpty(value))
                problems.Add($"filelist.accounts: expected a list of {{ \"username\", \"passkey\", \"requests_per_hour\" }} objects, got {Quote(value)}");
            return;
        }

        if (!int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            problems.Add($"filelist.accounts: expected a list, got an object with key {Quote(parts[2])}");
            return;
        }

        if (parts.Length == 3)
        {
            if (!hasChildren)
                problems.Add($"filelist.accounts[{parts[2]}]: expected an object with username, passkey and requests_per_hour");
            return;
        }

        if (parts.Length > 4 || !AccountKeys.ContainsKey(parts[3]))
            problems.Add($"filelist.accounts[{parts[2]}].{string.Join('.', parts[3..])}: unknown key (accepted: username, passkey, requests_per_hour)");
        else if (hasChildren)
            problems.Add($"filelist.accounts[{parts[2]}].{parts[3]}: expected {ConfigSchema.Accepted(AccountKeys[parts[3]])}, got an object or a list");
    }

    private IReadOnlyList<FileListAccountOptions> Accounts()
    {
        var entries = root.GetSection(AccountsKey).GetChildren()
            .Where(c => int.TryParse(c.Key, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            .OrderBy(c => int.Parse(c.Key, CultureInfo.InvariantCulture)).ToList();
        var accounts = new List<FileListAccountOptions>();
        foreach (var entry in entries)
        {
            var at = $"filelist.accounts[{entry.Key}]";
            var username = entry["username"];
            var passkey = entry["passkey"];
            var perHour = 150;
            if (string.IsNullOrWhiteSpace(username))
                problems.Add($"{at}.username: required, the FileList account's username");
            // A secret: its length is named, never the value.
            if (string.IsNullOrEmpty(passkey))
                problems.Add($"{at}.passkey: required, the account's passkey (32 hexadecimal characters)");
            else if (!IsPasskey(passkey))
                problems.Add($"{at}.passkey: expected FileList's passkey, 32 hexadecimal characters (0-9, a-f; see your FileList " +
                             $"profile), got {passkey.Length} characters that are not");
            if (entry["requests_per_hour"] is { Length: > 0 } limit)
            {
                if (ConfigSchema.Check(KeyKind.PositiveCount, limit) is null)
                    perHour = int.Parse(limit, CultureInfo.InvariantCulture);
                else
                    problems.Add($"{at}.requests_per_hour: expected {ConfigSchema.Accepted(KeyKind.PositiveCount)}, got {Quote(limit)}");
            }

            accounts.Add(new FileListAccountOptions { Username = username ?? "", Passkey = passkey ?? "", RequestsPerHour = perHour });
        }

        foreach (var twice in accounts.Where(a => a.Username.Length > 0).GroupBy(a => a.Username, StringComparer.Ordinal).Where(g => g.Count() > 1))
            problems.Add($"filelist.accounts: username {Quote(twice.Key)} is given {twice.Count()} times; usernames are unique");
        return accounts;
    }

    private void CheckCombinations(MovieSyncOptions options)
    {
        if (options.FileList.Accounts.Count > 0)
        {
            foreach (var single in new[] { "filelist:username", "filelist:passkey", "filelist:requests_per_hour" })
                if (root[single] is not null)
                    problems.Add($"{Name(single)}: not allowed together with filelist.accounts (give every account, this one too, in filelist.accounts)");
        }

        if (options.Cluster is { ServesAccounts: false } && options.FileList.AllAccounts.Count > 0)
            problems.Add("filelist.accounts: given, but cluster.roles has no \"filelist-account\", so this node would not serve them; " +
                         "add the role, or keep the accounts on the nodes that serve them");
        if (options.Cluster is { ServesAccounts: true } && options.FileList.AllAccounts.Count == 0)
            problems.Add("filelist.accounts: cluster.roles has \"filelist-account\" but no account is given; add filelist.accounts " +
                         "(or filelist.username and filelist.passkey), or drop the role");

        if (options.Letterboxd.Source == WatchlistSource.Export && string.IsNullOrWhiteSpace(options.Letterboxd.ExportPath))
            problems.Add("letterboxd.export_path: required when letterboxd.source is \"export\" (the export's watchlist.csv or .zip, or a folder you drop exports into)");
        if (options.FileList.Categories.Count == 0)
            problems.Add("filelist.categories: needs at least one category id, such as [4, 6, 19]");
        if (options.FileList.Resolutions.Count == 0)
            problems.Add("filelist.resolutions: needs at least one resolution, such as [\"1080p\"]");
        // A secret: its length is named, never the value.
        if (options.FileList.Passkey is { } passkey && !IsPasskey(passkey))
            problems.Add($"{Name("filelist:passkey")}: expected FileList's passkey, 32 hexadecimal characters (0-9, a-f; see your FileList " +
                         $"profile), got {passkey.Length} characters that are not");
        if (options.IsCoordinator)
            CheckDashboard(options.Dashboard); // an account node serves no dashboard
    }

    private void CheckDashboard(DashboardOptions dashboard)
    {
        var minimum = DashboardOptions.MinimumTokenLength;
        if (ListenAddress.Parse(dashboard.Listen) is var (host, _) && !ListenAddress.IsLoopback(host) && string.IsNullOrEmpty(dashboard.Token))
            problems.Add($"dashboard.listen: {dashboard.Listen} is reachable from other machines; set dashboard.token (at least {minimum} characters), or listen on 127.0.0.1");
        // One rule wherever the dashboard listens: a short token set for loopback would follow the dashboard off it.
        if (dashboard.Token is { } token && token.Length < minimum)
            problems.Add($"{Name("dashboard:token")}: must be at least {minimum} characters; generate one with: openssl rand -hex {minimum / 2}");

        if (dashboard.Certificate is { } certificate)
        {
            try
            {
                CertificateFile.Open(certificate, dashboard.CertificatePassword).Dispose();
            }
            catch (ConfigurationException e)
            {
                problems.AddRange(e.Problems);
            }
        }
        else if (dashboard.CertificatePassword is not null)
            problems.Add($"{Name("dashboard:certificate_password")}: set, but dashboard.certificate (the .pfx file it opens) is not");
    }

    private static bool IsPasskey(string value) => value.Length == 32 && value.All(char.IsAsciiHexDigit);

    private string? Text(string key) => root[key] is { Length: > 0 } value ? value : null;

    private string Required(string key, string meaning)
    {
        if (Text(key) is { } value && value.Trim().Length > 0)
            return value;
        problems.Add($"{Name(key)}: required, {meaning}");
        return "";
    }

    /// <summary>The raw value when present and acceptable for its key; records a problem otherwise.</summary>
    private string? Checked(string key)
    {
        if (Text(key) is not { } value || root.GetSection(key).GetChildren().Any())
            return null;
        var kind = ConfigSchema.Keys[key];
        if (ConfigSchema.Check(kind, value) is not { } problem)
            return value;
        problems.Add($"{Name(key)}: {(problem.Length > 0 ? problem : "expected " + ConfigSchema.Accepted(kind))}, got {Quote(value)}");
        return null;
    }

    /// <summary>A duration in seconds; more than ten years is refused rather than overflowing a TimeSpan or a date.</summary>
    private TimeSpan Seconds(string key, long fallback)
    {
        if (Checked(key) is not { } v)
            return TimeSpan.FromSeconds(fallback);
        var seconds = long.Parse(v, CultureInfo.InvariantCulture);
        if (seconds <= ConfigSchema.MaxSeconds)
            return TimeSpan.FromSeconds(seconds);
        problems.Add($"{Name(key)}: {seconds} seconds is more than 10 years ({ConfigSchema.MaxSeconds}), the longest MovieSync accepts");
        return TimeSpan.FromSeconds(fallback);
    }

    private int Number(string key, int fallback) => Checked(key) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

    private double Decimal(string key, double fallback) =>
        Checked(key) is { } v ? double.Parse(v, CultureInfo.InvariantCulture) : fallback;

    private bool Flag(string key, bool fallback) => Checked(key) is { } v ? bool.Parse(v) : fallback;

    private Uri Url(string key, string fallback) => new(Checked(key) ?? fallback);

    private IReadOnlyList<T> List<T>(string key, IReadOnlyList<T> fallback, Func<string, T> parse)
    {
        var kind = ConfigSchema.Keys[key];
        IReadOnlyList<string> items;
        if (overrides.Lists.TryGetValue(key, out var fromEnvironment))
            items = fromEnvironment;
        else if (root.GetSection(key).GetChildren().ToList() is { Count: > 0 } children)
            items = children.OrderBy(c => int.TryParse(c.Key, out var i) ? i : int.MaxValue).Select(c => c.Value ?? "").ToList();
        else if (root[key] is { Length: > 0 } scalar)
        {
            problems.Add($"{Name(key)}: expected {ConfigSchema.Accepted(kind)}, got {Quote(scalar)}");
            return fallback;
        }
        else if (root.AsEnumerable().Any(k => k.Key.Equals(key, StringComparison.OrdinalIgnoreCase)))
            return [];
        else
            return fallback;

        var bad = kind == KeyKind.NumberList ? items.Where(i => !int.TryParse(i, NumberStyles.Integer, CultureInfo.InvariantCulture, out _)).ToList() : [];
        if (bad.Count > 0)
        {
            problems.Add($"{Name(key)}: expected {ConfigSchema.Accepted(kind)}, got {string.Join(", ", bad.Select(Quote))}");
            return fallback;
        }

        return items.Select(parse).ToList();
    }

    private string Name(string key) =>
        overrides.SourceOf(key) is { } variable ? $"{variable} ({key.Replace(':', '.')})" : key.Replace(':', '.');

    private static string Quote(string value) => "\"" + (value.Length > 60 ? value[..60] + "…" : value) + "\"";
}
