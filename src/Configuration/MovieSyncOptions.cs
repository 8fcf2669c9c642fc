namespace MovieSync.Configuration;

/// <summary>Everything config.json (and its MOVIESYNC_* overrides) says, validated; defaults per CONTRACT.md.</summary>
public sealed record MovieSyncOptions
{
    public required string Username { get; init; }
    public TimeSpan CheckInterval { get; init; } = TimeSpan.FromHours(1);
    public required string DownloadDirectory { get; init; }
    public TimeSpan RetryInterval { get; init; } = TimeSpan.FromHours(1);
    public int MaxRetries { get; init; } = 5;
    public double BackoffMultiplier { get; init; } = 2.0;
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromHours(24);
    public LetterboxdOptions Letterboxd { get; init; } = new();
    public FileListOptions FileList { get; init; } = new();
    public QBittorrentOptions QBittorrent { get; init; } = new();
    public DashboardOptions Dashboard { get; init; } = new();
    public ScheduleOptions Schedule { get; init; } = new();
    public DiskOptions Disk { get; init; } = new();
    public JournalSettings Journal { get; init; } = JournalSettings.Sqlite;
    public LoggingOptions Logging { get; init; } = new();

    /// <summary><c>notifications</c>: the channels told about grabs, completions, permanent failures and what needs attention.</summary>
    public IReadOnlyList<NotificationChannelOptions> Notifications { get; init; } = [];

    /// <summary>The <c>cluster</c> section; null: one process, no remoting.</summary>
    public ClusterOptions? Cluster { get; init; }

    /// <summary>True when this node runs the watchlist, the movies, qBittorrent and the dashboard (always, without a cluster).</summary>
    public bool IsCoordinator => Cluster is null || Cluster.IsCoordinator;
}

/// <summary>
/// The <c>cluster</c> section: where this node listens for the others, how it finds them, what it does there, and the
/// certificate every node presents (mutual TLS).
/// </summary>
public sealed record ClusterOptions
{
    public const string CoordinatorRole = "coordinator";
    public const string AccountRole = "filelist-account";
    public static readonly IReadOnlyList<string> KnownRoles = [CoordinatorRole, AccountRole];

    public string Listen { get; init; } = "127.0.0.1:4053";
    public string? PublicHostname { get; init; }
    public IReadOnlyList<string> SeedNodes { get; init; } = ["127.0.0.1:4053"];
    public IReadOnlyList<string> Roles { get; init; } = [CoordinatorRole, AccountRole];

    /// <summary><c>cluster.tls.certificate</c>: a PKCS#12 (.pfx) file; every node presents it and accepts only peers presenting it.</summary>
    public string? TlsCertificate { get; init; }

    public string? TlsPassword { get; init; }

    public bool IsCoordinator => Roles.Contains(CoordinatorRole);

    public bool ServesAccounts => Roles.Contains(AccountRole);

    public override string ToString() =>
        $"ClusterOptions {{ Listen = {Listen}, SeedNodes = [{string.Join(", ", SeedNodes)}], Roles = [{string.Join(", ", Roles)}], " +
        $"TlsCertificate = {TlsCertificate ?? "(not set)"}, TlsPassword = {SecretMasking.Mask(TlsPassword)} }}";
}

/// <summary>Where the watchlist is read from.</summary>
public enum WatchlistSource
{
    Scrape,
    Export,
}

/// <summary>The <c>letterboxd</c> section.</summary>
public sealed record LetterboxdOptions
{
    public Uri BaseUrl { get; init; } = new("https://letterboxd.com");
    public TimeSpan FullSyncInterval { get; init; } = TimeSpan.FromDays(1);
    public WatchlistSource Source { get; init; } = WatchlistSource.Scrape;

    /// <summary><c>export_path</c>: the export's watchlist.csv or .zip, or a folder where the newest export is read.</summary>
    public string? ExportPath { get; init; }

    /// <summary><c>on_removed</c>: what happens to a movie that leaves the watchlist.</summary>
    public OnRemoved OnRemoved { get; init; } = OnRemoved.Forget;

    /// <summary><c>removal_grace</c>: how long a film must have been gone (and missed by two complete reads) before that.</summary>
    public TimeSpan RemovalGrace { get; init; } = TimeSpan.FromDays(7);
}

/// <summary><c>letterboxd.on_removed</c>.</summary>
public enum OnRemoved
{
    Keep,
    Forget,
    RemoveTorrent,
    RemoveFiles,
}

/// <summary>The <c>filelist</c> section: API account, what counts as a movie, how a torrent is chosen, the request budget.</summary>
public sealed record FileListOptions
{
    public Uri BaseUrl { get; init; } = new("https://filelist.io");
    public string? Username { get; init; }
    public string? Passkey { get; init; }
    public IReadOnlyList<int> Categories { get; init; } = [4, 6, 19, 20, 26];
    public int MinSeeders { get; init; } = 1;
    public IReadOnlyList<string> Resolutions { get; init; } = ["1080p", "2160p", "720p"];
    public double MaxSizeGb { get; init; } = 60;
    public bool PreferFreeleech { get; init; } = true;
    public int RequestsPerHour { get; init; } = 150;

