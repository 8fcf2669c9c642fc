using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MovieSync.Actors.Schedule;
using MovieSync.Clients.QBittorrent;
using MovieSync.Configuration;

namespace MovieSync.Actors.Hosting;

public static class DownloadWindowHosting
{
    /// <summary>
    /// The <see cref="DownloadWindowActor"/> (registered) when config.json sets <c>schedule.download_window</c> or
    /// <c>qbittorrent.max_download_kbps</c>; nothing otherwise.
    /// </summary>
    public static AkkaConfigurationBuilder AddDownloadWindow(this AkkaConfigurationBuilder builder, MovieSyncOptions options) =>
        SettingsFromOptions.DownloadSchedule(options) is not { IsActive: true } schedule
            ? builder
            : builder.WithActors((system, registry, resolver) =>
                registry.Register<DownloadWindowActor>(system.ActorOf(Props(options, schedule, resolver), DownloadWindowActor.Name)));

    /// <summary>The actor's props with its own qBittorrent session, for a plain start or a cluster singleton.</summary>
    public static Props Props(MovieSyncOptions options, DownloadSchedule schedule, Akka.DependencyInjection.IDependencyResolver resolver)
    {
        var loggers = resolver.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance;
        return DownloadWindowActor.Props(schedule, () => new OwnTorrents(
            new QBittorrentClient(SettingsFromOptions.QBittorrent(options),
                new QBittorrentClientOptions { Logger = loggers.CreateLogger<QBittorrentClient>() }),
            options.QBittorrent.Category, options.QBittorrent.Tags));
    }
}
