using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using MovieSync.Actors.Work;
using MovieSync.Messages;
using static MovieSync.Messages.MovieCommands;
using static MovieSync.Messages.WatchlistCommands;
using static MovieSync.Messages.WatchlistEvents;

namespace MovieSync.Actors.Watchlist;

/// <summary>
/// Follows one member's Letterboxd watchlist: checks it on a timer, records added and removed films, looks each film's
/// ids up once, and tells the download coordinator to queue new films and forget removed ones. A bad read changes nothing;
/// a removal needs two trusted complete reads in a row and the grace period (<see cref="WatchlistRemovals"/>).
/// </summary>
/// <remarks>
/// This actor recovers and journals the watchlist, runs the checks and reconciles what a read lists; its parts act on the
/// watchlist through <see cref="IFollowedWatchlist"/>: <see cref="WatchlistAttentions"/> (distrusted reads, a stale export,
/// Letterboxd blocking reads), <see cref="CoordinatorHandOver"/> (queue, forget, the coordinator's answers) and
/// <see cref="FilmLookups"/> (each new film's ids).
/// </remarks>
public sealed class WatchlistActor : ReceivePersistentActor, IWithTimers, IFollowedWatchlist
{
    public const string Name = "watchlist";
    private const string CheckTimer = "check";

    private readonly WatchlistSettings _settings;
    private readonly IWatchlistSource _source;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly WatchlistAttentions _attentions;
    private readonly CoordinatorHandOver _handOver;
    private readonly FilmLookups _lookups;
    private WatchlistState _state = WatchlistState.Empty;
    private bool _busy;
    private int _failures;
    private string? _lastVersion;

    public WatchlistActor(WatchlistSettings settings, IWatchlistSource source, IActorRef coordinator)
    {
        _settings = settings;
        _source = source;
        _attentions = new WatchlistAttentions(this, settings, _log);
        _handOver = new CoordinatorHandOver(this, coordinator, settings, _log);
        _lookups = new FilmLookups(this, Context, source, settings, _attentions, _handOver, _log);

        Recover<SnapshotOffer>(offer => _state = (WatchlistState)offer.Snapshot);
        Recover<IWatchlistEvent>(e => _state = _state.Apply(e));
        Recover<RecoveryCompleted>(_ => OnRecovered());

        Command<CheckWatchlist>(OnCheck);
        Command<ReadFinished>(OnReadFinished);
        Command<LookupFinished>(_lookups.OnFinished);
        Command<QueueMovieResult>(_handOver.OnQueued);
        Command<ForgetMovieResult>(_handOver.OnForgetAnswered);
        Command<WatchlistQueries.GetWatchlist>(_ => Sender.Tell(_state));
        Command<SaveSnapshotSuccess>(s => DeleteSnapshots(new SnapshotSelectionCriteria(s.Metadata.SequenceNr - 1)));
        Command<SaveSnapshotFailure>(f => _log.Warning(f.Cause, "Watchlist snapshot failed"));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(f => _log.Warning(f.Cause, "Deleting old watchlist snapshots failed"));
    }

    public override string PersistenceId => PersistenceIdFor(_settings.Username);

    public ITimerScheduler Timers { get; set; } = null!;

    public static string PersistenceIdFor(string username) => "watchlist-" + username.Trim().ToLowerInvariant();

    public static Props Props(WatchlistSettings settings, IWatchlistSource source, IActorRef coordinator) =>
        Akka.Actor.Props.Create(() => new WatchlistActor(settings, source, coordinator));

    private DateTimeOffset Now => Context.System.Scheduler.Now;

    private void OnRecovered()
    {
        _log.Info("Watchlist of {User}: {Films} films known", _settings.Username, _state.Films.Count);
        _lastVersion = _state.LastReadVersion; // an export already read is not read (nor counted towards a removal) again
        _attentions.OnRecovered();
        Self.Tell(new CheckWatchlist()); // the first check runs at start; later ones on the timer
    }

    private void OnCheck(CheckWatchlist check)
    {
        if (_busy)
        {
            _log.Debug("A watchlist check is already running");
            return;
        }

        _busy = true;
        Timers.Cancel(CheckTimer);
        _handOver.TellUnconfirmed();
        var full = check.FullSync || _state.LastFullSyncAt is not { } last || Now - last >= _settings.FullSyncInterval;
        _log.Info(full ? "📺 Checking Letterboxd watchlist (full sync)..." : "📺 Checking Letterboxd watchlist...");

        var films = _state.Films; // immutable: safe to read from the task
        var bySlugKey = films.Values.Where(f => f.ShortKey is not null).ToDictionary(f => f.ShortKey!, f => f.Slug);
        var request = new WatchlistReadRequest(_settings.Username, films.ContainsKey, full, _lastVersion,
            key => bySlugKey.GetValueOrDefault(key))
        {
            Progress = full ? WalkProgressLog.For(_log, Context.System.Scheduler) : null,
        };
        var source = _source;
        PipedWork.Run(ct => source.ReadAsync(request, ct), _settings.OperationTimeout,
            outcome => new ReadFinished(outcome, full),
            error => new ReadFinished(
                new WatchlistReadOutcome.Failed(WatchlistFailure.NetworkFailure, Describe(error, _settings.OperationTimeout)), full), Self);
    }

