namespace MovieSync.Clients.QBittorrent;

/// <summary>Why a qBittorrent call failed, so callers can tell a down service from bad credentials.</summary>
public enum QBittorrentFailure
{
    /// <summary>Connection refused, DNS failure, timeout or a dropped connection.</summary>
    Unreachable,

    /// <summary>qBittorrent said the username/password are wrong; not retried until credentials change or a reset.</summary>
    CredentialsRejected,

    /// <summary>qBittorrent banned this IP after too many failed logins (403 on login).</summary>
    Banned,

    /// <summary>qBittorrent refused the .torrent file as invalid (415).</summary>
    InvalidTorrent,

    /// <summary>qBittorrent did not add the torrent (<c>Fails.</c> / 409) and it is not in the list either.</summary>
    AddRejected,

    /// <summary>A status code or body the client does not understand.</summary>
    UnexpectedReply,
}

/// <summary>A failed qBittorrent call; the message never contains the password.</summary>
public sealed class QBittorrentException : Exception
{
    public QBittorrentException(QBittorrentFailure failure, string message, Exception? inner = null)
        : base(message, inner) => Failure = failure;

    public QBittorrentFailure Failure { get; }

    /// <summary>Worth retrying later without changing anything (service down or briefly banned).</summary>
    public bool IsTransient => Failure is QBittorrentFailure.Unreachable or QBittorrentFailure.Banned;
}
