using Akka.Actor;
using Akka.Persistence;
using MovieSync.Messages;

namespace MovieSync.Bench.Journal;

/// <summary>Persists one movie event per request, as a DownloadActor does for each state change, and confirms it.</summary>
internal sealed class ChangeWriter : ReceivePersistentActor
{
    public ChangeWriter(string persistenceId)
    {
        PersistenceId = persistenceId;
        Command<IMovieEvent>(e =>
        {
            var sender = Sender;
            Persist(e, _ => sender.Tell(JournalSeeder.Done.Instance));
        });
        Recover<object>(_ => { });
    }

    public override string PersistenceId { get; }
}
