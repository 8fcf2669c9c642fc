using Akka.Actor;
using Akka.DependencyInjection;
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
    /// The <see cref="DownloadWindowActor"/> (registered), also when config.json sets neither <c>schedule.download_window</c>
    /// nor <c>qbittorrent.max_download_kbps</c> (it then does nothing until an edit of config.json sets one).
    /// </summary>
    public static AkkaConfigurationBuilder AddDownloadWindow(this AkkaConfigurationBuilder builder, MovieSyncOptions options) =>
        builder.WithActors((system, registry, resolver) =>
            registry.Register<DownloadWindowActor>(system.ActorOf(Props(options, resolver), DownloadWindowActor.Name)));

    /// <summary>
    /// The actor's props with its own qBittorrent session, for a plain start or a cluster singleton; it follows the host's
    /// <see cref="LiveDownloadSchedule"/> when there is one, else what config.json said at start.
    /// </summary>
    public static Props Props(MovieSyncOptions options, IDependencyResolver resolver)
    {
        var loggers = resolver.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance;
        var schedule = resolver.GetService<LiveDownloadSchedule>() ?? new LiveDownloadSchedule(SettingsFromOptions.DownloadSchedule(options));
        return DownloadWindowActor.Props(schedule, () => new OwnTorrents(
            new QBittorrentClient(SettingsFromOptions.QBittorrent(options),
                new QBittorrentClientOptions { Logger = loggers.CreateLogger<QBittorrentClient>() }),
            options.QBittorrent.Category, options.QBittorrent.Tags));
    }

    /// <summary>The host's live download window and limit (config.json as edited while `run` runs), when it keeps one.</summary>
    public static LiveDownloadSchedule? LiveSchedule(ActorSystem system) =>
        // An actor system without dependency injection (specs): the schedule stays as config.json said at start.
        system.Settings.Setup.Get<DependencyResolverSetup>().HasValue
            ? DependencyResolver.For(system).Resolver.GetService<LiveDownloadSchedule>()
            : null;
}
