namespace MovieSync.Clients.QBittorrent;

/// <summary>How a torrent is added: category, tags, save path, and whether it starts paused/stopped.</summary>
public sealed record TorrentAddOptions
{
    /// <summary>Category name (created by qBittorrent on add if missing; use EnsureCategoryAsync to give it a save path).</summary>
    public string? Category { get; init; }

    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>Download directory; null leaves qBittorrent's default (or the category's).</summary>
    public string? SavePath { get; init; }

    /// <summary>Sent as both <c>paused</c> (4.x) and <c>stopped</c> (5.x).</summary>
    public bool Paused { get; init; }

    /// <summary>The torrent's download limit in bytes/s (<c>dlLimit</c>); null or 0: none.</summary>
    public long? DownloadLimit { get; init; }

    /// <summary>File name of the upload part; ours, never the tracker's (whose name may carry the passkey).</summary>
    public string? FileName { get; init; }
}
