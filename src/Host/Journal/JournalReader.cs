using Akka.Actor;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using MovieSync.Actors.Hosting;
using MovieSync.Messages;

namespace MovieSync.Host.Journal;

/// <summary>Reads the journal through Akka.Persistence.Query, whether or not the host is running.</summary>
public sealed class JournalReader : IAsyncDisposable
{
    private readonly ActorSystem _system;
    private readonly SqlReadJournal _journal;
    private readonly IMaterializer _materializer;

    /// <summary>Reads through <paramref name="system"/>, a short-lived actor system it owns and terminates when disposed.</summary>
    public JournalReader(ActorSystem system)
    {
        _system = system;
        _journal = PersistenceQuery.Get(system).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
        _materializer = system.Materializer();
    }

    public static JournalReader Open(string connectionString, string provider = JournalOptions.SqliteProvider)
    {
        return new JournalReader(ActorSystem.Create("moviesync-reader", MovieSyncConfig.ForCommand(new JournalOptions(connectionString, provider))));
    }

    /// <summary>Every persisted event in journal order.</summary>
    public Task<IReadOnlyList<EventEnvelope>> AllEventsAsync(CancellationToken cancellationToken = default) =>
        Collect(_journal.CurrentAllEvents(Offset.NoOffset()), cancellationToken);

    /// <summary>One movie's events, oldest first.</summary>
    public Task<IReadOnlyList<EventEnvelope>> MovieEventsAsync(MovieId id, CancellationToken cancellationToken = default) =>
        Collect(_journal.CurrentEventsByPersistenceId(id.PersistenceId, 0, long.MaxValue), cancellationToken);

    /// <summary>The current state of every tracked movie (<see cref="MovieStates.Tracked"/>), by id.</summary>
    public async Task<IReadOnlyList<MovieState>> MoviesAsync(CancellationToken cancellationToken = default) =>
        (await AllEventsAsync(cancellationToken)).Aggregate(MovieStates.Empty, (states, envelope) => states.Apply(envelope.Event)).Tracked;

    /// <summary>Every persisted event in journal order, then each new one as it is written, until cancelled.</summary>
    public Task FollowAllEventsAsync(Action<EventEnvelope> onEvent, CancellationToken cancellationToken)
    {
        var (kill, done) = _journal.AllEvents(Offset.NoOffset())
            .ViaMaterialized(KillSwitches.Single<EventEnvelope>(), Keep.Right)
            .ToMaterialized(Sink.ForEach(onEvent), Keep.Both)
            .Run(_materializer);
        cancellationToken.Register(kill.Shutdown);
        return done;
    }

    private async Task<IReadOnlyList<EventEnvelope>> Collect(Source<EventEnvelope, Akka.NotUsed> source,
        CancellationToken cancellationToken)
    {
        var events = await source.RunWith(Sink.Seq<EventEnvelope>(), _materializer).WaitAsync(cancellationToken);
        return events;
    }

    public async ValueTask DisposeAsync() => await _system.Terminate();
}
