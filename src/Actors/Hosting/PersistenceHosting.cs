using Akka.Hosting;

namespace MovieSync.Actors.Hosting;

public static class PersistenceHosting
{
    /// <summary>
    /// The event journal and snapshot store on <paramref name="journal"/> (hocon/persistence.hocon); on SQLite, with
    /// concurrent writes batched into shared transactions (<see cref="SqliteBatchedWrites"/>).
    /// </summary>
    public static AkkaConfigurationBuilder AddMovieSyncPersistence(this AkkaConfigurationBuilder builder, JournalOptions journal)
    {
        builder.AddHocon(MovieSyncConfig.Persistence(journal), HoconAddMode.Append);
        if (journal.IsSqlite)
            builder.AddHocon(SqliteBatchedWrites.Hocon, HoconAddMode.Prepend).AddSetup(SqliteBatchedWrites.Setup(journal.ConnectionString));
        return builder;
    }
}
