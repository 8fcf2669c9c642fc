using Akka.Actor;
using Akka.Pattern;
using Microsoft.Extensions.Logging;
using MovieSync.Actors.Movies;
using MovieSync.Actors.FileList;
using MovieSync.Clients.FileList;
using MovieSync.Clients.QBittorrent;
using MovieSync.Configuration;

namespace MovieSync.Actors.Grabbing;

/// <summary>Builds the real grabber from the configuration: the FileList account actor, the qBittorrent client, the library.</summary>
public static class GrabbingSetup
{
    /// <summary>
    /// Starts the <see cref="FileListAccountActor"/> (named <see cref="FileListAccountActor.Name"/>) when FileList
    /// credentials are configured, and returns a <see cref="FileListGrabber"/>. Call once per actor system.
    /// </summary>
    public static IMovieGrabber Create(ActorSystem system, MovieSyncOptions options, ILoggerFactory loggers) =>
        Create(system, options, loggers, new QBittorrentClientOptions());

    /// <summary>As <see cref="Create(ActorSystem, MovieSyncOptions, ILoggerFactory)"/>, with qBittorrent client tuning (tests).</summary>
    public static FileListGrabber Create(ActorSystem system, MovieSyncOptions options, ILoggerFactory loggers,
        QBittorrentClientOptions qbittorrentOptions)
    {
        IActorRef? account = null;
        if (AccountSettings(options) is { } settings)
        {
            // One connection pool for the account's lifetime; the client applies its own per-request timeout.
            var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(10) });
            var clientLogger = loggers.CreateLogger<FileListClient>();
            // The account actor stops when its journal refuses a write; its supervisor starts it again, with a growing
            // pause, and forwards every message to it. Requests sent while it is down are answered by no one: the
            // grabber defers those films (see FileListGrabber.AskAccountAsync).
            var accountProps = FileListAccountActor.Props(settings, a => new FileListClient(http, a, logger: clientLogger));
            account = system.ActorOf(BackoffSupervisor.Props(Backoff.OnStop(accountProps, "account",
                TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1), randomFactor: 0.2, maxNrOfRetries: -1)), FileListAccountActor.Name);
        }

        var qbittorrent = options.QBittorrent;
        var client = new QBittorrentClient(
            new QBittorrentConnection(qbittorrent.Url, qbittorrent.Username, qbittorrent.Password ?? ""),
            qbittorrentOptions with { Logger = qbittorrentOptions.Logger ?? loggers.CreateLogger<QBittorrentClient>() });
        return new FileListGrabber(account, client, Settings(options), system.Scheduler, loggers.CreateLogger<FileListGrabber>());
    }

    /// <summary>The account actor's settings, or null when <c>filelist.username</c> / <c>filelist.passkey</c> are missing.</summary>
    public static FileListAccountSettings? AccountSettings(MovieSyncOptions options)
    {
        var fileList = options.FileList;
        if (!fileList.HasCredentials)
            return null;
        return new FileListAccountSettings(new FileListAccount(fileList.BaseUrl, fileList.Username!, fileList.Passkey!), fileList.RequestsPerHour)
        {
            Categories = fileList.Categories,
        };
    }

    public static GrabbingSettings Settings(MovieSyncOptions options)
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
        };
        return new GrabbingSettings(options.DownloadDirectory, criteria, add);
    }
}