    /// <summary><c>filelist.accounts</c>: several accounts (then <c>username</c>/<c>passkey</c>/<c>requests_per_hour</c> are not allowed).</summary>
    public IReadOnlyList<FileListAccountOptions> Accounts { get; init; } = [];

    public bool HasCredentials => !string.IsNullOrEmpty(Username) && !string.IsNullOrEmpty(Passkey);

    /// <summary>Every account this node serves: <see cref="Accounts"/>, or the one given by username/passkey.</summary>
    public IReadOnlyList<FileListAccountOptions> AllAccounts =>
        Accounts.Count > 0 ? Accounts
        : HasCredentials ? [new FileListAccountOptions { Username = Username!, Passkey = Passkey!, RequestsPerHour = RequestsPerHour }]
        : [];

    public override string ToString() =>
        $"FileListOptions {{ BaseUrl = {BaseUrl}, Username = {Username}, Passkey = {SecretMasking.Mask(Passkey)} }}";
}

/// <summary>One entry of <c>filelist.accounts</c>.</summary>
public sealed record FileListAccountOptions
{
    public string Username { get; init; } = "";
    public string Passkey { get; init; } = "";
    public int RequestsPerHour { get; init; } = 150;

    public override string ToString() =>
        $"FileListAccountOptions {{ Username = {Username}, Passkey = {SecretMasking.Mask(Passkey)}, RequestsPerHour = {RequestsPerHour} }}";
}

/// <summary>The <c>qbittorrent</c> section.</summary>
public sealed record QBittorrentOptions
{
    public Uri Url { get; init; } = new("http://127.0.0.1:8080");
    public string Username { get; init; } = "admin";
    public string? Password { get; init; }
    public string Category { get; init; } = "movies";
    public string? SavePath { get; init; }
    public IReadOnlyList<string> Tags { get; init; } = ["moviesync"];
    public bool Paused { get; init; }

    /// <summary>
    /// <c>max_download_kbps</c>: each MovieSync torrent's download limit in KiB/s, set on add and on MovieSync's torrents at
    /// start; 0 lifts their limits; null leaves limits alone.
    /// </summary>
    public int? MaxDownloadKbps { get; init; }

    /// <summary>A torrent with no progress for this long is a failed attempt; zero: never (<c>qbittorrent.stalled_after</c>).</summary>
    public TimeSpan StalledAfter { get; init; } = TimeSpan.FromHours(48);

    public override string ToString() =>
        $"QBittorrentOptions {{ Url = {Url}, Username = {Username}, Password = {SecretMasking.Mask(Password)} }}";
}

/// <summary>The <c>schedule</c> section.</summary>
public sealed record ScheduleOptions
{
    /// <summary><c>download_window</c>: outside it MovieSync's torrents are paused; null: they download at any time.</summary>
    public DownloadWindow? DownloadWindow { get; init; }
}

/// <summary>The <c>disk</c> section: when no torrent is added for want of room.</summary>
public sealed record DiskOptions
{
    /// <summary><c>min_free_gb</c>: no torrent is added while the save path's file system has less free; 0: no check.</summary>
    public double MinFreeGb { get; init; } = 10;

    /// <summary><c>budget_gb</c>: the most MovieSync's unfinished torrents may hold together; null: no budget.</summary>
    public double? BudgetGb { get; init; }

    /// <summary>
    /// How soon a film held back by disk space looks again. Not a key of config.json: `run --disk-recheck-seconds`
    /// (hidden) shortens it for tests.
    /// </summary>
    public TimeSpan Recheck { get; init; } = TimeSpan.FromMinutes(5);

    public static long Bytes(double gigabytes) => (long)(gigabytes * (1L << 30));
}

/// <summary>The <c>dashboard</c> section.</summary>
public sealed record DashboardOptions
{
    /// <summary>The shortest <c>dashboard.token</c> accepted: 32 random characters cannot be guessed over the network.</summary>
    public const int MinimumTokenLength = 32;

    public string Listen { get; init; } = "127.0.0.1:5055";
    public string? Token { get; init; }

    /// <summary>A PKCS#12 (.pfx) file: when set, the dashboard serves HTTPS only.</summary>
    public string? Certificate { get; init; }

    public string? CertificatePassword { get; init; }

    public bool ServesHttps => Certificate is not null;

    public override string ToString() =>
        $"DashboardOptions {{ Listen = {Listen}, Token = {SecretMasking.Mask(Token)}, Certificate = {Certificate ?? "(not set)"}, " +
        $"CertificatePassword = {SecretMasking.Mask(CertificatePassword)} }}";
}

/// <summary>How `run` writes its log.</summary>
public enum LogFormat
{
    /// <summary>One readable line per entry, as a person reads it.</summary>
    Text,

    /// <summary>One JSON object per line, for log shippers.</summary>
    Json,
}

/// <summary>The <c>logging</c> section.</summary>
public sealed record LoggingOptions
{
    /// <summary><c>format</c>: "text" (default) or "json".</summary>
    public LogFormat Format { get; init; } = LogFormat.Text;
}
