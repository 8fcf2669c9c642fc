using System.Collections.Immutable;
using System.Threading.Channels;
using Akka.Actor;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using Microsoft.Extensions.Logging;
using MovieSync.Host.Journal;
using MovieSync.Messages;

namespace MovieSync.Host.Web;

/// <summary>
/// The API's read model: every movie's current state, folded from the journal's event stream (the current events
/// first, then live), and a fan-out of each newly persisted event to the dashboard's live listeners.
/// </summary>
public sealed class MovieBoard
{
    private static readonly TimeSpan RestartDelay = TimeSpan.FromSeconds(2);
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _listenersLock = new();
    private ImmutableList<Channel<string>> _listeners = [];
    private MovieStates _states = MovieStates.Empty;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _lastOrdering;
    private SqlReadJournal? _journal;
    private IMaterializer? _materializer;

    /// <summary>Told every event folded in, once each, the journal's older ones first (the metrics count from it).</summary>
    public Action<object>? EventFolded { get; set; }

    /// <summary>Completes once every event persisted before the host started has been folded in.</summary>
    public Task WhenReady => _ready.Task;

    /// <summary>Every tracked movie, forgotten and cleaned-up ones excluded (as `list` shows them), by id.</summary>
    public IReadOnlyList<MovieState> Movies => Volatile.Read(ref _states).Tracked;

    /// <summary>How many tracked movies are in each state.</summary>
    public MovieCounts Counts => Volatile.Read(ref _states).Counts;

    /// <summary>The journals holding an event this version cannot read (persistence id: error).</summary>
    public IReadOnlyDictionary<string, string> Unreadable => Volatile.Read(ref _states).Unreadable;

    /// <summary>The movie's state, forgotten and cleaned-up included; null when the journal has never named it.</summary>
    public MovieState? Find(MovieId id) => Volatile.Read(ref _states).All.GetValueOrDefault(id);

    /// <summary>
    /// Waits until <paramref name="condition"/> holds for the folded journal, or <paramref name="timeout"/> passes:
    /// a change the API has just asked for is then visible to the next read. False on timeout.
    /// </summary>
    public async Task<bool> WaitUntilAsync(Func<MovieBoard, bool> condition, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        while (true)
        {
            var changed = Volatile.Read(ref _changed).Task;
            if (condition(this))
                return true;
            try
            {
                await changed.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return condition(this);
            }
        }
    }

    /// <summary>Starts following the journal of the running actor system until <paramref name="stopping"/> fires.</summary>
    public void Start(ActorSystem system, ILogger logger, CancellationToken stopping)
    {
        _journal = JournalReader.ReadJournalOf(system);
        _materializer = system.Materializer();
        _ = FollowAsync(_journal, _materializer, logger, stopping);
    }

    /// <summary>One movie's persisted events, oldest first.</summary>
    public async Task<IReadOnlyList<EventEnvelope>> HistoryAsync(MovieId id, CancellationToken cancellationToken)
    {
        await WhenReady.WaitAsync(cancellationToken);
        return await _journal!.CurrentEventsByPersistenceId(id.PersistenceId, 0, long.MaxValue)
            .RunWith(Sink.Seq<EventEnvelope>(), _materializer!).WaitAsync(cancellationToken);
    }

    /// <summary>A listener that receives the JSON entry of every event persisted from now on, until disposed.</summary>
    public EventListener Listen()
    {
        // A listener that cannot keep up loses the oldest entries rather than holding memory: it refreshes anyway.
        var channel = Channel.CreateBounded<string>(new BoundedChannelOptions(1000) { FullMode = BoundedChannelFullMode.DropOldest });
        lock (_listenersLock)
            _listeners = _listeners.Add(channel);
        return new EventListener(channel.Reader, () =>
        {
            lock (_listenersLock)
                _listeners = _listeners.Remove(channel);
            channel.Writer.TryComplete();
        });
    }

    private async Task FollowAsync(SqlReadJournal journal, IMaterializer materializer, ILogger logger, CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                if (!_ready.Task.IsCompleted)
                {
                    await journal.CurrentAllEvents(Offset.Sequence(_lastOrdering))
                        .RunForeach(e => Fold(e, announce: false), materializer).WaitAsync(stopping);
                    _ready.TrySetResult();
                }

                var (killSwitch, done) = journal.AllEvents(Offset.Sequence(_lastOrdering))
                    .ViaMaterialized(KillSwitches.Single<EventEnvelope>(), Keep.Right)
                    .ToMaterialized(Sink.ForEach<EventEnvelope>(e => Fold(e, announce: true)), Keep.Both)
                    .Run(materializer);
                await using (stopping.Register(killSwitch.Shutdown))
                    await done;
            }
            catch (Exception e) when (!stopping.IsCancellationRequested)
            {
                logger.LogWarning(e, "Reading the journal for the dashboard failed; reading on in {Delay}", RestartDelay);
                await Task.Delay(RestartDelay, CancellationToken.None);
            }
            catch (Exception)
            {
                return; // shutting down: the actor system ends the stream
            }
        }
    }

    private void Fold(EventEnvelope envelope, bool announce)
    {
        // Restarted streams may repeat the last event: each ordering is folded once.
        if (envelope.Offset is Sequence sequence)
        {
            if (sequence.Value <= _lastOrdering)
                return;
            _lastOrdering = sequence.Value;
        }

        Volatile.Write(ref _states, Volatile.Read(ref _states).Apply(envelope.PersistenceId, envelope.Event));
        EventFolded?.Invoke(envelope.Event);
        Interlocked.Exchange(ref _changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        if (announce)
            Announce(envelope);
    }

    /// <summary>Tells the live listeners the event as `events --json` prints it; an event without a manifest is not ours to show.</summary>
    private void Announce(EventEnvelope envelope)
    {
        string json;
        try
        {
            json = EventText.ToJson(envelope, withPersistenceId: true).ToJsonString();
        }
        catch (ArgumentException)
        {
            return;
        }

        ImmutableList<Channel<string>> listeners;
        lock (_listenersLock)
            listeners = _listeners;
        foreach (var listener in listeners)
            listener.Writer.TryWrite(json);
    }
}

/// <summary>One live listener of <see cref="MovieBoard"/>; disposing it stops the delivery.</summary>
public sealed class EventListener(ChannelReader<string> events, Action stop) : IDisposable
{
    public ChannelReader<string> Events { get; } = events;

    public void Dispose() => stop();
}
