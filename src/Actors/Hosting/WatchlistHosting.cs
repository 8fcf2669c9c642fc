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
        {
            var letterboxd = Client(client, resolver);
            var watchlist = system.ActorOf(Supervision.RestartedWhenStopped(
                WatchlistActor.Props(settings, Source(settings, letterboxd), registry.Get<MovieCoordinator>()), WatchlistActor.Name),
                WatchlistActor.Name);
            registry.Register<WatchlistActor>(watchlist);
        });

    public static LetterboxdClient Client(LetterboxdClientOptions client, Akka.DependencyInjection.IDependencyResolver resolver) =>
        new(client, log: resolver.GetService<ILoggerFactory>()?.CreateLogger<LetterboxdClient>());

    public static IWatchlistSource Source(WatchlistSettings settings, LetterboxdClient letterboxd) =>
        settings.Source == WatchlistSourceKind.Export
            ? new ExportWatchlistSource(settings.ExportPath!, letterboxd)
            : new ScrapedWatchlistSource(letterboxd);
}
