using MovieSync.Messages;

namespace MovieSync.Clients.FileList;

/// <summary>What makes a FileList result acceptable and how to rank the acceptable ones (config <c>filelist.*</c>).</summary>
public sealed record TorrentCriteria
{
    /// <summary>Category ids that count as films.</summary>
    public IReadOnlyList<int> Categories { get; init; } = [4, 6, 19, 20, 26];

    public int MinSeeders { get; init; } = 1;

    /// <summary>Resolutions in order of preference ("1080p", "2160p", "720p"; "4K"/"UHD" mean 2160p).</summary>
    public IReadOnlyList<string> Resolutions { get; init; } = ["1080p", "2160p", "720p"];

    public double MaxSizeGb { get; init; } = 60;

    public bool PreferFreeleech { get; init; } = true;

    public static TorrentCriteria Default { get; } = new();

    public long MaxSizeBytes => (long)(MaxSizeGb * (1L << 30));

    public override string ToString() =>
        $"categories {string.Join(',', Categories)}, resolutions {string.Join(',', Resolutions)}, min seeders {MinSeeders}, " +
        $"max {MaxSizeGb.ToString(System.Globalization.CultureInfo.InvariantCulture)} GB{(PreferFreeleech ? ", freeleech first" : "")}";
}

/// <summary>The chosen torrent with why it won, or null with why nothing fits.</summary>
public sealed record TorrentChoice(FileListTorrent? Torrent, string? Resolution, string Reason)
{
    public bool IsChosen => Torrent is not null;

    public override string ToString() => IsChosen ? $"{Torrent!.Name} ({Reason})" : $"nothing chosen ({Reason})";
}
