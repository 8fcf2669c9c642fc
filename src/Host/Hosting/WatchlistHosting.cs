using Akka.Actor;
using Akka.DependencyInjection;
using Microsoft.Extensions.Logging;
using MovieSync.Actors.Watchlist;
using MovieSync.Clients.Letterboxd;
using MovieSync.Configuration;
using MovieSync.Host.Letterboxd;

namespace MovieSync.Host.Hosting;

/// <summary>Wires the watchlist actor into a run: the Letterboxd site or its data export, per config.json.</summary>
public static class WatchlistHosting
{
    /// <summary>For <see cref="MovieSyncWork.Watchlist"/>: starts the watchlist actor, which tells the coordinator about films.</summary>
    public static Func<ActorSystem, IActorRef, IActorRef> Watchlist(MovieSyncOptions options, LetterboxdClientOptions? client = null) =>
        (system, coordinator) =>
        {
            var loggers = DependencyResolver.For(system).Resolver.GetService<ILoggerFactory>();
            var letterboxd = new LetterboxdClient(client ?? new LetterboxdClientOptions { BaseUrl = options.Letterboxd.BaseUrl },
                log: loggers?.CreateLogger<LetterboxdClient>());
            var settings = Settings(options);
            IWatchlistSource source = settings.Source == WatchlistSourceKind.Export
                ? new ExportWatchlistSource(settings.ExportPath!, letterboxd)
                : new ScrapedWatchlistSource(letterboxd);
            return system.ActorOf(WatchlistActor.Props(settings, source, coordinator), WatchlistActor.Name);
        };

    public static WatchlistSettings Settings(MovieSyncOptions options) => new(
        options.Username,
        options.CheckInterval,
        options.Letterboxd.FullSyncInterval,
        options.Letterboxd.Source == WatchlistSource.Export ? WatchlistSourceKind.Export : WatchlistSourceKind.Scrape,
        options.Letterboxd.ExportPath);
}
