using System.Globalization;

namespace MovieSync.Configuration;

/// <summary>
/// Reads <c>filelist</c>: the single account's keys, the search preferences and <c>filelist.accounts</c>, a list of
/// account objects named by their place (<c>filelist.accounts[1].passkey</c>); a passkey's value is never echoed.
/// </summary>
internal static class FileListReader
{
    public const string AccountsKey = "filelist:accounts";

    /// <summary>The keys of one <c>filelist.accounts</c> entry, with what they accept.</summary>
    private static readonly IReadOnlyDictionary<string, KeyKind> AccountKeys = new Dictionary<string, KeyKind>(StringComparer.OrdinalIgnoreCase)
    {
        ["username"] = KeyKind.Text,
        ["passkey"] = KeyKind.Text,
        ["requests_per_hour"] = KeyKind.PositiveCount,
    };

    public static FileListOptions Read(ConfigValues values) => new()
    {
        BaseUrl = values.Url("filelist:base_url", "https://filelist.io"),
        Username = values.Text("filelist:username"),
        Passkey = values.Text("filelist:passkey"),
        Categories = values.List("filelist:categories", [4, 6, 19, 20, 26], s => int.Parse(s, CultureInfo.InvariantCulture)),
        MinSeeders = values.Number("filelist:min_seeders", 1),
        Resolutions = values.List("filelist:resolutions", ["1080p", "2160p", "720p"], s => s),
        MaxSizeGb = values.Decimal("filelist:max_size_gb", 60),
        PreferFreeleech = values.Flag("filelist:prefer_freeleech", true),
        RequestsPerHour = values.Number("filelist:requests_per_hour", 150),
        Accounts = Accounts(values),
    };

    public static bool IsPasskey(string value) => value.Length == 32 && value.All(char.IsAsciiHexDigit);

    /// <summary><c>filelist.accounts</c> is a list of objects: <c>filelist:accounts:N:key</c>.</summary>
    public static void CheckAccountKey(ConfigValues values, string key, string? value, bool hasChildren)
    {
        var problems = values.Problems;
        var parts = key.Split(':');
        if (parts.Length == 2)
        {
            if (!hasChildren && !string.IsNullOrEmpty(value))
                problems.Add($"filelist.accounts: expected a list of {{ \"username\", \"passkey\", \"requests_per_hour\" }} objects, got {ConfigValues.Quote(value)}");
            return;
        }

        if (!int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            problems.Add($"filelist.accounts: expected a list, got an object with key {ConfigValues.Quote(parts[2])}");
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

    private static IReadOnlyList<FileListAccountOptions> Accounts(ConfigValues values)
    {
        var problems = values.Problems;
        var entries = values.Root.GetSection(AccountsKey).GetChildren()
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
                    problems.Add($"{at}.requests_per_hour: expected {ConfigSchema.Accepted(KeyKind.PositiveCount)}, got {ConfigValues.Quote(limit)}");
            }

            accounts.Add(new FileListAccountOptions { Username = username ?? "", Passkey = passkey ?? "", RequestsPerHour = perHour });
        }

        foreach (var twice in accounts.Where(a => a.Username.Length > 0).GroupBy(a => a.Username, StringComparer.Ordinal).Where(g => g.Count() > 1))
            problems.Add($"filelist.accounts: username {ConfigValues.Quote(twice.Key)} is given {twice.Count()} times; usernames are unique");
        return accounts;
    }
}
