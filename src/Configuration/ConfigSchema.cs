using System.Globalization;

namespace MovieSync.Configuration;

/// <summary>Every key config.json accepts, with what it accepts; the single source for validation and messages.</summary>
internal static class ConfigSchema
{
    public static readonly string[] Sections = ["letterboxd", "filelist", "qbittorrent", "dashboard", "journal", "cluster", "cluster:tls", "schedule", "disk", "notifications", "logging"];

    /// <summary>The longest duration a key in seconds accepts: ten years, far inside what a TimeSpan or a date can hold.</summary>
    public const long MaxSeconds = 10L * 365 * 24 * 3600;

    public static readonly IReadOnlyDictionary<string, KeyKind> Keys = new Dictionary<string, KeyKind>(StringComparer.OrdinalIgnoreCase)
    {
        ["username"] = KeyKind.LetterboxdUser,
        ["check_interval"] = KeyKind.Seconds,
        ["download_directory"] = KeyKind.Text,
        ["retry_interval"] = KeyKind.Seconds,
        ["max_retries"] = KeyKind.Count,
        ["backoff_multiplier"] = KeyKind.Multiplier,
        ["max_retry_delay"] = KeyKind.Seconds,
        ["letterboxd:base_url"] = KeyKind.Url,
        ["letterboxd:full_sync_interval"] = KeyKind.Seconds,
        ["letterboxd:source"] = KeyKind.Source,
        ["letterboxd:export_path"] = KeyKind.Text,
        ["letterboxd:on_removed"] = KeyKind.OnRemoved,
        ["letterboxd:removal_grace"] = KeyKind.SecondsOrZero,
        ["filelist:base_url"] = KeyKind.Url,
        ["filelist:username"] = KeyKind.Text,
        ["filelist:passkey"] = KeyKind.Text,
        ["filelist:categories"] = KeyKind.NumberList,
        ["filelist:min_seeders"] = KeyKind.Count,
        ["filelist:resolutions"] = KeyKind.TextList,
        ["filelist:max_size_gb"] = KeyKind.Size,
        ["filelist:prefer_freeleech"] = KeyKind.Flag,
        ["filelist:requests_per_hour"] = KeyKind.PositiveCount,
        ["qbittorrent:url"] = KeyKind.Url,
        ["qbittorrent:username"] = KeyKind.Text,
        ["qbittorrent:password"] = KeyKind.Text,
        ["qbittorrent:category"] = KeyKind.Text,
        ["qbittorrent:save_path"] = KeyKind.Text,
        ["qbittorrent:tags"] = KeyKind.TextList,
        ["qbittorrent:paused"] = KeyKind.Flag,
        ["qbittorrent:max_download_kbps"] = KeyKind.KibPerSecond,
        ["schedule:download_window"] = KeyKind.DownloadWindow,
        ["qbittorrent:stalled_after"] = KeyKind.SecondsOrNever,
        ["disk:min_free_gb"] = KeyKind.Gigabytes,
        ["disk:budget_gb"] = KeyKind.Size,
        ["dashboard:listen"] = KeyKind.Listen,
        ["dashboard:token"] = KeyKind.Text,
        ["dashboard:certificate"] = KeyKind.Text,
        ["dashboard:certificate_password"] = KeyKind.Text,
        ["journal:provider"] = KeyKind.JournalProvider,
        ["journal:connection_string"] = KeyKind.Text,
        ["cluster:listen"] = KeyKind.Listen,
        ["cluster:public_hostname"] = KeyKind.Text,
        ["cluster:seed_nodes"] = KeyKind.TextList,
        ["cluster:roles"] = KeyKind.TextList,
        ["cluster:tls:certificate"] = KeyKind.Text,
        ["cluster:tls:password"] = KeyKind.Text,
        ["logging:format"] = KeyKind.LogFormat,
    };

    public static bool IsList(KeyKind kind) => kind is KeyKind.NumberList or KeyKind.TextList;

    /// <summary>The most gigabytes a size key accepts (a billion: an exabyte), far inside what a count of bytes can hold.</summary>
    public const double MaxGigabytes = 1e9;

    /// <summary>The highest <c>qbittorrent.max_download_kbps</c>: qBittorrent keeps a limit in bytes/s as a 32-bit number.</summary>
    public const int MaxKibPerSecond = 2_000_000;

