using Akka.Actor;
using Akka.Persistence;
using MovieSync.Messages;

namespace MovieSync.Bench.Journal;

/// <summary>
/// Persists one movie event per request, as a MovieActor does for each state change, and confirms it; or snapshots a
/// given state under its persistence id (the coordinator's snapshot of a seeded journal), and confirms that.
/// </summary>
internal sealed class ChangeWriter : ReceivePersistentActor
{
    private IActorRef? _reply;

    public ChangeWriter(string persistenceId)
    {
        PersistenceId = persistenceId;
        Command<IMovieEvent>(e =>
        {
            var sender = Sender;
            Persist(e, _ => sender.Tell(Done.Instance));
        });
        Command<SaveState>(save =>
        {
            _reply = Sender;
            SaveSnapshot(save.Snapshot);
        });
        Command<SaveSnapshotSuccess>(_ => _reply?.Tell(Done.Instance));
        Command<SaveSnapshotFailure>(f => _reply?.Tell(new Status.Failure(f.Cause)));
        Recover<object>(_ => { });
    }

    public override string PersistenceId { get; }

    /// <summary>Snapshots the given state at the current sequence number (after recovering what is in the journal).</summary>
    public sealed record SaveState(IPersistedMessage Snapshot);

    public sealed record Done
    {
        public static Done Instance { get; } = new();
    }
}
