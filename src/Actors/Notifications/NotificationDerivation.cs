using MovieSync.Messages;
using static MovieSync.Messages.MovieEvents;

namespace MovieSync.Actors.Notifications;

/// <summary>
/// Which journal events are notified, and how they read: a pure function of the event and the titles folded from the
/// events before it, so deriving the same event again after a crash gives the same notification and delivery id.
/// </summary>
public sealed class NotificationDerivation
{
    private readonly Dictionary<MovieId, NotifiedMovie> _films = new();

    /// <summary>Takes in what names a film (its title and year), from any journal event.</summary>
    public void Fold(object @event)
    {
        switch (@event)
        {
            case MovieQueued q:
                _films[q.MovieId] = new NotifiedMovie(q.MovieId, q.Title, q.Year);
                break;
            case CoordinatorEvents.MovieTracked t:
                _films[t.MovieId] = new NotifiedMovie(t.MovieId, t.Title, t.Year);
                break;
        }
    }

    /// <summary>
    /// The notification the event at (<paramref name="persistenceId"/>, <paramref name="sequenceNr"/>) gives, or null.
    /// A film found already on disk is not notified as completed: nothing was downloaded (and a first run over a full
    /// library would send one per film).
    /// </summary>
    public Notification? Derive(string persistenceId, long sequenceNr, object @event)
    {
        var id = Notification.DeliveryIdFor($"{persistenceId}/{sequenceNr}");
        switch (@event)
        {
            case TorrentAdded added:
            {
                var film = Film(added.MovieId);
                var why = added.Reason is { Length: > 0 } reason ? $" ({reason})" : "";
                return new Notification(id, NotificationKind.Grabbed, added.At,
                    $"Grabbed {Name(film)}: {added.TorrentName}{why}{Size(added.SizeBytes)}. It is downloading in qBittorrent.", film);
            }
            case MovieCompleted { AlreadyOnDisk: false } completed:
            {
                var film = Film(completed.MovieId);
                var where = completed.Path is { Length: > 0 } path ? $" It is in {path}." : "";
                return new Notification(id, NotificationKind.Completed, completed.At, $"{Name(film)} finished downloading.{where}", film);
            }
            case MovieFailedPermanently failed:
            {
                var film = Film(failed.MovieId);
                return new Notification(id, NotificationKind.PermanentFailure, failed.At,
                    $"Gave up on {Name(film)} after {failed.Failures} failed attempts; the last one: {failed.Error}. " +
                    $"`moviesync retry {failed.MovieId}` tries again.", film);
            }
            case NotificationEvents.ChannelRefusing refusing:
                return new Notification(id, NotificationKind.Attention, refusing.At,
                    $"The notification channel {refusing.Channel} keeps refusing notifications ({refusing.Reason}); they are not sent " +
                    "to it until it accepts one again. Check its settings in config.json (`moviesync notify test` tries every channel).",
                    null) { NotTo = persistenceId };
            case WatchlistEvents.WatchlistExportStale stale:
                return new Notification(id, NotificationKind.Attention, stale.At,
                    FormattableString.Invariant($"The Letterboxd export in use, {Path.GetFileName(stale.Path)}, is from {stale.ExportedAt:yyyy-MM-dd}, ") +
                    "over 30 days old: films added to the watchlist since are not seen. Export the watchlist again from Letterboxd " +
                    "and drop the file where letterboxd.export_path points.", null);
            case WatchlistEvents.WatchlistReadsBlocked blocked:
                return new Notification(id, NotificationKind.Attention, blocked.At,
                    FormattableString.Invariant($"Letterboxd has refused or failed every read since {blocked.Since.UtcDateTime:yyyy-MM-dd HH:mm} UTC ") +
                    $"(the last one: {blocked.Failure}, {blocked.Message}): films added to the watchlist are not seen. MovieSync keeps " +
                    "trying. If Letterboxd blocks scripts, export the watchlist on letterboxd.com and point letterboxd.export_path at it.",
                    null);
            default:
                return null;
        }
    }

    private NotifiedMovie Film(MovieId id) => _films.GetValueOrDefault(id) ?? new NotifiedMovie(id, id.Value, null);

    private static string Name(NotifiedMovie film) => film.Year is { } year ? $"{film.Title} ({year})" : film.Title;

    private static string Size(long? bytes) =>
        bytes is { } b and > 0 ? FormattableString.Invariant($", {b / (double)(1L << 30):0.0} GB") : "";
}
