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
/// ids up once, and tells the download coordinator to queue new films and forget removed ones. A bad read changes nothing.
/// </summary>
public sealed class WatchlistActor : ReceivePersistentActor, IWithTimers
{
    public const string Name = "watchlist";
    private const string CheckTimer = "check";

    private readonly WatchlistSettings _settings;
    private readonly IWatchlistSource _source;
    private readonly IActorRef _coordinator;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private WatchlistState _state = WatchlistState.Empty;
    private bool _busy;
    private int _failures;
    private string? _lastVersion;

    public WatchlistActor(WatchlistSettings settings, IWatchlistSource source, IActorRef coordinator)
    {
        _settings = settings;
        _source = source;
        _coordinator = coordinator;

        Recover<SnapshotOffer>(offer => _state = (WatchlistState)offer.Snapshot);
        Recover<IWatchlistEvent>(e => _state = _state.Apply(e));
        Recover<RecoveryCompleted>(_ => OnRecovered());

        Command<CheckWatchlist>(OnCheck);
        Command<ReadFinished>(OnReadFinished);
        Command<LookupFinished>(OnLookupFinished);
        Command<QueueMovieResult>(OnQueued);
        Command<ForgetMovieResult>(OnForgetAnswered);
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
        TellUnconfirmed();
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
            error => new ReadFinished(new WatchlistReadOutcome.Failed(WatchlistFailure.NetworkFailure, Describe(error)), full), Self);
    }

    private void OnReadFinished(ReadFinished finished)
    {
        switch (finished.Outcome)
        {
            case WatchlistReadOutcome.Failed failed:
                ReportFailure(failed.Failure, failed.Message);
                return;
            case WatchlistReadOutcome.Unchanged:
                _log.Info("Watchlist export unchanged");
                ResolveNext();
                return;
            case WatchlistReadOutcome.Read read:
                Reconcile(read);
                return;
        }
    }

    private void Reconcile(WatchlistReadOutcome.Read read)
    {
        _log.Info("Found {Count} movies in watchlist", read.TotalEntries);
        var added = read.Films.Where(f => !_state.Films.ContainsKey(f.Slug)).DistinctBy(f => f.Slug).ToList();
        var listed = read.Films.Select(f => f.Slug).ToHashSet(StringComparer.Ordinal);
        var removed = read.Complete ? _state.Films.Values.Where(f => !listed.Contains(f.Slug)).ToList() : [];

        if (added.Count > 0)
            _log.Info("🆕 Found {Count} new movie(s):", added.Count);
        var events = new List<IWatchlistEvent>();
        // Oldest first, so the journal reads in the order the member added them.
        events.AddRange(Enumerable.Reverse(added).Select(f => new FilmAddedToWatchlist(f.Slug, f.Title, f.Year, f.ShortKey, Now)));
        events.AddRange(removed.Select(f => new FilmRemovedFromWatchlist(f.Slug, Now) { ConfirmationAwaited = true }));
        if (read.Complete)
            events.Add(new WatchlistReconciled(read.Films.Count, Now));

        _failures = 0;
        _lastVersion = read.Version;
        var removedBySlug = removed.ToDictionary(f => f.Slug);
        PersistAll(events, e =>
        {
            Apply(e);
            if (e is FilmRemovedFromWatchlist r && removedBySlug.TryGetValue(r.Slug, out var film))
                TellRemoved(film);
        });
        DeferAsync(read, _ => ResolveNext());
    }

    private void TellRemoved(WatchlistFilm film)
    {
        _log.Info("  - {Film} left the watchlist", film);
        if (film.IsQueued && film.MovieId is { } id)
            _coordinator.Tell(new ForgetMovie(id, "removed from the Letterboxd watchlist"));
    }

    /// <summary>
    /// The hand-over to the coordinator is at-least-once: a film (or a removal) is told again at every check, the first
    /// one after a restart included, until the coordinator's answer is recorded. The coordinator's handling is idempotent.
    /// </summary>
    private void TellUnconfirmed()
    {
        foreach (var film in _state.AwaitingHandOver)
            _coordinator.Tell(new QueueMovie(film.MovieId!.Value, film.Title, film.Year));
        foreach (var (_, id) in _state.Forgets)
            _coordinator.Tell(new ForgetMovie(id, "removed from the Letterboxd watchlist"));
    }

    private void OnQueued(QueueMovieResult queued)
    {
        if (_state.AwaitingHandOver.FirstOrDefault(f => f.MovieId == queued.MovieId) is { } film)
            Persist(new FilmHandedOver(film.Slug, Now), Apply);
    }

    private void OnForgetAnswered(ForgetMovieResult answered)
    {
        if (_state.Forgets.FirstOrDefault(f => f.Value == answered.MovieId) is { Key: { } slug })
            Persist(new FilmForgetHandedOver(slug, Now), Apply);
    }

    /// <summary>Looks films up one at a time, so each resolution is persisted as soon as it is known.</summary>
    private void ResolveNext()
    {
        var next = _state.Films.Values.FirstOrDefault(f => !f.Resolved);
        if (next is null)
        {
            FinishCheck(_settings.CheckInterval);
            return;
        }

        var film = new ListedFilm(next.Slug, next.Title, next.Year, next.ShortKey);
        var source = _source;
        PipedWork.Run(ct => source.LookUpAsync(film, ct), _settings.OperationTimeout,
            outcome => new LookupFinished(film.Slug, outcome),
            error => new LookupFinished(film.Slug, new FilmLookupOutcome.Failed(WatchlistFailure.NetworkFailure, Describe(error))), Self);
    }

    private void OnLookupFinished(LookupFinished finished)
    {
        if (!_state.Films.ContainsKey(finished.Slug))
        {
            ResolveNext(); // removed while it was looked up
            return;
        }

        switch (finished.Outcome)
        {
            case FilmLookupOutcome.Found found:
                Resolve(new FilmIdsResolved(finished.Slug, found.ImdbId, found.TmdbId, found.Directors, found.IsTv, Now)
                    { ConfirmationAwaited = true });
                return;
            case FilmLookupOutcome.Failed { Failure: WatchlistFailure.FilmNotFound } missing:
                // The page is gone for good: queue the film under its slug rather than never.
                _log.Warning("No film page for {Slug} ({Message}); queuing it by its slug", finished.Slug, missing.Message);
                Resolve(new FilmIdsResolved(finished.Slug, null, null, [], false, Now) { ConfirmationAwaited = true });
                return;
            case FilmLookupOutcome.Failed failed:
                ReportFailure(failed.Failure, failed.Message);
                return;
        }
    }

    private void Resolve(FilmIdsResolved resolved)
    {
        Persist(resolved, e =>
        {
            Apply(e);
            var film = _state.Films[e.Slug];
            if (film.IsTv)
                _log.Info("  ⏭ Skipping TV entry {Film}", film);
            else if (film.MovieId is not { } id)
                _log.Warning("  ⚠ {Film} has no usable id ({Slug}); not queued", film, film.Slug);
            else
            {
                _log.Info(film.Directors.Count > 0 ? "  + {0} - {1}" : "  + {0}", film, string.Join(", ", film.Directors));
                _coordinator.Tell(new QueueMovie(id, film.Title, film.Year));
            }

            ResolveNext();
        });
    }

    private void ReportFailure(WatchlistFailure failure, string message)
    {
        _failures++;
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

    private string Describe(Exception error) => error is TimeoutException
        ? $"no result within {_settings.OperationTimeout}"
        : $"the read failed: {error.Message}";

    /// <summary>A read piped back from its task.</summary>
    private sealed record ReadFinished(WatchlistReadOutcome Outcome, bool FullWalk) : INoSerializationVerificationNeeded;

    /// <summary>A film page lookup piped back from its task.</summary>
    private sealed record LookupFinished(string Slug, FilmLookupOutcome Outcome) : INoSerializationVerificationNeeded;
}
