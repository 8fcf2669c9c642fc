using Akka.Event;
using MovieSync.Clients.Letterboxd;
using MovieSync.Messages;
using static MovieSync.Messages.WatchlistEvents;

namespace MovieSync.Actors.Watchlist;

/// <summary>
/// Whether reads can be trusted and still work: a distrusted read, a stale export and Letterboxd blocking reads are
/// <c>attention</c>s, logged each time and journaled once per run (the notifications follow the journal).
/// </summary>
internal sealed class WatchlistAttentions(IFollowedWatchlist watchlist, WatchlistSettings settings, ILoggingAdapter log)
{
    /// <summary>Since when every read has failed (null after a success); recovered as the journaled start of a blocked run.</summary>
    private DateTimeOffset? _failingSince;

    public void OnRecovered() => _failingSince = watchlist.State.BlockedSince;

    /// <summary>
    /// The log line of an <c>attention</c>: a warning under the watchlist actor's category, starting with "attention:", so
    /// that a log reader (and the notifications, through the journaled events) can pick it out.
    /// </summary>
    public void Log(string message) => log.Warning("⚠ attention: {0}", message);

    /// <summary>Records that reads cannot be trusted for removals (once per run of such reads) and says so.</summary>
    public void Distrust(string reason, string logged)
    {
        Log($"Watchlist read not trusted for removals: {logged}; nothing is removed");
        var events = watchlist.State.Distrust(reason, 0, watchlist.Now);
        if (events.Count > 0)
            watchlist.JournalAll(events);
    }

    /// <summary>Says which export is read and how old it is; one older than ExportStaleAfter is an attention (journaled once per file).</summary>
    public void NoteExport(ExportFile? export)
    {
        if (export is null)
            return;
        var age = export.AgeAt(watchlist.Now);
        log.Info("📄 Watchlist export in use: {Path} (exported {ExportedAt:yyyy-MM-dd HH:mm} UTC, {Age} ago)", export.Path,
            export.ExportedAt.UtcDateTime, ReadableDuration.Of(age));
        if (age <= settings.ExportStaleAfter)
            return;
        Log($"The Letterboxd export {export.Path} is {ReadableDuration.Of(age)} old: export your data again on letterboxd.com " +
            "(Settings, Data, Export your data) and drop it into letterboxd.export_path");
        if (watchlist.State.StaleExport != export.Path)
            watchlist.Journal(new WatchlistExportStale(export.Path, export.ExportedAt, watchlist.Now));
    }

    /// <summary>
    /// Counts a failed read towards "Letterboxd blocks reads": once every read has failed for
    /// <see cref="WatchlistSettings.BlockedAttentionAfter"/>, that is an attention, journaled once per run of failures.
    /// </summary>
    public void NoteBlocked(WatchlistFailure failure, string message)
    {
        var since = _failingSince ??= watchlist.Now;
        if (watchlist.State.BlockedSince is not null || watchlist.Now - since < settings.BlockedAttentionAfter)
            return;
        Log($"every Letterboxd read has failed since {since.UtcDateTime:yyyy-MM-dd HH:mm} UTC ({ReadableDuration.Of(watchlist.Now - since)}), " +
            $"the last one {failure}: {message}. New films on the watchlist are not seen; letterboxd.export_path reads an export instead");
        watchlist.Journal(new WatchlistReadsBlocked(since, failure.ToString(), message, watchlist.Now));
    }

    /// <summary>A read went through: a run of failures ends (and a journaled block with it).</summary>
    public void ReadsWork()
    {
        _failingSince = null;
        if (watchlist.State.BlockedSince is not { } since)
            return;
        log.Info("✅ Letterboxd reads work again, after {0} of failures", ReadableDuration.Of(watchlist.Now - since));
        watchlist.Journal(new WatchlistReadsWork(watchlist.Now));
    }
}
