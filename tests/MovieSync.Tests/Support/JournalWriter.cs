using Akka.Actor;
using Akka.Persistence;
using Akka.Persistence.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using MovieSync.Actors.Notifications;

namespace MovieSync.Tests.Support;

/// <summary>
/// Journals whatever event it is told under whatever persistence id it is told (<c>(persistenceId, event)</c>, answered
/// "written"), as that actor would have: a movie's event for the notifier to find, the notifier's for an outbox to follow.
/// </summary>
public sealed class JournalWriter : UntypedActor
{
    public static Props Props() => Akka.Actor.Props.Create(() => new JournalWriter());

    /// <summary>The events journaled under <paramref name="persistenceId"/>, oldest first.</summary>
    public static IReadOnlyList<object> EventsOf(ActorSystem system, string persistenceId) =>
        JournalFollowing.ReadJournal(system).CurrentEventsByPersistenceId(persistenceId, 0, long.MaxValue)
            .RunWith(Sink.Seq<EventEnvelope>(), system.Materializer()).Result.Select(e => e.Event).ToList();

    protected override void OnReceive(object message)
    {
        if (message is not (string persistenceId, object @event))
            return;
        var replyTo = Sender;
        Context.Watch(Context.ActorOf(Akka.Actor.Props.Create(() => new OneWriter(persistenceId, @event, replyTo))));
    }

    private sealed class OneWriter : ReceivePersistentActor
    {
        private readonly string _persistenceId;

        public OneWriter(string persistenceId, object @event, IActorRef replyTo)
        {
            _persistenceId = persistenceId;
            Recover<RecoveryCompleted>(_ => Self.Tell("write"));
            Command<string>(_ => Persist(@event, _ =>
            {
                replyTo.Tell("written");
                Context.Stop(Self);
            }));
        }

        public override string PersistenceId => _persistenceId;
    }
}
