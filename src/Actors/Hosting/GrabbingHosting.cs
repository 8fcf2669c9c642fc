using Akka.Actor;
using Microsoft.Extensions.Logging;
using MovieSync.Actors.Adapters.Grabbing;
using MovieSync.Clients.QBittorrent;
using MovieSync.Configuration;

namespace MovieSync.Actors.Hosting;

public static class GrabbingHosting
{
    /// <summary>
    /// The grabber a run uses: the library on disk, FileList through <paramref name="account"/> (null: no credentials,
    /// attempts wait), and qBittorrent as configured.
    /// </summary>
    public static TorrentGrabber TorrentGrabber(IActorRef? account, MovieSyncOptions options, ILoggerFactory loggers,
        Akka.Actor.ITimeProvider clock, QBittorrentClientOptions? client = null, GrabbingSettings? settings = null)
    {
        client ??= new QBittorrentClientOptions();
        settings ??= SettingsFromOptions.Grabbing(options);
        var qbittorrent = new QBittorrentClient(SettingsFromOptions.QBittorrent(options),
            client with { Logger = client.Logger ?? loggers.CreateLogger<QBittorrentClient>() });
        var downloads = new QBittorrentDownloads(qbittorrent, settings.AddOptions, settings.QBittorrentLoginPause, clock,
            loggers.CreateLogger<QBittorrentDownloads>(), settings.Schedule);
        return new TorrentGrabber(account, downloads, settings, clock, loggers.CreateLogger<TorrentGrabber>());
    }
}
