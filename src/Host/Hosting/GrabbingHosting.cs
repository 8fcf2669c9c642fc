using Akka.Actor;
using Akka.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MovieSync.Actors.Movies;
using MovieSync.Actors.Grabbing;
using MovieSync.Configuration;

namespace MovieSync.Host.Hosting;

/// <summary>Wires the real grabber (FileList account actor + qBittorrent) into a run.</summary>
public static class GrabbingHosting
{
    /// <summary>
    /// For <see cref="MovieSyncWork.Grabber"/>: builds the grabber once the actor system exists, logging through the
    /// host's logger factory.
    /// </summary>
    public static Func<ActorSystem, IMovieGrabber> Grabber(MovieSyncOptions options) => system =>
        GrabbingSetup.Create(system, options,
            DependencyResolver.For(system).Resolver.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance);
}
