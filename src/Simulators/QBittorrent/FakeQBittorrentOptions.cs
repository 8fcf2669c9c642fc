namespace MovieSync.Simulators.QBittorrent;

/// <summary>Start-up settings of the simulated qBittorrent.</summary>
public sealed record FakeQBittorrentOptions
{
    public QBittorrentFlavor Flavor { get; init; } = QBittorrentFlavor.V4_5;

    public string Username { get; init; } = "admin";

    public string Password { get; init; } = "adminadmin";

    /// <summary>Simulated download speed for every active torrent; 0 leaves them stalled.</summary>
    public long DownloadBytesPerSecond { get; init; } = 5 * 1024 * 1024;

    /// <summary>
    /// Asked once per added torrent, with its name: true gives it no peers, as the real client offline: it stays at 0 %
    /// in <c>stalledDL</c> with no seeds while others download. Null: every torrent has peers.
    /// </summary>
    public Func<string, bool>? HasNoPeers { get; init; }

    /// <summary>Failed logins before the address is banned (qBittorrent's default is 5).</summary>
    public int MaxFailedLogins { get; init; } = 5;

    /// <summary>Save path of torrents added without one.</summary>
    public string DefaultSavePath { get; init; } = "/downloads";

    /// <summary>
    /// How long after an accepted add the torrent appears in <c>torrents/info</c> (on <see cref="Clock"/>). The real
    /// client answers <c>Ok.</c> before it has processed the add; zero lists it at once.
    /// </summary>
    public TimeSpan ListsAddedAfter { get; init; } = TimeSpan.Zero;

    /// <summary>Drives simulated progress; tests pass a manual clock.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;
}

/// <summary>Failures the real qBittorrent cannot be made to produce on demand.</summary>
public enum FakeQBittorrentFault
{
    None,

    /// <summary>Every API request gets 500.</summary>
    ServerError,

    /// <summary>Every API request hangs until the client gives up.</summary>
    Hang,

    /// <summary>Every API request gets 200 with an HTML page instead of the API reply.</summary>
    HtmlPage,

    /// <summary>Login works; every other request gets 200 with a reply 1 MB past the client's limit, chunked, without a Content-Length.</summary>
    OversizedReply,
}
