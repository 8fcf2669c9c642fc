namespace MovieSync.Configuration;

/// <summary>MOVIESYNC_* variables as config keys: <c>MOVIESYNC_FILELIST__PASSKEY</c> is <c>filelist:passkey</c>.</summary>
internal sealed class EnvironmentOverrides
{
    private readonly Dictionary<string, string> _sources = new(StringComparer.OrdinalIgnoreCase);

    public Dictionary<string, string?> Scalars { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Lists given as one comma-separated variable (<c>MOVIESYNC_FILELIST__CATEGORIES=4,6</c>); they replace the file's list.</summary>
    public Dictionary<string, IReadOnlyList<string>> Lists { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The variable that set a key, for messages; null when the key came from the file.</summary>
    public string? SourceOf(string key) => _sources.GetValueOrDefault(key);

    public static EnvironmentOverrides From(IReadOnlyDictionary<string, string?> environment, List<string> problems)
    {
        var overrides = new EnvironmentOverrides();
        foreach (var (name, value) in environment.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            if (!name.StartsWith(ConfigLoader.EnvironmentPrefix, StringComparison.OrdinalIgnoreCase) ||
                name.Equals(HomeFolder.EnvironmentVariable, StringComparison.OrdinalIgnoreCase) || value is null)
                continue;

            var key = name[ConfigLoader.EnvironmentPrefix.Length..].Replace("__", ":").ToLowerInvariant();
            if (ConfigSchema.Keys.TryGetValue(key, out var kind))
            {
                overrides._sources[key] = name;
                if (ConfigSchema.IsList(kind))
                    overrides.Lists[key] = value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
                else
                    overrides.Scalars[key] = value;
            }
            else if (IsListElement(key) || IsAccountKey(key) || NotificationsReader.IsChannelKey(key))
            {
                overrides._sources[key] = name;
                overrides.Scalars[key] = value;
            }
            else
            {
                var hint = ConfigSchema.Suggest(key) is { } near
                    ? $" (did you mean {ConfigLoader.EnvironmentPrefix}{near.Replace(".", "__").ToUpperInvariant()}?)"
                    : "";
                problems.Add($"environment variable {name}: not a MovieSync setting{hint}");
            }
        }

        return overrides;
    }

    /// <summary><c>MOVIESYNC_FILELIST__ACCOUNTS__0__PASSKEY</c>: one key of one <c>filelist.accounts</c> entry.</summary>
    private static bool IsAccountKey(string key) =>
        key.Split(':') is ["filelist", "accounts", var index, "username" or "passkey" or "requests_per_hour"] &&
        int.TryParse(index, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _);

    private static bool IsListElement(string key)
    {
        var cut = key.LastIndexOf(':');
        return cut > 0 && int.TryParse(key[(cut + 1)..], out _) &&
               ConfigSchema.Keys.TryGetValue(key[..cut], out var kind) && ConfigSchema.IsList(kind);
    }
}
