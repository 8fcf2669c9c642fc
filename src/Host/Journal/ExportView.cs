using System.Text.Json.Serialization;
using MovieSync.Clients.Letterboxd;
using MovieSync.Configuration;
using MovieSync.Messages;

namespace MovieSync.Host.Journal;

/// <summary>
/// Which Letterboxd export the watchlist is read from (<c>letterboxd.source: export</c>) and how old it is, as `status`
/// shows it: found the way the watchlist actor finds it (<see cref="LetterboxdExportFolder"/>), so both name the same file.
/// </summary>
public sealed record ExportView(
    [property: JsonPropertyName("path")] string? Path,
    [property: JsonPropertyName("exported_at")] DateTimeOffset? ExportedAt,
    [property: JsonPropertyName("age_days")] int? AgeDays,
    [property: JsonPropertyName("stale")] bool Stale,
    [property: JsonPropertyName("error")] string? Error)
{
    /// <summary>An export older than this is an <c>attention</c>.</summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromDays(30);

    /// <summary>The export in use; null when the watchlist is read from the site.</summary>
    public static ExportView? Of(MovieSyncOptions options, DateTimeOffset now)
    {
        if (options.Letterboxd.Source != WatchlistSource.Export || options.Letterboxd.ExportPath is not { } path)
            return null;
        try
        {
            var file = LetterboxdExportFolder.Resolve(path, options.Username);
            var age = file.AgeAt(now);
            return new ExportView(file.Path, file.ExportedAt, (int)age.TotalDays, age > StaleAfter, null);
        }
        catch (LetterboxdExportException e)
        {
            return new ExportView(null, null, null, false, e.Message);
        }
    }

    /// <summary>The line `status` prints.</summary>
    public string Describe(DateTimeOffset now) => Path is null
        ? $"⚠️  Watchlist export: {Error}"
        : $"{(Stale ? "⚠️ " : "📄")} Watchlist export: {Path} (exported {ExportedAt!.Value.UtcDateTime:yyyy-MM-dd HH:mm} UTC, " +
          $"{ReadableDuration.Of(now - ExportedAt.Value)} ago{(Stale ? $"; older than {StaleAfter.Days} days: export your data again" : "")})";
}
