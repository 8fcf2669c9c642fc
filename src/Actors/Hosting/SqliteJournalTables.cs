using Akka.Actor;
using Akka.Persistence;

namespace MovieSync.Actors.Hosting;

/// <summary>
/// Gives a new SQLite journal its tables before the host's actor system starts. Akka.Persistence.Sql creates them when its
/// journal first starts, but the host chooses how reads are isolated as it starts (<see cref="MovieSyncConfig"/>): without
/// the tables every read of that whole first run takes SQLite's write lock, and the hourly burst of movies recovering at
/// once then queues on it (each hour's grabs took 2–12 s instead of about 1 s in the `filelist` benchmark, and some
/// recoveries failed with "database is locked").
/// </summary>
public static class SqliteJournalTables
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(1);

    /// <summary>Creates the tables of a new SQLite journal (a short-lived actor system recovers one entity); nothing to do otherwise.</summary>
    public static async Task EnsureAsync(JournalOptions journal, CancellationToken cancellationToken = default)
    {
        if (!journal.IsSqlite || SqliteJournal.HasJournalTables(journal.ConnectionString))
            return;
        var system = ActorSystem.Create("moviesync-journal-tables", MovieSyncConfig.ForCommand(journal));
        try
        {
            // A recovery reads the snapshot store and the journal: both create their tables before they answer.
            var recovering = system.ActorOf(Props.Create(() => new FirstRecovery()));
            await recovering.Ask<FirstRecovery.Recovered>(FirstRecovery.Wait.Instance, Timeout, cancellationToken);
        }
        finally
        {
            await system.Terminate();
        }

        SqliteJournal.UseWriteAheadLog(journal.ConnectionString);
    }

    /// <summary>Recovers an entity that has no events; a question waits for that (a persistent actor stashes it meanwhile).</summary>
    private sealed class FirstRecovery : ReceivePersistentActor
    {
        public FirstRecovery() => Command<Wait>(_ => Sender.Tell(Recovered.Instance));

        public override string PersistenceId => "journal-tables";

        public sealed record Wait : INoSerializationVerificationNeeded
        {
            public static Wait Instance { get; } = new();
        }

        public sealed record Recovered : INoSerializationVerificationNeeded
        {
            public static Recovered Instance { get; } = new();
        }
    }
}
