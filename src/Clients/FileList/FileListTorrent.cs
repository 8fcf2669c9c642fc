using System.Globalization;

namespace MovieSync.Clients.FileList;

/// <summary>
/// One search result from FileList (formats.md §3.3). <see cref="DownloadLink"/> embeds the account's passkey,
/// so <see cref="ToString"/> leaves it out.
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
    public int? CategoryId => FileListCategories.IdOf(Category);

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

    /// <summary>Secret: carries the passkey. Hand it only to the HTTP client.</summary>
    public required Uri DownloadLink { get; init; }

    public string SizeText => FormatSize(SizeBytes);

    public override string ToString() =>
        $"FileListTorrent {{ Id = {Id}, Name = {Name}, ImdbId = {ImdbId}, Category = {Category}, Size = {SizeText}, " +
        $"Seeders = {Seeders}, Leechers = {Leechers}, Freeleech = {Freeleech}, DoubleUp = {DoubleUp}, UploadedAt = {UploadedAt:u} }}";

    public static string FormatSize(long bytes) =>
        (bytes / (double)(1L << 30)).ToString("0.0", CultureInfo.InvariantCulture) + " GB";
}
