using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using MovieSync.Actors.Movies;
using MovieSync.Actors.Watchlist;
using MovieSync.Messages;

namespace MovieSync.Host.Hosting;

/// <summary>Wires the actor system into the generic host: persistence from hocon/, the actors, logging through MEL.</summary>
public static class MovieSyncHosting
{
    public static readonly TimeSpan StatisticsPeriod = TimeSpan.FromMinutes(5);

    public static IServiceCollection AddMovieSyncActors(this IServiceCollection services, string connectionString, MovieSyncWork work)
    {
        services.AddAkka("moviesync", builder =>
        {
            builder
                .AddHocon(AkkaConfiguration.Build(connectionString), HoconAddMode.Prepend)
                .ConfigureLoggers(loggers =>
                {
                    loggers.ClearLoggers();
                    loggers.AddLogger<AkkaLogForwarder>();
                })
                .WithActors((system, registry) =>
                {
                    var grabber = work.Grabber(system);
                    var coordinator = system.ActorOf(MovieCoordinator.Props(grabber, work.Settings), MovieCoordinator.Name);
                    registry.Register<MovieCoordinator>(coordinator);
                    system.ActorOf(StatisticsReporter.Props(coordinator, StatisticsPeriod), "statistics");
                    foreach (var movie in work.InitialMovies)
                        coordinator.Tell(movie);
                    if (work.Watchlist?.Invoke(system, coordinator) is { } watchlist)
                        registry.Register<WatchlistActor>(watchlist);
                });
        });
        services.AddHostedService<RunConsole>();
        return services;
    }
}

/// <summary>What a run does: how movies are grabbed, how often, and where the watchlist comes from.</summary>
/// <param name="Grabber">Made once the actor system exists (a real grabber starts its account actor in it).</param>
/// <param name="Watchlist">Starts the watchlist actor that tells the coordinator about films; null in a simulation.</param>
public sealed record MovieSyncWork(
    Func<ActorSystem, IMovieGrabber> Grabber,
    MovieSettings Settings,
    IReadOnlyList<MovieCommands.QueueMovie> InitialMovies,
    Func<ActorSystem, IActorRef, IActorRef>? Watchlist = null);
