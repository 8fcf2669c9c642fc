using Akka.Hosting;

namespace MovieSync.Actors.Hosting;

public static class PersistenceHosting
{
    /// <summary>The event journal and snapshot store on <paramref name="journal"/> (hocon/persistence.hocon).</summary>
    public static AkkaConfigurationBuilder AddMovieSyncPersistence(this AkkaConfigurationBuilder builder, JournalOptions journal) =>
        builder.AddHocon(MovieSyncConfig.Persistence(journal), HoconAddMode.Append);
}