    private void OnReadFinished(ReadFinished finished)
    {
        switch (finished.Outcome)
        {
            case WatchlistReadOutcome.Failed failed:
                _attentions.Distrust($"the read failed ({failed.Failure}): {failed.Message}", "the read failed");
                ReportFailure(failed.Failure, failed.Message);
                return;
            case WatchlistReadOutcome.Unchanged unchanged:
                _log.Info("Watchlist export unchanged");
                _attentions.ReadsWork();
                _attentions.NoteExport(unchanged.Export);
                // The last complete read still stands: removals whose grace has run out since are due now.
                PersistRemovals(_state.DueRemovals(_settings.Removals, Now), _lookups.ResolveNext);
                return;
            case WatchlistReadOutcome.Read read:
                _attentions.ReadsWork();
                _attentions.NoteExport(read.Export);
                Reconcile(read);
                return;
        }
    }

    private void Reconcile(WatchlistReadOutcome.Read read)
    {
        _log.Info("Found {Count} movies in watchlist", read.TotalEntries);
        var added = read.Films.Where(f => !_state.Films.ContainsKey(f.Slug)).DistinctBy(f => f.Slug).ToList();
        var listed = read.Films.Select(f => f.Slug).ToHashSet(StringComparer.Ordinal);

        if (added.Count > 0)
            _log.Info("🆕 Found {Count} new movie(s):", added.Count);
        var events = new List<IWatchlistEvent>();
        // Oldest first, so the journal reads in the order the member added them.
        events.AddRange(Enumerable.Reverse(added).Select(f => new FilmAddedToWatchlist(f.Slug, f.Title, f.Year, f.ShortKey, Now)));
        events.AddRange(_state.BackOnWatchlist(listed, Now));
        if (read.Complete)
        {
            events.AddRange(_state.OnCompleteRead(listed, _settings.Removals, Now, out var suspicion, read.Version));
            if (suspicion is not null)
                _attentions.Log($"Watchlist read not trusted for removals: {suspicion}; nothing is removed");
        }

        _failures = 0;
        _lastVersion = read.Version;
        PersistRemovals(events, _lookups.ResolveNext);
    }

    /// <summary>Persists the read's events; each removal is logged and handed to the coordinator once journaled.</summary>
    private void PersistRemovals(IReadOnlyList<IWatchlistEvent> events, Action then)
    {
        var known = _state.Films; // before the removals take the films out
        PersistAll(events, e =>
        {
            Apply(e);
            switch (e)
            {
                case FilmRemovedFromWatchlist r when known.TryGetValue(r.Slug, out var film):
                    _handOver.TellRemoved(film);
                    break;
                case FilmMissingFromWatchlist m when _state.Missing.TryGetValue(m.Slug, out var missed) && known.TryGetValue(m.Slug, out var film):
                    _log.Info("  ? {Film} is not on the watchlist ({Reads} complete read(s) in a row since {Since:u}); {Action} once " +
                              "two reads missed it and {Grace} have passed", film, missed.CompleteReads, missed.Since,
                        CoordinatorHandOver.Describe(_settings.Removals.Action), ReadableDuration.Of(_settings.Removals.Grace));
                    break;
                case FilmBackOnWatchlist b:
                    _log.Info("  {Slug} is back on the watchlist: it stays", b.Slug);
                    break;
            }
        });
        DeferAsync(events, _ => then());
    }

    private void ReportFailure(WatchlistFailure failure, string message)
    {
        _failures++;
        _attentions.NoteBlocked(failure, message);
        var delay = _settings.DelayAfterFailures(_failures);
        if (failure == WatchlistFailure.UserNotFound)
            _log.Error("❌ Letterboxd user '{0}' does not exist: {1}. Check `username` in config.json", _settings.Username, message);
        else
            _log.Warning("⚠ Watchlist check failed ({0}): {1}. Nothing added or removed; next try in {2}", failure, message, delay);
        FinishCheck(delay);
    }

    private void FinishCheck(TimeSpan next)
    {
        _busy = false;
        Timers.StartSingleTimer(CheckTimer, new CheckWatchlist(), next);
    }

    private void Apply(IWatchlistEvent e)
    {
        _state = _state.Apply(e);
        if (LastSequenceNr % _settings.SnapshotEvery == 0)
            SaveSnapshot(_state);
    }

    WatchlistState IFollowedWatchlist.State => _state;
    DateTimeOffset IFollowedWatchlist.Now => Now;
    void IFollowedWatchlist.Journal(IWatchlistEvent e) => Persist(e, Apply);
    void IFollowedWatchlist.JournalAll(IReadOnlyList<IWatchlistEvent> events) => PersistAll(events, Apply);
    void IFollowedWatchlist.ReportFailure(WatchlistFailure failure, string message) => ReportFailure(failure, message);
    void IFollowedWatchlist.FinishCheck(TimeSpan next) => FinishCheck(next);

    void IFollowedWatchlist.Journal<TEvent>(TEvent e, Action<TEvent> then) => Persist(e, persisted =>
    {
        Apply(persisted);
        then(persisted);
    });

    internal static string Describe(Exception error, TimeSpan timeout) => error is TimeoutException
        ? $"no result within {timeout}"
        : $"the read failed: {error.Message}";

    // Piped results never leave this actor: they need no serializer.
    /// <summary>A read piped back from its task.</summary>
    private sealed record ReadFinished(WatchlistReadOutcome Outcome, bool FullWalk) : INoSerializationVerificationNeeded;

    /// <summary>A film page lookup piped back from its task.</summary>
    internal sealed record LookupFinished(string Slug, FilmLookupOutcome Outcome) : INoSerializationVerificationNeeded;
}
