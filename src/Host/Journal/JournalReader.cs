using Akka.Actor;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using Microsoft.Data.Sqlite;
using Polly;
using Polly.Retry;
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
        _journal = ReadJournalOf(system);
        _materializer = system.Materializer();
    }

    /// <summary>
    /// The read journal waits a fixed 5 s for the write journal to start, which a loaded machine (or a journal another
    /// process is writing) can miss; the journal keeps starting meanwhile, so asking again soon succeeds.
    /// </summary>
    private static readonly ResiliencePipeline JournalStart = new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<AggregateException>(e => e.InnerException is AskTimeoutException),
            MaxRetryAttempts = 5,
            Delay = TimeSpan.Zero,
        })
        .Build();

    public static JournalReader Open(JournalOptions journal) =>
        new(ActorSystem.Create("moviesync-reader", MovieSyncConfig.ForCommand(journal)));

    /// <summary>A SQLite journal by its connection string.</summary>
    public static JournalReader Open(string connectionString) => Open(new JournalOptions(connectionString));

    /// <summary>The system's read journal, once its write journal has started (see <see cref="JournalStart"/>).</summary>
    public static SqlReadJournal ReadJournalOf(ActorSystem system) =>
        JournalStart.Execute(() => PersistenceQuery.Get(system).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier));

    /// <summary>Every persisted event in journal order.</summary>
    public Task<IReadOnlyList<EventEnvelope>> AllEventsAsync(CancellationToken cancellationToken = default) =>
        Collect(_journal.CurrentAllEvents(Offset.NoOffset()), cancellationToken);

    /// <summary>One movie's events, oldest first.</summary>
    public Task<IReadOnlyList<EventEnvelope>> MovieEventsAsync(MovieId id, CancellationToken cancellationToken = default) =>
        Collect(_journal.CurrentEventsByPersistenceId(id.PersistenceId, 0, long.MaxValue), cancellationToken);

    /// <summary>The current state of every tracked movie (<see cref="MovieStates.Tracked"/>), by id.</summary>
    public async Task<IReadOnlyList<MovieState>> MoviesAsync(CancellationToken cancellationToken = default) =>
        (await StatesAsync(cancellationToken)).Tracked;

    /// <summary>The whole journal folded: every movie's state, and the journals that cannot be read.</summary>
    public async Task<MovieStates> StatesAsync(CancellationToken cancellationToken = default) =>
        (await AllEventsAsync(cancellationToken)).Aggregate(MovieStates.Empty,
            (states, envelope) => states.Apply(envelope.PersistenceId, envelope.Event));

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

    /// <summary>
    /// SQLite answers "database is locked" (SQLITE_BUSY, SQLITE_LOCKED) to a read that meets the running host's write at
    /// the wrong moment, without waiting; asked again a moment later, the read goes through.
    /// </summary>
    private static readonly ResiliencePipeline BusyJournal = new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<SqliteException>(e => e.SqliteErrorCode is 5 or 6),
            MaxRetryAttempts = 6,
            Delay = TimeSpan.FromMilliseconds(100),
            BackoffType = DelayBackoffType.Exponential,
        })
        .Build();

    private Task<IReadOnlyList<EventEnvelope>> Collect(Source<EventEnvelope, Akka.NotUsed> source, CancellationToken cancellationToken) =>
        BusyJournal.ExecuteAsync(async token =>
            (IReadOnlyList<EventEnvelope>)await source.RunWith(Sink.Seq<EventEnvelope>(), _materializer).WaitAsync(token), cancellationToken).AsTask();

    public async ValueTask DisposeAsync() => await _system.Terminate();
}
