using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MovieSync.Actors.Adapters.Letterboxd;
using MovieSync.Actors.Movies;
using MovieSync.Actors.Watchlist;
using MovieSync.Clients.Letterboxd;

namespace MovieSync.Actors.Hosting;

public static class WatchlistHosting
{
    /// <summary>
    /// The <see cref="WatchlistActor"/> (registered), reading the Letterboxd site or its data export as configured and
    /// telling the registered <see cref="MovieCoordinator"/> (add <see cref="MoviesHosting.AddMovies"/> first).
    /// </summary>
    public static AkkaConfigurationBuilder AddWatchlist(this AkkaConfigurationBuilder builder, WatchlistSettings settings,
        LetterboxdClientOptions client) =>
        builder.WithActors((system, registry, resolver) =>
            registry.Register<WatchlistActor>(system.ActorOf(Props(settings, client, resolver, registry.Get<MovieCoordinator>()),
                WatchlistActor.Name)));

    /// <summary>The <see cref="WatchlistActor"/> under its supervisor, telling <paramref name="coordinator"/> (plain or a singleton).</summary>
    public static Akka.Actor.Props Props(WatchlistSettings settings, LetterboxdClientOptions client,
        Akka.DependencyInjection.IDependencyResolver resolver, Akka.Actor.IActorRef coordinator)
    {
        var letterboxd = new LetterboxdClient(client, log: resolver.GetService<ILoggerFactory>()?.CreateLogger<LetterboxdClient>());
        var source = Source(settings, letterboxd);
        // The host's health and metrics follow the reads when it registered a LetterboxdActivity.
        if (resolver.GetService<LetterboxdActivity>() is { } activity)
            source = activity.Observe(source, letterboxd);
        return Supervision.RestartedWhenStopped(WatchlistActor.Props(settings, source, coordinator), WatchlistActor.Name);
    }

    public static IWatchlistSource Source(WatchlistSettings settings, LetterboxdClient letterboxd) =>
        settings.Source == WatchlistSourceKind.Export
            ? new ExportWatchlistSource(settings.ExportPath!, letterboxd)
            : new ScrapedWatchlistSource(letterboxd);
}
