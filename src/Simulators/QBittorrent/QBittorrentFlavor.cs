namespace MovieSync.Simulators.QBittorrent;

/// <summary>Which qBittorrent generation the simulator imitates (formats.md §4.9).</summary>
public enum QBittorrentFlavor
{
    /// <summary>4.5/4.6: login <c>Ok.</c>/<c>Fails.</c>, add reads <c>paused</c>, states pausedDL/pausedUP.</summary>
    V4_5,

    /// <summary>5.0: like 4.5 on the wire, but add reads <c>stopped</c> and states are stoppedDL/stoppedUP.</summary>
    V5_0,

    /// <summary>5.2: login 401 on bad credentials and 204 on success, cookie <c>QBT_SID_port</c>, JSON add result, 409 when nothing was added.</summary>
    V5_2,
}

/// <summary>The per-flavor differences, in one place.</summary>
internal static class QBittorrentFlavorBehaviour
{
    public static string Version(this QBittorrentFlavor flavor) => flavor switch
    {
        QBittorrentFlavor.V4_5 => "v4.5.5",
        QBittorrentFlavor.V5_0 => "v5.0.5",
        _ => "v5.2.3",
    };

    public static string WebApiVersion(this QBittorrentFlavor flavor) => flavor switch
    {
        QBittorrentFlavor.V4_5 => "2.8.19",
        QBittorrentFlavor.V5_0 => "2.11.2",
        _ => "2.15.1",
    };

    public static bool ReadsStopped(this QBittorrentFlavor flavor) => flavor >= QBittorrentFlavor.V5_0;

    public static bool ModernLogin(this QBittorrentFlavor flavor) => flavor >= QBittorrentFlavor.V5_2;

    public static bool JsonAddResult(this QBittorrentFlavor flavor) => flavor >= QBittorrentFlavor.V5_2;

    public static string CookieName(this QBittorrentFlavor flavor, int port) =>
        flavor >= QBittorrentFlavor.V5_2 ? $"QBT_SID_{port}" : "SID";

    public static string PausedState(this QBittorrentFlavor flavor, bool complete) =>
        (flavor.ReadsStopped() ? "stopped" : "paused") + (complete ? "UP" : "DL");
}
