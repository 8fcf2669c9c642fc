using System.Globalization;

namespace MovieSync.Configuration;

/// <summary>Reads where and when movies download: <c>qbittorrent</c>, <c>schedule</c> and <c>disk</c>.</summary>
internal static class DownloadsReader
{
    public static QBittorrentOptions QBittorrent(ConfigValues values) => new()
    {
        Url = values.Url("qbittorrent:url", "http://127.0.0.1:8080"),
        Username = values.Text("qbittorrent:username") ?? "admin",
        Password = values.Text("qbittorrent:password"),
        Category = values.Text("qbittorrent:category") ?? "movies",
        SavePath = values.Text("qbittorrent:save_path"),
        Tags = values.List("qbittorrent:tags", ["moviesync"], s => s),
        Paused = values.Flag("qbittorrent:paused", false),
        StalledAfter = values.Seconds("qbittorrent:stalled_after", 172_800),
        MaxDownloadKbps = values.Checked("qbittorrent:max_download_kbps") is { } kbps ? int.Parse(kbps, CultureInfo.InvariantCulture) : null,
    };

    public static ScheduleOptions Schedule(ConfigValues values) => new()
    {
        DownloadWindow = values.Checked("schedule:download_window") is { } window ? DownloadWindow.TryParse(window, out _) : null,
    };

    public static DiskOptions Disk(ConfigValues values) => new()
    {
        MinFreeGb = values.Decimal("disk:min_free_gb", 10),
        BudgetGb = values.Checked("disk:budget_gb") is { } budget ? double.Parse(budget, CultureInfo.InvariantCulture) : null,
    };
}
