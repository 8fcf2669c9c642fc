using MovieSync.Clients.FileList;

namespace MovieSync.Simulators.FileList;

/// <summary>One torrent in the fake FileList's catalogue; its .torrent file is generated from these fields alone.</summary>
public sealed record FakeTorrent(long Id, string Name, string? ImdbId, int CategoryId, long SizeBytes, int Seeders)
{
    public int Leechers { get; init; }

    public int TimesCompleted { get; init; }

    public bool Freeleech { get; init; }

    public bool DoubleUp { get; init; }

    public bool Internal { get; init; }

    public bool Moderated { get; init; } = true;

    public DateTimeOffset UploadedAt { get; init; } = new(2024, 3, 10, 18, 30, 0, TimeSpan.Zero);

    public string SmallDescription { get; init; } = "Drama";

    /// <summary>The size the search listing claims, when it differs from the .torrent's (<see cref="SizeBytes"/>).</summary>
    public long? ListedSizeBytes { get; init; }

    public string CategoryName => FileListCategories.NameOf(CategoryId) ?? CategoryId.ToString();

    /// <summary>Sizes in the catalogue read naturally in GiB.</summary>
    public static long Gb(double gib) => (long)(gib * (1L << 30));
}
