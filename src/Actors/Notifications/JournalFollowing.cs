using Akka;
using Akka.Actor;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;

namespace MovieSync.Actors.Notifications;

/// <summary>
/// The messages of a journal stream run into an actor with back-pressure: the actor answers <see cref="Ack"/> to the
/// stream (the sender) for <see cref="Started"/> and for each envelope, after it has persisted what the envelope gave.
/// </summary>
public static class JournalFollowing
{
    public sealed class Started : INoSerializationVerificationNeeded
    {
        public static Started Instance { get; } = new();
    }

    public sealed class Ack : INoSerializationVerificationNeeded
    {
        public static Ack Instance { get; } = new();
    }

    /// <summary>A stream of current events reached the journal's end (live streams never do).</summary>
    public sealed class Completed : INoSerializationVerificationNeeded
    {
        public static Completed Instance { get; } = new();
    }

    public sealed record Failed(Exception Cause) : INoSerializationVerificationNeeded;

    /// <summary>The journal's read side, as the host's other readers use it.</summary>
    public static SqlReadJournal ReadJournal(ActorSystem system) =>
        PersistenceQuery.Get(system).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);

    /// <summary>Runs <paramref name="source"/> into <paramref name="actor"/>; the switch stops it.</summary>
    public static UniqueKillSwitch Run(Source<EventEnvelope, NotUsed> source, IActorRef actor, IMaterializer materializer) =>
        source.ViaMaterialized(KillSwitches.Single<EventEnvelope>(), Keep.Right)
            .To(Sink.ActorRefWithAck<EventEnvelope>(actor, Started.Instance, Ack.Instance, Completed.Instance, e => new Failed(e)))
            .Run(materializer);
}
