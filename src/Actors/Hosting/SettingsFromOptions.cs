using MovieSync.Actors.Adapters.Grabbing;
using MovieSync.Actors.FileList;
using MovieSync.Actors.Movies;
using MovieSync.Actors.Watchlist;
using MovieSync.Clients.FileList;
using MovieSync.Clients.Letterboxd;
using MovieSync.Clients.QBittorrent;
using MovieSync.Configuration;
using MovieSync.Messages;

namespace MovieSync.Actors.Hosting;

/// <summary>The one place where config.json's options become the settings each part of the actor system runs with.</summary>
public static class SettingsFromOptions
{
    public static MovieSettings Movies(MovieSyncOptions options) => MovieSettings.Default with
    {
        Retry = new RetryPolicy(options.RetryInterval, options.MaxRetries, options.BackoffMultiplier, options.MaxRetryDelay),
        StalledAfter = options.QBittorrent.StalledAfter,
        Trash = options.DownloadDirectory.Length > 0
            ? new Clients.Library.FilmTrash(options.DownloadDirectory, options.QBittorrent.SavePath)
            : null,
    };

    public static WatchlistSettings Watchlist(MovieSyncOptions options) => new(
        options.Username,
        options.CheckInterval,
        options.Letterboxd.FullSyncInterval,
        options.Letterboxd.Source == WatchlistSource.Export ? WatchlistSourceKind.Export : WatchlistSourceKind.Scrape,
        options.Letterboxd.ExportPath)
    {
        Removals = new RemovalRules(options.Letterboxd.OnRemoved switch
        {
            OnRemoved.Keep => RemovalAction.Keep,
            OnRemoved.RemoveTorrent => RemovalAction.RemoveTorrent,
            OnRemoved.RemoveFiles => RemovalAction.RemoveFiles,
            _ => RemovalAction.Forget,
        }, options.Letterboxd.RemovalGrace),
    };

    public static LetterboxdClientOptions Letterboxd(MovieSyncOptions options) => new() { BaseUrl = options.Letterboxd.BaseUrl };

    /// <summary>The FileList accounts this node serves: none when <c>filelist.username</c> / <c>filelist.passkey</c> are missing.</summary>
    public static IReadOnlyList<FileListAccountSettings> FileListAccounts(MovieSyncOptions options)
    {
        var fileList = options.FileList;
        return fileList.AllAccounts.Select(a =>
            new FileListAccountSettings(new FileListAccount(fileList.BaseUrl, a.Username, a.Passkey), a.RequestsPerHour)
            {
                Categories = fileList.Categories,
            }).ToList();
    }

    public static QBittorrentConnection QBittorrent(MovieSyncOptions options) =>
        new(options.QBittorrent.Url, options.QBittorrent.Username, options.QBittorrent.Password ?? "");

    /// <summary>The download window in the machine's local time zone (or <paramref name="zone"/>), and the download limit.</summary>
    public static Schedule.DownloadSchedule DownloadSchedule(MovieSyncOptions options, TimeZoneInfo? zone = null) =>
        Schedule.DownloadSchedule.From(options, zone);

    public static GrabbingSettings Grabbing(MovieSyncOptions options)
    {
        var fileList = options.FileList;
        var qbittorrent = options.QBittorrent;
        var criteria = new TorrentCriteria
        {
            Categories = fileList.Categories,
            MinSeeders = fileList.MinSeeders,
            Resolutions = fileList.Resolutions,
            MaxSizeGb = fileList.MaxSizeGb,
            PreferFreeleech = fileList.PreferFreeleech,
        };
        var add = new TorrentAddOptions
        {
            Category = qbittorrent.Category,
            Tags = qbittorrent.Tags,
            SavePath = qbittorrent.SavePath,
            Paused = qbittorrent.Paused,
            DownloadLimit = qbittorrent.MaxDownloadKbps is > 0 and var kbps ? kbps * 1024L : null,
        };
        return new GrabbingSettings(options.DownloadDirectory, criteria, add)
        {
            Schedule = DownloadSchedule(options),
            Disk = DiskLimits.From(options.Disk),
        };
    }
}
