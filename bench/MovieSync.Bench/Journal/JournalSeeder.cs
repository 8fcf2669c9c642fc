using Akka.Actor;
using Akka.Persistence;
using MovieSync.Messages;

namespace MovieSync.Bench.Journal;

/// <summary>Writes a prepared list of events (and optionally a snapshot) under one persistence id, then reports back.</summary>
internal sealed class JournalSeeder : ReceivePersistentActor
{
    public JournalSeeder(string persistenceId)
    {
        PersistenceId = persistenceId;
        Command<Seed>(seed =>
        {
            var sender = Sender;
            var left = seed.Events.Count;
            PersistAll(seed.Events, _ =>
            {
                if (--left > 0)
                    return;
                if (seed.Snapshot is null)
                    sender.Tell(Done.Instance);
                else
                {
                    _reply = sender;
                    SaveSnapshot(seed.Snapshot);
                }
            });
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

    private IActorRef? _reply;

    public override string PersistenceId { get; }

    public sealed record Seed(IReadOnlyList<IPersistedMessage> Events, IPersistedMessage? Snapshot);

    /// <summary>Snapshots the given state at the current sequence number (after recovering what is in the journal).</summary>
    public sealed record SaveState(IPersistedMessage Snapshot);

    public sealed record Done
    {
        public static Done Instance { get; } = new();
    }
}