    /// <summary>What a key accepts, in words for an error message.</summary>
    public static string Accepted(KeyKind kind) => kind switch
    {
        KeyKind.Text => "a string",
        KeyKind.LetterboxdUser => "a Letterboxd username (letters, digits and underscores)",
        KeyKind.Seconds => "a whole number of seconds, at least 1",
        KeyKind.SecondsOrNever => "a whole number of seconds, 0 for never",
        KeyKind.SecondsOrZero => "a whole number of seconds, 0 or more",
        KeyKind.Count => "a whole number, 0 or more",
        KeyKind.PositiveCount => "a whole number, at least 1",
        KeyKind.Multiplier => "a number, at least 1.0",
        KeyKind.Size => "a number of gigabytes greater than 0",
        KeyKind.Gigabytes => "a number of gigabytes, 0 or more (0: no check)",
        KeyKind.Flag => "true or false",
        KeyKind.Url => "an absolute http(s) URL such as http://127.0.0.1:8080",
        KeyKind.Source => "\"scrape\" or \"export\"",
        KeyKind.OnRemoved => "\"keep\", \"forget\", \"remove_torrent\" or \"remove_files\"",
        KeyKind.JournalProvider => "\"sqlite\" or \"postgresql\"",
        KeyKind.LogFormat => "\"text\" or \"json\"",
        KeyKind.Listen => "host:port such as 127.0.0.1:5055 (port 0: any free port)",
        KeyKind.NumberList => "a list of whole numbers such as [4, 6, 19]",
        KeyKind.TextList => "a list of strings such as [\"1080p\", \"720p\"]",
        KeyKind.KibPerSecond => $"a whole number of KiB/s from 0 to {MaxKibPerSecond} (0: lift any limit; null: leave limits alone)",
        KeyKind.DownloadWindow => $"\"HH:MM-HH:MM\" in local time such as \"{DownloadWindow.Example}\" (may wrap midnight), or null for any time",
        _ => kind.ToString(),
    };

    /// <summary>Checks one scalar value; null when it is acceptable.</summary>
    public static string? Check(KeyKind kind, string value) => kind switch
    {
        KeyKind.Text => null,
        KeyKind.LetterboxdUser => value.Length > 0 && value.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') ? null : "",
        KeyKind.Seconds => long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) && s >= 1 ? null : "",
        KeyKind.SecondsOrNever or KeyKind.SecondsOrZero =>
            long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= 0 ? null : "",
        KeyKind.Count => int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var c) && c >= 0 ? null : "",
        KeyKind.PositiveCount => int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var p) && p >= 1 ? null : "",
        KeyKind.Multiplier => double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var m) && m >= 1 && double.IsFinite(m) ? null : "",
        KeyKind.Size => double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var g) && g > 0 && g <= MaxGigabytes ? null : "",
        KeyKind.Gigabytes => double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var f) && f >= 0 && f <= MaxGigabytes ? null : "",
        KeyKind.Flag => bool.TryParse(value, out _) ? null : "",
        KeyKind.Url => Uri.TryCreate(value, UriKind.Absolute, out var u) && u.Scheme is "http" or "https" && u.Host.Length > 0 ? null : "",
        KeyKind.Source => value.ToLowerInvariant() is "scrape" or "export" ? null : "",
        KeyKind.OnRemoved => value.ToLowerInvariant() is "keep" or "forget" or "remove_torrent" or "remove_files" ? null : "",
        KeyKind.JournalProvider => value.ToLowerInvariant() is "sqlite" or "postgresql" ? null : "",
        KeyKind.LogFormat => value.ToLowerInvariant() is "text" or "json" ? null : "",
        KeyKind.Listen => ListenAddress.Parse(value) is null ? "" : null,
        KeyKind.KibPerSecond => int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var k) && k is >= 0 and <= MaxKibPerSecond ? null : "",
        KeyKind.DownloadWindow => DownloadWindow.TryParse(value, out var problem) is null ? problem : null,
        _ => null,
    };

    /// <summary>The closest known key, for "did you mean".</summary>
    public static string? Suggest(string unknown)
    {
        var best = Keys.Keys.Concat(Sections)
            .Select(k => (Key: k, Distance: Distance(unknown.ToLowerInvariant(), k)))
            .MinBy(k => k.Distance);
        return best.Distance <= Math.Max(2, unknown.Length / 4) ? best.Key.Replace(':', '.') : null;
    }

    private static int Distance(string a, string b)
    {
        var row = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var diagonal = row[0];
            row[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var above = row[j];
                row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), diagonal + (a[i - 1] == b[j - 1] ? 0 : 1));
                diagonal = above;
            }
        }

        return row[b.Length];
    }
}

internal enum KeyKind
{
    Text,
    LetterboxdUser,
    Seconds,
    SecondsOrNever,
    SecondsOrZero,
    Count,
    PositiveCount,
    Multiplier,
    Size,
    Gigabytes,
    Flag,
    Url,
    Source,
    OnRemoved,
    JournalProvider,
    Listen,
    NumberList,
    TextList,
    KibPerSecond,
    DownloadWindow,
    LogFormat,
}
