namespace MovieSync.Configuration;

/// <summary>Which configuration values are secrets, and how they look when a config value is printed.</summary>
public static class SecretMasking
{
    private static readonly HashSet<string> SecretKeys =
        new(["filelist.passkey", "qbittorrent.password", "dashboard.token", "dashboard.certificate_password", "journal.connection_string",
            "cluster.tls.password"],
            StringComparer.OrdinalIgnoreCase);

    public static bool IsSecret(string key) =>
        SecretKeys.Contains(key.Replace(':', '.')) || key.Replace(':', '.').EndsWith(".passkey", StringComparison.OrdinalIgnoreCase) ||
        IsChannelSecret(key.Replace(':', '.'));

    /// <summary>A notification channel's <c>token</c>, <c>bot_token</c>, <c>webhook_url</c> or <c>password</c>.</summary>
    private static bool IsChannelSecret(string key) =>
        key.StartsWith(NotificationsReader.Section + ".", StringComparison.OrdinalIgnoreCase) &&
        NotificationsReader.SecretKeys.Contains(key[(key.LastIndexOf('.') + 1)..], StringComparer.OrdinalIgnoreCase);

    public static string Mask(string? value) => string.IsNullOrEmpty(value) ? "(not set)" : "********";

    /// <summary>A value as it may be shown: secrets masked, everything else as is.</summary>
    public static string Describe(string key, string? value) =>
        IsSecret(key) ? Mask(value) : value ?? "(not set)";
}
