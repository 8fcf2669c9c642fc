namespace MovieSync.Configuration;

/// <summary>Reads <c>letterboxd</c>: where the watchlist comes from and what a film's removal from it does.</summary>
internal static class LetterboxdReader
{
    public static LetterboxdOptions Read(ConfigValues values) => new()
    {
        BaseUrl = values.Url("letterboxd:base_url", "https://letterboxd.com"),
        FullSyncInterval = values.Seconds("letterboxd:full_sync_interval", 86400),
        Source = values.Checked("letterboxd:source")?.ToLowerInvariant() == "export" ? WatchlistSource.Export : WatchlistSource.Scrape,
        ExportPath = values.Text("letterboxd:export_path"),
        OnRemoved = values.Checked("letterboxd:on_removed")?.ToLowerInvariant() switch
        {
            "keep" => OnRemoved.Keep,
            "remove_torrent" => OnRemoved.RemoveTorrent,
            "remove_files" => OnRemoved.RemoveFiles,
            _ => OnRemoved.Forget,
        },
        RemovalGrace = values.Seconds("letterboxd:removal_grace", 604_800),
    };
}
