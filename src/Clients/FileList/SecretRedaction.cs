using System.Text.RegularExpressions;

namespace MovieSync.Clients.FileList;

/// <summary>Removes passkeys from text before it can reach an exception, a log line or an event.</summary>
public static partial class SecretRedaction
{
    public const string Mask = "***";

    /// <summary>Masks every <c>passkey=...</c> query value and every literal occurrence of the given secrets.</summary>
    public static string Redact(string text, params string?[] secrets)
    {
        var result = PasskeyParameter().Replace(text, "${name}=" + Mask);
        foreach (var secret in secrets)
        {
            // Very short secrets would mask ordinary words; real passkeys are 32 hex chars.
            if (!string.IsNullOrEmpty(secret) && secret.Length >= 4)
                result = result.Replace(secret, Mask, StringComparison.OrdinalIgnoreCase);
        }
        return result;
    }

    /// <summary>A download link with its passkey masked, safe to show.</summary>
    public static string RedactLink(Uri link) => Redact(link.ToString());

    [GeneratedRegex(@"(?<name>passkey|torrent_pass|authkey)=[^&\s""'<>]*", RegexOptions.IgnoreCase)]
    private static partial Regex PasskeyParameter();
}
