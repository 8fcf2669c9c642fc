namespace MovieSync.Clients.QBittorrent;

/// <summary>What a torrent's qBittorrent state means for MovieSync.</summary>
public enum TorrentStatus
{
    /// <summary>All wanted data is there (progress 1 or a seeding state).</summary>
    Complete,

    /// <summary><c>error</c> or <c>missingFiles</c>: needs a human or a new attempt.</summary>
    Broken,

    Downloading,

    /// <summary>Wants data but no peer sends any.</summary>
    Stalled,

    /// <summary>Fetching metadata (magnet links).</summary>
    FetchingMetadata,

    /// <summary>Paused (4.x) / stopped (5.x) before completion.</summary>
    Paused,

    Queued,

    /// <summary>Checking pieces or resume data.</summary>
    Checking,

    Moving,

    /// <summary>A state this client does not know (newer qBittorrent).</summary>
    Unknown,
}

/// <summary>Maps qBittorrent's <c>state</c>/<c>progress</c> to a TorrentStatus (4.5 through 5.x state names).</summary>
public static class TorrentStateClassifier
{
    public static TorrentStatus Classify(string state, double progress)
    {
        // Broken wins over progress: completed files that went missing are not a finished film.
        if (state is "error" or "missingFiles")
            return TorrentStatus.Broken;
        if (progress >= 1.0 || IsSeedingState(state))
            return TorrentStatus.Complete;

        return state switch
        {
            "downloading" or "forcedDL" => TorrentStatus.Downloading,
            "stalledDL" => TorrentStatus.Stalled,
            "metaDL" or "forcedMetaDL" => TorrentStatus.FetchingMetadata,
            "pausedDL" or "stoppedDL" => TorrentStatus.Paused,
            "queuedDL" => TorrentStatus.Queued,
            "checkingDL" or "checkingResumeData" or "allocating" => TorrentStatus.Checking,
            "moving" => TorrentStatus.Moving,
            _ => TorrentStatus.Unknown,
        };
    }

    /// <summary>The *UP states: qBittorrent only enters them once the wanted data is complete.</summary>
    public static bool IsSeedingState(string state) => state is
        "uploading" or "stalledUP" or "pausedUP" or "stoppedUP" or "queuedUP" or "forcedUP" or "checkingUP";
}
