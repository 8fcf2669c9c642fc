using System.Globalization;
using System.Text.Json.Nodes;
using MovieSync.Messages;
using static MovieSync.Messages.CoordinatorEvents;
using static MovieSync.Messages.FileListEvents;
using static MovieSync.Messages.MovieEvents;
using static MovieSync.Messages.WatchlistEvents;

namespace MovieSync.Host.Journal;

/// <summary>
/// A persisted event as `history`, `events` and the API show it: a public name and snake_case fields, written by hand for
/// each stored event type, so that changing how an event is stored never changes what the CLI prints or the API answers.
/// A field without a value is left out.
/// </summary>
public sealed record EventView(string Name, IReadOnlyList<(string Key, JsonNode? Value)> Fields)
{
    /// <summary>The public view of a persisted event.</summary>
    /// <exception cref="ArgumentException">Not an event MovieSync shows (a snapshot, or another library's).</exception>
    public static EventView Of(object persisted) => persisted switch
    {
        MovieQueued e => View("movie-queued", Movie(e.MovieId), ("title", e.Title), ("year", e.Year), ("at", Time(e.At))),
        AttemptFailed e => View("attempt-failed", Movie(e.MovieId), ("failures", e.Failures), ("error", e.Error),
            ("next_retry_at", Time(e.NextRetryAt)), ("at", Time(e.At)), ("rejected_info_hash", e.Rejected?.InfoHash),
            ("rejected_filelist_id", e.Rejected?.FileListId)),
        MovieFailedPermanently e => View("movie-failed-permanently", Movie(e.MovieId), ("failures", e.Failures),
            ("error", e.Error), ("at", Time(e.At)), ("rejected_info_hash", e.Rejected?.InfoHash),
            ("rejected_filelist_id", e.Rejected?.FileListId)),
        TorrentAdded e => View("torrent-added", Movie(e.MovieId), ("torrent_name", e.TorrentName), ("info_hash", e.InfoHash),
            ("at", Time(e.At)), ("reason", e.Reason), ("size_bytes", e.SizeBytes), ("filelist_id", e.FileListId)),
        DownloadProgressed e => View("download-progressed", Movie(e.MovieId), ("fraction", e.Fraction), ("at", Time(e.At))),
        MovieCompleted e => View("movie-completed", Movie(e.MovieId), ("path", e.Path), ("already_on_disk", e.AlreadyOnDisk),
            ("at", Time(e.At))),
        RetryRequested e => View("retry-requested", Movie(e.MovieId), ("at", Time(e.At))),
        MovieForgotten e => View("movie-forgotten", Movie(e.MovieId), ("reason", e.Reason), ("at", Time(e.At))),
        PriorityChanged e => View("priority-changed", Movie(e.MovieId), ("priority", Priorities.Of(e.Priority)), ("reason", e.Reason),
            ("at", Time(e.At))),
        GrabRequested e => View("grab-requested", Movie(e.MovieId), ("reason", e.Reason), ("at", Time(e.At))),
        MovieSkipped e => View("movie-skipped", Movie(e.MovieId), ("reason", e.Reason), ("at", Time(e.At))),
        MovieRemoved e => View("movie-removed", Movie(e.MovieId), ("reason", e.Reason), ("torrent_removed", e.TorrentRemoved),
            ("trashed_to", e.TrashedTo), ("at", Time(e.At))),

        MovieTracked e => View("movie-tracked", Movie(e.MovieId), ("title", e.Title), ("year", e.Year), ("at", Time(e.At))),
        MovieSettled e => View("movie-settled", Movie(e.MovieId), ("status", StateNames.Of(e.Status)), ("at", Time(e.At))),
        MovieReopened e => View("movie-reopened", Movie(e.MovieId), ("at", Time(e.At)), ("grab", e.GrabReason is null ? null : true)),
        MovieParked e => View("movie-parked", Movie(e.MovieId), ("wake_at", Time(e.WakeAt)), ("at", Time(e.At))),
        MovieCleanedUp e => View("movie-cleaned-up", Movie(e.MovieId), ("at", Time(e.At))),

        FilmAddedToWatchlist e => View("wl-film-added", ("slug", e.Slug), ("title", e.Title), ("year", e.Year),
            ("short_key", e.ShortKey), ("at", Time(e.At))),
        FilmIdsResolved e => View("wl-film-ids-resolved", ("slug", e.Slug), ("imdb_id", e.ImdbId), ("tmdb_id", e.TmdbId),
            ("directors", new JsonArray(e.Directors.Select(d => (JsonNode?)d).ToArray())), ("is_tv", e.IsTv), ("at", Time(e.At))),
        FilmRemovedFromWatchlist e => View("wl-film-removed", ("slug", e.Slug), ("at", Time(e.At))),
        FilmHandedOver e => View("wl-film-handed-over", ("slug", e.Slug), ("at", Time(e.At))),
        FilmForgetHandedOver e => View("wl-forget-handed-over", ("slug", e.Slug), ("at", Time(e.At))),
        WatchlistReconciled e => View("wl-reconciled", ("films", e.Films), ("at", Time(e.At)), ("slug", e.Slug)),
        FilmMissingFromWatchlist e => View("wl-film-missing", ("slug", e.Slug), ("at", Time(e.At))),
        FilmBackOnWatchlist e => View("wl-film-back", ("slug", e.Slug), ("at", Time(e.At))),
        WatchlistReadDistrusted e => View("wl-read-distrusted", ("reason", e.Reason), ("known", e.Known), ("listed", e.Listed),
            ("at", Time(e.At))),
        WatchlistExportStale e => View("wl-export-stale", ("path", e.Path), ("exported_at", Time(e.ExportedAt)), ("at", Time(e.At))),
        WatchlistReadsBlocked e => View("wl-reads-blocked", ("since", Time(e.Since)), ("failure", e.Failure), ("message", e.Message), ("at", Time(e.At))),
        WatchlistReadsWork e => View("wl-reads-work", ("at", Time(e.At))),

        NotificationEvents.NotifierStarted e => View("notifier-started", ("offset", e.Offset), ("at", Time(e.At))),
        NotificationEvents.NotificationRaised e => View("notification-raised", ("delivery_id", e.Notification.DeliveryId),
            ("kind", e.Notification.Event), ("movie_id", e.Notification.Movie?.Id.Value), ("message", e.Notification.Message),
            ("offset", e.Offset), ("subject", e.Subject), ("at", Time(e.Notification.At))),
        NotificationEvents.AttentionCleared e => View("attention-cleared", ("subject", e.Subject), ("at", Time(e.At))),
        NotificationEvents.OutboxOpened e => View("outbox-opened", ("notifier_sequence_nr", e.NotifierSequenceNr), ("at", Time(e.At))),
        NotificationEvents.NotificationQueued e => View("notification-queued", ("delivery_id", e.Notification.DeliveryId),
            ("kind", e.Notification.Event), ("notifier_sequence_nr", e.NotifierSequenceNr), ("at", Time(e.Notification.At))),
        NotificationEvents.NotificationDelivered e => View("notification-delivered", ("delivery_id", e.DeliveryId), ("attempts", e.Attempts),
            ("at", Time(e.At))),
        NotificationEvents.NotificationGivenUp e => View("notification-given-up", ("delivery_id", e.DeliveryId), ("reason", e.Reason),
            ("at", Time(e.At))),
        NotificationEvents.ChannelRefusing e => View("channel-refusing", ("channel", e.Channel), ("reason", e.Reason), ("at", Time(e.At))),

        FileListRequestSpent e => View("fl-request-spent", ("at", Time(e.At))),
        FileListRateLimitReached e => View("fl-rate-limit-reached", ("at", Time(e.At))),
        JournalProbed e => View("journal-probed", ("at", Time(e.At))),
        // Written by another version (a downgrade): shown for what it is, never guessed at.
        Actors.Journal.UnreadableEvent e => View("unreadable", ("manifest", e.Manifest), ("error", e.Error)),
        _ => throw new ArgumentException($"{persisted.GetType()} is not an event MovieSync shows", nameof(persisted)),
    };

    private static (string, JsonNode?) Movie(MovieId id) => ("movie_id", id.Value);

    /// <summary>ISO 8601 with the offset, fractions of a second only when there are any: "2026-11-25T10:56:01+00:00".</summary>
    private static string Time(DateTimeOffset at) =>
        at.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss.FFFFFFFzzz", CultureInfo.InvariantCulture);

    private static EventView View(string name, params (string Key, JsonNode? Value)[] fields) =>
        new(name, fields.Where(field => field.Value is not null).ToList());
}
