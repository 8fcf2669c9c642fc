using System.Text.RegularExpressions;

namespace MovieSync.Clients.FileList;

/// <summary>Reads a video resolution from a release name ("Dune.2021.2160p.UHD.BluRay" → 2160p).</summary>
public static partial class Resolutions
{
    /// <summary>The canonical label ("2160p", "1080p", "720p", "576p", "480p") or null when the name does not say.</summary>
    public static string? Detect(string releaseName, string? category = null)
    {
        var match = ResolutionToken().Match(releaseName);
        if (match.Success) return Canonical(match.Value);
        // 4K categories hold 2160p releases even when the name omits it.
        return category is not null && category.Contains("4K", StringComparison.OrdinalIgnoreCase) ? "2160p" : null;
    }

    /// <summary>Canonical form of a configured or detected label; null when it is not a resolution.</summary>
    public static string? Canonical(string label) => label.Trim().ToLowerInvariant() switch
    {
        "2160p" or "2160" or "4k" or "uhd" => "2160p",
        "1080p" or "1080i" or "1080" or "fhd" => "1080p",
        "720p" or "720" => "720p",
        "576p" or "576i" or "576" => "576p",
        "480p" or "480i" or "480" or "sd" => "480p",
        _ => null,
    };

    [GeneratedRegex(@"(?<![a-z0-9])(2160p|4k|uhd|1080[pi]|720p|576[pi]|480[pi])(?![a-z0-9])", RegexOptions.IgnoreCase)]
    private static partial Regex ResolutionToken();
}
