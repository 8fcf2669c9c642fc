namespace MovieSync.Clients.QBittorrent;

/// <summary>One entry of <c>torrents/info</c>, with the fields MovieSync follows.</summary>
public sealed record QBittorrentTorrent
{
    /// <summary>Lowercase hex id (the v1 info-hash for v1 torrents).</summary>
    public required string Hash { get; init; }

    /// <summary>Lowercase v1 info-hash when qBittorrent reports it (4.4+), else empty.</summary>
    public string InfoHashV1 { get; init; } = "";

    public string Name { get; init; } = "";

    /// <summary>0..1.</summary>
    public double Progress { get; init; }

    /// <summary>Raw qBittorrent state (<c>downloading</c>, <c>stalledUP</c>, <c>stoppedDL</c>, ...).</summary>
    public string State { get; init; } = "unknown";

    /// <summary>Bytes per second.</summary>
    public long DownloadSpeed { get; init; }

    /// <summary>The torrent's own download limit in bytes/s; 0 when it has none (qBittorrent sends 0 or -1 then).</summary>
    public long DownloadLimit { get; init; }

    /// <summary>Remaining time; null when qBittorrent reports infinity (8640000 s) or nothing.</summary>
    public TimeSpan? Eta { get; init; }

    /// <summary>Bytes downloaded so far (<c>downloaded</c>).</summary>
    public long Downloaded { get; init; }

    /// <summary>Seeds connected (<c>num_seeds</c>).</summary>
    public int Seeds { get; init; }

    /// <summary>Bytes selected for download.</summary>
    public long Size { get; init; }

    public long TotalSize { get; init; }

    public long AmountLeft { get; init; }

    public string SavePath { get; init; } = "";

    /// <summary>The file (single-file torrent) or top folder the content lives in.</summary>
    public string ContentPath { get; init; } = "";

    public string Category { get; init; } = "";

    public IReadOnlyList<string> Tags { get; init; } = [];

    public DateTimeOffset? AddedOn { get; init; }

    /// <summary>Null until the torrent completed (qBittorrent sends 0 or -1 then).</summary>
    public DateTimeOffset? CompletedOn { get; init; }

    public TorrentStatus Status => TorrentStateClassifier.Classify(State, Progress);

    public bool IsComplete => Status == TorrentStatus.Complete;

    /// <summary>True when this entry is the torrent with the given v1 info-hash.</summary>
    public bool Matches(string infoHash) =>
        string.Equals(Hash, infoHash, StringComparison.OrdinalIgnoreCase)
        || string.Equals(InfoHashV1, infoHash, StringComparison.OrdinalIgnoreCase);
}
