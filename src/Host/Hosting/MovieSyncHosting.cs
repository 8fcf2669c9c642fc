using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using MovieSync.Actors.Downloads;
using MovieSync.Messages;

namespace MovieSync.Host.Hosting;

/// <summary>Wires the actor system into the generic host: persistence from hocon/, the actors, logging through MEL.</summary>
public static class MovieSyncHosting
{
    public static readonly TimeSpan StatisticsPeriod = TimeSpan.FromMinutes(5);

    public static IServiceCollection AddMovieSyncActors(this IServiceCollection services, string connectionString,
        IMovieGrabber grabber, DownloadSettings settings, IReadOnlyList<DownloadCommands.QueueMovie> initialMovies)
    {
        services.AddAkka("moviesync", builder =>
        {
            builder
                .AddHocon(AkkaConfiguration.Build(connectionString), HoconAddMode.Prepend)
                .ConfigureLoggers(loggers =>
                {
                    loggers.ClearLoggers();
                    loggers.AddLoggerFactory();
                })
                .WithActors((system, registry) =>
                {
                    var coordinator = system.ActorOf(DownloadCoordinator.Props(grabber, settings), DownloadCoordinator.Name);
                    registry.Register<DownloadCoordinator>(coordinator);
                    system.ActorOf(StatisticsReporter.Props(coordinator, StatisticsPeriod), "statistics");
                    foreach (var movie in initialMovies)
                        coordinator.Tell(movie);
                });
        });
        services.AddHostedService<RunConsole>();
        return services;
    }
}
