namespace MovieSync.Clients.QBittorrent;

/// <summary>Whether EnsureAddedAsync added the torrent now or found it already there.</summary>
public enum EnsureAddedOutcome
{
    Added,
    AlreadyPresent,
}

/// <summary>Result of EnsureAddedAsync: the outcome and the torrent as qBittorrent lists it (null if it is still being added).</summary>
public sealed record EnsureAddedResult(EnsureAddedOutcome Outcome, QBittorrentTorrent? Torrent);
