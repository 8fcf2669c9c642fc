using System.Globalization;

namespace MovieSync.Messages;

/// <summary>
/// One search result from FileList (formats.md §3.3) as the actors see it: everything but its download link, which
/// embeds the account's passkey and so never leaves the account that searched (the FileList client keeps it beside
/// the result).
/// </summary>
public sealed record FileListTorrent
{
    public required long Id { get; init; }

    public required string Name { get; init; }

    /// <summary>The IMDb id as <c>tt0133093</c>, or null when FileList has none.</summary>
    public string? ImdbId { get; init; }

    /// <summary>The category name as the API returns it ("Filme HD").</summary>
    public string Category { get; init; } = "";

    /// <summary>The category id for <see cref="Category"/>, when the name is a known one.</summary>
    public int? CategoryId { get; init; }

    public long SizeBytes { get; init; }

    public int Seeders { get; init; }

    public int Leechers { get; init; }

    public int TimesCompleted { get; init; }

    public int Files { get; init; }

    public bool Freeleech { get; init; }

    public bool DoubleUp { get; init; }

    public bool Internal { get; init; }

    public bool Moderated { get; init; }

    public DateTimeOffset? UploadedAt { get; init; }

    public string? SmallDescription { get; init; }

    public string SizeText => FormatSize(SizeBytes);

    public static string FormatSize(long bytes) =>
        (bytes / (double)(1L << 30)).ToString("0.0", CultureInfo.InvariantCulture) + " GB";
}
