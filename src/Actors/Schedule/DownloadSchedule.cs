using MovieSync.Configuration;

namespace MovieSync.Actors.Schedule;

/// <summary>
/// When MovieSync's torrents may download and how fast: <c>schedule.download_window</c> read in <paramref name="Zone"/>
/// (the machine's local time zone; specs pass their own), and <c>qbittorrent.max_download_kbps</c> in bytes/s.
/// </summary>
public sealed record DownloadSchedule(DownloadWindow? Window, TimeZoneInfo Zone, long? DownloadLimit)
{
    public static DownloadSchedule Always { get; } = new(null, TimeZoneInfo.Local, null);

    /// <summary>Whether there is anything for the download window actor to do.</summary>
    public bool IsActive => Window is not null || DownloadLimit is not null;

    /// <summary>True at any time without a window.</summary>
    public bool IsOpenAt(DateTimeOffset instant) => Window?.IsOpenAt(instant, Zone) ?? true;

    public DateTimeOffset? NextEdgeAfter(DateTimeOffset instant) => Window?.NextEdgeAfter(instant, Zone);

    /// <summary>The instant as the local time it is read in, for log lines.</summary>
    public string Local(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone).ToString("yyyy-MM-dd HH:mm zzz",
        System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>From config.json: KiB/s become bytes/s.</summary>
    public static DownloadSchedule From(MovieSyncOptions options, TimeZoneInfo? zone = null) => new(
        options.Schedule.DownloadWindow, zone ?? TimeZoneInfo.Local,
        options.QBittorrent.MaxDownloadKbps is { } kbps ? kbps * 1024L : null);
}
