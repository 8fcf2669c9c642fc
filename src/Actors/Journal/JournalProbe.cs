using Akka.Actor;
using Akka.Persistence;
using MovieSync.Messages;

namespace MovieSync.Actors.Journal;

/// <summary>
/// One write to prove the journal writable again after an outage, when nothing else writes (an idle host): persists a
/// <see cref="JournalProbed"/>, tells its parent <see cref="JournalReports.WriteSucceeded"/>, deletes it and stops. A write
/// that fails stops it too (Akka stops a persistent actor whose persist fails); the parent tries again later.
/// </summary>
public sealed class JournalProbe : ReceivePersistentActor
{
    public const string Id = "journal-probe";

    public JournalProbe()
    {
        Recover<JournalProbed>(_ => { });
        Command<Probe>(_ => Persist(new JournalProbed(Context.System.Scheduler.Now), _ =>
        {
            Context.Parent.Tell(JournalReports.WriteSucceeded.Instance);
            DeleteMessages(LastSequenceNr);
        }));
        // Deleted or not, the journal took the write: a probe left behind is one small row, deleted by the next one.
        Command<DeleteMessagesSuccess>(_ => Context.Stop(Self));
        Command<DeleteMessagesFailure>(_ => Context.Stop(Self));
    }

    public override string PersistenceId => Id;

    public static Props Props() => Akka.Actor.Props.Create(() => new JournalProbe());

    protected override void PreStart() => Self.Tell(Probe.Instance);

    private sealed record Probe : INoSerializationVerificationNeeded
    {
        public static Probe Instance { get; } = new();
    }
}
