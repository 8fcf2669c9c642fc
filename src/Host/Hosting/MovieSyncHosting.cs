using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using MovieSync.Actors.Hosting;

namespace MovieSync.Host.Hosting;

/// <summary>The host's actor system: its own HOCON, serialization, the journal, logging through MEL, then the parts a run asks for (the console is the runner's).</summary>
public static class MovieSyncHosting
{
    public static IServiceCollection AddMovieSyncActors(this IServiceCollection services, JournalOptions journal,
        Action<AkkaConfigurationBuilder> parts)
    {
        services.AddAkka("moviesync", builder =>
        {
            builder
                .AddHocon(MovieSyncConfig.Host, HoconAddMode.Prepend)
                .AddMovieSyncSerialization()
                .AddMovieSyncPersistence(journal)
                .ConfigureLoggers(loggers =>
                {
                    loggers.ClearLoggers();
                    loggers.AddLogger<AkkaLogForwarder>();
                });
            parts(builder);
        });
        return services;
    }
}
