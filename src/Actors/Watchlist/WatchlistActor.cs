using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using MovieSync.Actors.Work;
using MovieSync.Clients.Letterboxd;
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

    /// <summary>Since when every read has failed (null after a success); recovered as the journaled start of a blocked run.</summary>
    private DateTimeOffset? _failingSince;
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
        _lastVersion = _state.LastReadVersion; // an export already read is not read (nor counted towards a removal) again
        _failingSince = _state.BlockedSince;
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
                Distrust($"the read failed ({failed.Failure}): {failed.Message}", "the read failed");
                ReportFailure(failed.Failure, failed.Message);
                return;
            case WatchlistReadOutcome.Unchanged unchanged:
                _log.Info("Watchlist export unchanged");
                ReadsWork();
                NoteExport(unchanged.Export);
                // The last complete read still stands: removals whose grace has run out since are due now.
                PersistRemovals(_state.DueRemovals(_settings.Removals, Now), ResolveNext);
                return;
            case WatchlistReadOutcome.Read read:
                ReadsWork();
                NoteExport(read.Export);
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
                LogAttention($"Watchlist read not trusted for removals: {suspicion}; nothing is removed");
        }

        _failures = 0;
        _lastVersion = read.Version;
        PersistRemovals(events, ResolveNext);
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
                    TellRemoved(film);
                    break;
                case FilmMissingFromWatchlist m when _state.Missing.TryGetValue(m.Slug, out var missed) && known.TryGetValue(m.Slug, out var film):
                    _log.Info("  ? {Film} is not on the watchlist ({Reads} complete read(s) in a row since {Since:u}); {Action} once " +
                              "two reads missed it and {Grace} have passed", film, missed.CompleteReads, missed.Since,
                        Describe(_settings.Removals.Action), ReadableDuration.Of(_settings.Removals.Grace));
                    break;
                case FilmBackOnWatchlist b:
                    _log.Info("  {Slug} is back on the watchlist: it stays", b.Slug);
                    break;
            }
        });
        DeferAsync(events, _ => then());
    }

    private void TellRemoved(WatchlistFilm film)
    {
        var action = _settings.Removals.Action;
        _log.Info("  - {Film} left the watchlist: {Action}", film, Describe(action));
        if (action != RemovalAction.Keep && film.IsQueued && film.MovieId is { } id)
            _coordinator.Tell(Forget(id));
    }

    private ForgetMovie Forget(MovieId id) =>
        new(id, "removed from the Letterboxd watchlist") { Removal = _settings.Removals.Action };

    private static string Describe(RemovalAction action) => action switch
    {
        RemovalAction.Keep => "kept (on_removed: keep)",
        RemovalAction.Forget => "forgotten",
        RemovalAction.RemoveTorrent => "forgotten, a finished one's torrent removed from qBittorrent",
        _ => "forgotten, a finished one's torrent removed and its files moved to the trash",
    };

    /// <summary>Records that reads cannot be trusted for removals (once per run of such reads) and says so.</summary>
    private void Distrust(string reason, string logged)
    {
        LogAttention($"Watchlist read not trusted for removals: {logged}; nothing is removed");
        var events = _state.Distrust(reason, 0, Now);
        if (events.Count > 0)
            PersistAll(events, Apply);
    }

    /// <summary>Says which export is read and how old it is; one older than ExportStaleAfter is an attention (journaled once per file).</summary>
    private void NoteExport(ExportFile? export)
    {
        if (export is null)
            return;
        var age = export.AgeAt(Now);
        _log.Info("📄 Watchlist export in use: {Path} (exported {ExportedAt:yyyy-MM-dd HH:mm} UTC, {Age} ago)", export.Path,
            export.ExportedAt.UtcDateTime, ReadableDuration.Of(age));
        if (age <= _settings.ExportStaleAfter)
            return;
        LogAttention($"The Letterboxd export {export.Path} is {ReadableDuration.Of(age)} old: export your data again on letterboxd.com " +
                     "(Settings, Data, Export your data) and drop it into letterboxd.export_path");
        if (_state.StaleExport != export.Path)
            Persist(new WatchlistExportStale(export.Path, export.ExportedAt, Now), Apply);
    }

    /// <summary>
    /// The log line of an <c>attention</c>: a warning under this actor's category, starting with "attention:", so that a
    /// log reader (and the notifications, through the journaled events) can pick it out.
    /// </summary>
    private void LogAttention(string message) => _log.Warning("⚠ attention: {0}", message);

    /// <summary>
    /// The hand-over to the coordinator is at-least-once: a film (or a removal) is told again at every check, the first
    /// one after a restart included, until the coordinator's answer is recorded. The coordinator's handling is idempotent.
    /// </summary>
    private void TellUnconfirmed()
    {
        foreach (var film in _state.AwaitingHandOver)
            _coordinator.Tell(new QueueMovie(film.MovieId!.Value, film.Title, film.Year));
        if (_settings.Removals.Action == RemovalAction.Keep)
            return; // on_removed became keep since: what is still to forget stays tracked
        foreach (var (_, id) in _state.Forgets)
            _coordinator.Tell(Forget(id));
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
                ReadsWork();
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
        NoteBlocked(failure, message);
        var delay = _settings.DelayAfterFailures(_failures);
        if (failure == WatchlistFailure.UserNotFound)
            _log.Error("❌ Letterboxd user '{0}' does not exist: {1}. Check `username` in config.json", _settings.Username, message);
        else
            _log.Warning("⚠ Watchlist check failed ({0}): {1}. Nothing added or removed; next try in {2}", failure, message, delay);
        FinishCheck(delay);
    }

    /// <summary>
    /// Counts a failed read towards "Letterboxd blocks reads": once every read has failed for
    /// <see cref="WatchlistSettings.BlockedAttentionAfter"/>, that is an attention, journaled once per run of failures.
    /// </summary>
    private void NoteBlocked(WatchlistFailure failure, string message)
    {
        var since = _failingSince ??= Now;
        if (_state.BlockedSince is not null || Now - since < _settings.BlockedAttentionAfter)
            return;
        LogAttention($"every Letterboxd read has failed since {since.UtcDateTime:yyyy-MM-dd HH:mm} UTC ({ReadableDuration.Of(Now - since)}), " +
                     $"the last one {failure}: {message}. New films on the watchlist are not seen; letterboxd.export_path reads an export instead");
        Persist(new WatchlistReadsBlocked(since, failure.ToString(), message, Now), Apply);
    }

    /// <summary>A read went through: a run of failures ends (and a journaled block with it).</summary>
    private void ReadsWork()
    {
        _failingSince = null;
        if (_state.BlockedSince is not { } since)
            return;
        _log.Info("✅ Letterboxd reads work again, after {0} of failures", ReadableDuration.Of(Now - since));
        Persist(new WatchlistReadsWork(Now), Apply);
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
