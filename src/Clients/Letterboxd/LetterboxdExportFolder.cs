using System.Globalization;
using System.Text.RegularExpressions;

namespace MovieSync.Clients.Letterboxd;

/// <summary>The export file in use, and when it was exported (from its name when Letterboxd dated it, else its file time).</summary>
public sealed record ExportFile(string Path, DateTimeOffset ExportedAt)
{
    public TimeSpan AgeAt(DateTimeOffset now) => now > ExportedAt ? now - ExportedAt : TimeSpan.Zero;
}

/// <summary>
/// Finds the export to read when <c>letterboxd.export_path</c> names a folder (say the downloads folder the member drops
/// each new export into): the newest <c>letterboxd-&lt;user&gt;-&lt;date&gt;.zip</c> of the user, or a <c>watchlist.csv</c> there.
/// </summary>
public static partial class LetterboxdExportFolder
{
    /// <summary>The file <paramref name="exportPath"/> names, or the newest export in the folder it names.</summary>
    /// <exception cref="LetterboxdExportException">Nothing to read there; the message names the path and what is looked for.</exception>
    public static ExportFile Resolve(string exportPath, string username)
    {
        if (File.Exists(exportPath))
            return Describe(new FileInfo(exportPath));
        if (!Directory.Exists(exportPath))
            throw new LetterboxdExportException($"the Letterboxd export '{exportPath}' does not exist (letterboxd.export_path)");

        List<FileInfo> candidates;
        try
        {
            candidates = new DirectoryInfo(exportPath).EnumerateFiles("*", new EnumerationOptions { IgnoreInaccessible = true })
                .Where(f => f.Name.Equals("watchlist.csv", StringComparison.OrdinalIgnoreCase) || IsExportOf(f.Name, username))
                .ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LetterboxdExportException($"cannot list the Letterboxd export folder '{exportPath}': {e.Message}");
        }

        return candidates
                   .Select(Describe)
                   .OrderByDescending(f => f.ExportedAt)
                   .ThenByDescending(f => File.GetLastWriteTimeUtc(f.Path))
                   .ThenBy(f => f.Path, StringComparer.Ordinal)
                   .FirstOrDefault()
               ?? throw new LetterboxdExportException(
                   $"the folder '{exportPath}' holds no Letterboxd export: expected letterboxd-{username}-<date>.zip or watchlist.csv");
    }

    /// <summary>True for Letterboxd's name of a member's export zip (<c>letterboxd-alice-2026-11-24-20-15-utc.zip</c>).</summary>
    public static bool IsExportOf(string fileName, string username) =>
        ExportName().Match(fileName) is { Success: true } match
        && match.Groups["user"].Value.Equals(username, StringComparison.OrdinalIgnoreCase);

    private static ExportFile Describe(FileInfo file)
    {
        var match = ExportName().Match(file.Name);
        if (match.Success && DateTime.TryParseExact(match.Groups["date"].Value, "yyyy-MM-dd", CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var day))
        {
            var at = new DateTimeOffset(day, TimeSpan.Zero);
            if (match.Groups["hour"].Success)
                at = at.AddHours(int.Parse(match.Groups["hour"].Value, CultureInfo.InvariantCulture))
                    .AddMinutes(int.Parse(match.Groups["minute"].Value, CultureInfo.InvariantCulture));
            return new ExportFile(file.FullName, at);
        }

        return new ExportFile(file.FullName, new DateTimeOffset(file.LastWriteTimeUtc, TimeSpan.Zero));
    }

    [GeneratedRegex(@"^letterboxd-(?<user>[A-Za-z0-9_]+)-(?<date>\d{4}-\d{2}-\d{2})(-(?<hour>\d{2})-(?<minute>\d{2})(-utc)?)?\.zip$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ExportName();
}
