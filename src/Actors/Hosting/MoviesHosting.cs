using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MovieSync.Actors.Movies;
using static MovieSync.Messages.MovieCommands;

namespace MovieSync.Actors.Hosting;

/// <summary>Builds the grabber once the actor system runs, from what is registered before (the FileList accounts).</summary>
public delegate IMovieGrabber GrabberFactory(ActorSystem system, IActorRegistry registry, ILoggerFactory loggers);

public static class MoviesHosting
{
    public static readonly TimeSpan StatisticsPeriod = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The <see cref="MovieCoordinator"/> (registered) with its movie actors, grabbing through <paramref name="grabber"/>,
    /// and the statistics it logs every 5 minutes; <paramref name="initialMovies"/> are queued at start (simulations).
    /// </summary>
    public static AkkaConfigurationBuilder AddMovies(this AkkaConfigurationBuilder builder, MovieSettings settings,
        GrabberFactory grabber, IReadOnlyList<QueueMovie>? initialMovies = null) =>
        builder.WithActors((system, registry, resolver) =>
        {
            var coordinator = system.ActorOf(CoordinatorProps(system, registry, resolver, settings, grabber), MovieCoordinator.Name);
            registry.Register<MovieCoordinator>(coordinator);
            system.ActorOf(StatisticsReporter.Props(coordinator, StatisticsPeriod), StatisticsName);
            if (settings.Trash is { } trash)
                system.ActorOf(TrashActor.Props(trash), TrashActor.Name);
            foreach (var movie in initialMovies ?? [])
                coordinator.Tell(movie);
        });

    public const string StatisticsName = "statistics";

    /// <summary>The <see cref="MovieCoordinator"/> under its supervisor, grabbing through what <paramref name="grabber"/> builds (plain or a singleton).</summary>
    public static Props CoordinatorProps(ActorSystem system, IActorRegistry registry, Akka.DependencyInjection.IDependencyResolver resolver,
        MovieSettings settings, GrabberFactory grabber) =>
        Supervision.RestartedWhenStopped(MovieCoordinator.Props(
            grabber(system, registry, resolver.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance), settings), MovieCoordinator.Name);

    /// <summary>
    /// The grabber of a real run: FileList through the registered account (if any; through the broker when there are
    /// several, or <paramref name="throughBroker"/> in a cluster, where the accounts may be on other nodes), qBittorrent
    /// with the host's live download window and limit, the library.
    /// </summary>
    public static GrabberFactory TorrentGrabber(Configuration.MovieSyncOptions options, bool throughBroker = false) =>
        (system, registry, loggers) =>
            GrabbingHosting.TorrentGrabber(FileListFor(options, registry, throughBroker), options, loggers, system.Scheduler,
                schedule: DownloadWindowHosting.LiveSchedule(system));

    private static IActorRef? FileListFor(Configuration.MovieSyncOptions options, IActorRegistry registry, bool throughBroker)
    {
        if ((throughBroker || options.FileList.AllAccounts.Count > 1) && registry.TryGet<FileList.FileListBroker>(out var broker))
            return broker;
        return registry.TryGet<FileList.FileListAccountActor>(out var account) ? account : null;
    }
}
