using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace MovieSync.Configuration;

/// <summary>Reads config.json, then the MOVIESYNC_* environment overrides, and validates the result as a whole.</summary>
public static class ConfigLoader
{
    public const string FileName = "config.json";
    public const string EnvironmentPrefix = "MOVIESYNC_";

    /// <summary>Loads and validates; every problem is reported at once, each naming its key and what it accepts.</summary>
    /// <exception cref="ConfigurationException">The file is not JSON, or any value is missing or unacceptable.</exception>
    public static MovieSyncOptions Load(string home, IReadOnlyDictionary<string, string?> environment)
    {
        var path = Path.Combine(home, FileName);
        var fileExists = File.Exists(path);
        if (fileExists)
            RequireJsonObject(path);

        var problems = new List<string>();
        var overrides = EnvironmentOverrides.From(environment, problems);
        var options = new OptionsReader(Merge(path, fileExists, overrides), overrides, problems).Read();
        if (problems.Count == 0)
            return options!;

        if (!fileExists && WriteTemplate(home) is { } template)
            problems.Add($"there was no {FileName}: a template was written to {template}; fill it in");
        throw new ConfigurationException(problems, fileExists ? path : null);
    }

    /// <summary>
    /// Only the <c>journal</c> section (SQLite when there is no config.json or no section): what the commands that read or
    /// change the journal need, whether or not the rest of the config is complete.
    /// </summary>
    /// <exception cref="ConfigurationException">The file is not JSON, or a journal key is unacceptable.</exception>
    public static JournalSettings LoadJournal(string home, IReadOnlyDictionary<string, string?> environment)
    {
        var path = Path.Combine(home, FileName);
        var fileExists = File.Exists(path);
        if (fileExists)
            RequireJsonObject(path);

        var problems = new List<string>();
        // Only the journal's variables are looked at here; `run` and `check-config` report the others.
        var journalVariables = environment.Where(e =>
                e.Key.StartsWith(EnvironmentPrefix + "JOURNAL", StringComparison.OrdinalIgnoreCase))
            .ToDictionary(e => e.Key, e => e.Value);
        var overrides = EnvironmentOverrides.From(journalVariables, problems);
        var journal = new OptionsReader(Merge(path, fileExists, overrides), overrides, problems).ReadJournal();
        return problems.Count == 0 ? journal! : throw new ConfigurationException(problems, fileExists ? path : null);
    }

    /// <summary>
    /// A warning when config.json can be read by its group or by others (it holds secrets), naming the fix; null when it
    /// is owner-only, missing, or on Windows (no Unix mode).
    /// </summary>
    public static string? PermissionWarning(string home)
    {
        var path = Path.Combine(home, FileName);
        if (OperatingSystem.IsWindows() || !File.Exists(path))
            return null;
        const UnixFileMode readableByOthers = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
                                              | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;
        var mode = File.GetUnixFileMode(path);
        if ((mode & readableByOthers) == 0)
            return null;
        var octal = Convert.ToString((int)mode & 0x1ff, 8).PadLeft(3, '0');
        return $"{path} is open to its group or to others (mode {octal}) and holds secrets: run `chmod 600 {path}`";
    }

    /// <summary>Writes a config.json to fill in (0600) unless one exists; returns its path when written.</summary>
    public static string? WriteTemplate(string home)
    {
        var path = Path.Combine(home, FileName);
        if (File.Exists(path))
            return null;
        HomeFolder.RestrictToOwner(path);
        File.WriteAllText(path, Template);
        return path;
    }

    /// <summary>config.json (when it exists) with the environment's values over it.</summary>
    private static IConfigurationRoot Merge(string path, bool fileExists, EnvironmentOverrides overrides)
    {
        var builder = new ConfigurationBuilder();
        if (fileExists)
            builder.AddJsonFile(path, optional: false, reloadOnChange: false);
        builder.AddInMemoryCollection(overrides.Scalars);
        try
        {
            return builder.Build();
        }
        catch (FormatException e)
        {
            throw new ConfigurationException(e.Message, path);
        }
    }

    private static void RequireJsonObject(string path)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions
            {
                CommentHandling = JsonCommentHandling.Skip,
                AllowTrailingCommas = true,
            });
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw new ConfigurationException("not a JSON object: config.json must be { \"key\": value, ... }", path);
        }
        catch (JsonException e)
        {
            var line = (e.LineNumber ?? 0) + 1;
            var column = (e.BytePositionInLine ?? 0) + 1;
            var reason = e.Message.Split(" Path:", 2)[0].Split(" LineNumber:", 2)[0].TrimEnd('.', ' ');
            throw new ConfigurationException(
                string.Create(CultureInfo.InvariantCulture, $"not valid JSON at line {line}, column {column}: {reason}"), path);
        }
    }

    private const string Template = """
        {
          "username": "",
          "check_interval": 3600,
          "download_directory": "",
          "retry_interval": 3600,
          "max_retries": 5,
          "backoff_multiplier": 2.0,
          "max_retry_delay": 86400,
          "letterboxd": { "base_url": "https://letterboxd.com", "full_sync_interval": 86400, "source": "scrape", "export_path": null },
          "filelist": {
            "base_url": "https://filelist.io",
            "username": "",
            "passkey": "",
            "categories": [4, 6, 19, 20, 26],
            "min_seeders": 1,
            "resolutions": ["1080p", "2160p", "720p"],
            "max_size_gb": 60,
            "prefer_freeleech": true,
            "requests_per_hour": 150
          },
          "qbittorrent": {
            "url": "http://127.0.0.1:8080",
            "username": "admin",
            "password": "",
            "category": "movies",
            "save_path": null,
            "tags": ["moviesync"],
            "paused": false
          },
          "dashboard": { "listen": "127.0.0.1:5055", "token": null }
        }

        """;
}
