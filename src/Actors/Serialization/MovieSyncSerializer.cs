using System.Collections.Immutable;
using System.Runtime.Serialization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Akka.Actor;
using Akka.Serialization;
using MovieSync.Actors.Journal;
using MovieSync.Messages;
using static MovieSync.Messages.CoordinatorEvents;
using static MovieSync.Messages.MovieEvents;

namespace MovieSync.Actors.Serialization;

/// <summary>
/// Writes journal events and snapshots, and every message between actors, as JSON under short, explicit manifests, so
/// renaming a C# type never breaks an existing journal or a node of another version. Shapes only grow: a changed shape
/// gets a new manifest and the old one stays readable.
/// </summary>
public sealed class MovieSyncSerializer : SerializerWithStringManifest
{
    public const int SerializerId = 4101;

    private readonly JsonSerializerOptions _options;

    private static readonly IReadOnlyDictionary<Type, string> ManifestOf = new Dictionary<Type, string>
    {
        [typeof(MovieQueued)] = "movie-queued.v1",
        [typeof(AttemptFailed)] = "attempt-failed.v1",
        [typeof(MovieFailedPermanently)] = "movie-failed-permanently.v1",
        [typeof(TorrentAdded)] = "torrent-added.v1",
        [typeof(MovieCompleted)] = "movie-completed.v1",
        [typeof(RetryRequested)] = "retry-requested.v1",
        [typeof(MovieForgotten)] = "movie-forgotten.v1",
        [typeof(DownloadProgressed)] = "download-progressed.v1",
        [typeof(PriorityChanged)] = "priority-changed.v1",
        [typeof(GrabRequested)] = "grab-requested.v1",
        [typeof(MovieSkipped)] = "movie-skipped.v1",
        [typeof(MovieRemoved)] = "movie-removed.v1",
        [typeof(MovieState)] = "movie-state.v1",
        [typeof(MovieTracked)] = "movie-tracked.v1",
        [typeof(MovieSettled)] = "movie-settled.v1",
        [typeof(MovieReopened)] = "movie-reopened.v1",
        [typeof(MovieParked)] = "movie-parked.v1",
        [typeof(MovieCleanedUp)] = "movie-cleaned-up.v1",
        [typeof(CoordinatorState)] = "coordinator-state.v1",
        // Watchlist (watchlist-<user>)
        [typeof(WatchlistEvents.FilmAddedToWatchlist)] = "wl-film-added.v1",
        [typeof(WatchlistEvents.FilmIdsResolved)] = "wl-film-ids-resolved.v1",
        [typeof(WatchlistEvents.FilmRemovedFromWatchlist)] = "wl-film-removed.v1",
        [typeof(WatchlistEvents.FilmHandedOver)] = "wl-film-handed-over.v1",
        [typeof(WatchlistEvents.FilmForgetHandedOver)] = "wl-forget-handed-over.v1",
        [typeof(WatchlistEvents.WatchlistReconciled)] = "wl-reconciled.v1",
        [typeof(WatchlistEvents.FilmMissingFromWatchlist)] = "wl-film-missing.v1",
        [typeof(WatchlistEvents.FilmBackOnWatchlist)] = "wl-film-back.v1",
        [typeof(WatchlistEvents.WatchlistReadDistrusted)] = "wl-read-distrusted.v1",
        [typeof(WatchlistEvents.WatchlistExportStale)] = "wl-export-stale.v1",
        [typeof(WatchlistEvents.WatchlistReadsBlocked)] = "wl-reads-blocked.v1",
        [typeof(WatchlistEvents.WatchlistReadsWork)] = "wl-reads-work.v1",
        [typeof(WatchlistState)] = "wl-state.v1",
        // FileList account (filelist-account-<username>): the spent request budget
        [typeof(FileListEvents.FileListRequestSpent)] = "fl-request-spent.v1",
        [typeof(FileListEvents.FileListRateLimitReached)] = "fl-rate-limit-reached.v1",
        [typeof(FileListAccountSnapshot)] = "fl-account-snapshot.v1",
        // The journal-health actor's probe (journal-probe), deleted once written
        [typeof(JournalProbed)] = "journal-probed.v1",
        // Notifications: the notifier (notifier) and each channel's outbox (notify-<channel>)
        [typeof(NotificationEvents.NotifierStarted)] = "notifier-started.v1",
        [typeof(NotificationEvents.NotificationRaised)] = "notification-raised.v1",
        [typeof(NotificationEvents.AttentionCleared)] = "attention-cleared.v1",
        [typeof(NotificationEvents.OutboxOpened)] = "outbox-opened.v1",
        [typeof(NotificationEvents.NotificationQueued)] = "notification-queued.v1",
        [typeof(NotificationEvents.NotificationDelivered)] = "notification-delivered.v1",
        [typeof(NotificationEvents.NotificationGivenUp)] = "notification-given-up.v1",
        [typeof(NotificationEvents.ChannelRefusing)] = "channel-refusing.v1",

        // Protocol: messages between actors (never persisted; "msg-" keeps them apart from journal manifests).
        [typeof(MovieCommands.QueueMovie)] = "msg-queue-movie.v1",
        [typeof(MovieCommands.QueueMovieResult)] = "msg-queue-movie-result.v1",
        [typeof(MovieCommands.RetryMovie)] = "msg-retry-movie.v1",
        [typeof(MovieCommands.RetryMovieResult)] = "msg-retry-movie-result.v1",
        [typeof(MovieCommands.ForgetMovie)] = "msg-forget-movie.v1",
        [typeof(MovieCommands.ForgetMovieResult)] = "msg-forget-movie-result.v1",
        [typeof(MovieCommands.GrabMovie)] = "msg-grab-movie.v1",
        [typeof(MovieCommands.SkipMovie)] = "msg-skip-movie.v1",
        [typeof(MovieCommands.SetPriority)] = "msg-set-priority.v1",
        [typeof(MovieCommands.MovieCommandResult)] = "msg-movie-command-result.v1",
        [typeof(MovieCommands.Passivate)] = "msg-passivate.v1",
        [typeof(MovieCommands.CleanupCompleted)] = "msg-cleanup-completed.v1",
        [typeof(MovieCommands.CleanupCompletedResult)] = "msg-cleanup-completed-result.v1",
        [typeof(MovieQueries.GetStatistics)] = "msg-get-statistics.v1",
        [typeof(MovieQueries.StatisticsResult)] = "msg-statistics-result.v1",
        [typeof(MovieQueries.GetMovieState)] = "msg-get-movie-state.v1",
        [typeof(MovieQueries.MovieStateResult)] = "msg-movie-state-result.v1",
        [typeof(MovieQueries.MovieNotRunning)] = "msg-movie-not-running.v1",
        [typeof(MovieQueries.GetWaiting)] = "msg-get-waiting.v1",
        [typeof(MovieQueries.WaitingResult)] = "msg-waiting-result.v1",
        [typeof(NotificationQueries.GetChannelStatus)] = "msg-get-channel-status.v1",
        [typeof(NotificationQueries.ChannelStatus)] = "msg-channel-status.v1",
        [typeof(MovieReports.MovieStateReported)] = "msg-movie-state-reported.v1",
        [typeof(MovieReports.MovieWaiting)] = "msg-movie-waiting.v1",
        [typeof(WatchlistCommands.CheckWatchlist)] = "msg-check-watchlist.v1",
        [typeof(WatchlistQueries.GetWatchlist)] = "msg-get-watchlist.v1",
        [typeof(FileListCommands.SearchFilm)] = "msg-fl-search-film.v1",
        [typeof(FileListCommands.FetchTorrent)] = "msg-fl-fetch-torrent.v1",
        [typeof(FileListCommands.ReloadFileListCredentials)] = "msg-fl-reload-credentials.v1",
        [typeof(FileListCommands.CheckFileListAccount)] = "msg-fl-check-account.v1",
        [typeof(FileListCommands.FileListAccountChecked)] = "msg-fl-account-checked.v1",
        [typeof(FileListCommands.FilmSearchResult)] = "msg-fl-film-search-result.v1",
        [typeof(FileListCommands.FetchTorrentResult)] = "msg-fl-fetch-torrent-result.v1",
        [typeof(FileListCommands.FileListDeferred)] = "msg-fl-deferred.v1",
        [typeof(FileListCommands.ReserveFileListRequests)] = "msg-fl-reserve.v1",
        [typeof(FileListCommands.FileListReserved)] = "msg-fl-reserved.v1",
        [typeof(FileListCommands.ReleaseFileListReservation)] = "msg-fl-release.v1",
        [typeof(FileListEvents.FileListTurn)] = "msg-fl-turn.v1",
        [typeof(FileListEvents.FileListLineLeft)] = "msg-fl-line-left.v1",
        [typeof(FileListQueries.GetFileListAccountStatus)] = "msg-fl-get-account-status.v1",
        [typeof(FileListQueries.FileListAccountStatus)] = "msg-fl-account-status.v1",
        [typeof(FileListCommands.WatchFileListAccountStatus)] = "msg-fl-watch-account-status.v1",
        [typeof(FileListAccountQueries.GetFileListAccounts)] = "msg-fl-get-accounts.v1",
        [typeof(FileListAccountQueries.FileListAccountsResult)] = "msg-fl-accounts-result.v1",
        // Between an account node and the coordinator's broker (issue 11): names and actor paths, never credentials.
        [typeof(FileList.FileListBroker.RegisterAccount)] = "msg-fl-register-account.v1",
        [typeof(FileList.FileListBroker.AccountRegistered)] = "msg-fl-account-registered.v1",
        [typeof(FileList.FileListBroker.AccountRefused)] = "msg-fl-account-refused.v1",
        [typeof(FileList.FileListBroker.ReloadCredentialsOf)] = "msg-fl-reload-credentials-of.v1",
    };

    private static readonly IReadOnlyDictionary<string, Type> TypeOf =
        ManifestOf.ToDictionary(pair => pair.Value, pair => pair.Key);

    public MovieSyncSerializer(ExtendedActorSystem system) : base(system)
    {
        _options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            Converters =
            {
                new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower), new MovieIdConverter(), new ActorRefConverter(system),
            },
        };
    }

    public override int Identifier => SerializerId;

    /// <summary>Every manifest this version reads; a spec proves each one round-trips.</summary>
    public static IEnumerable<string> Manifests => TypeOf.Keys;

    public override string Manifest(object o) => ManifestFor(o);

    /// <summary>The stable name a message is stored or sent under (the public event names are EventView's own).</summary>
    public static string ManifestFor(object o) =>
        ManifestOf.TryGetValue(o.GetType(), out var manifest)
            ? manifest
            : throw new ArgumentException($"{o.GetType()} has no MovieSync manifest", nameof(o));

    public override byte[] ToBinary(object obj) => obj switch
    {
        CoordinatorState state => JsonSerializer.SerializeToUtf8Bytes(CoordinatorSnapshot.From(state), _options),
        _ => JsonSerializer.SerializeToUtf8Bytes(obj, obj.GetType(), _options),
    };

    /// <summary>
    /// The stored message; a stored event or snapshot this version cannot read is an <see cref="UnreadableEvent"/>, so
    /// that the journal's readers can show it and go on (recovery refuses it). An unknown protocol message is refused.
    /// </summary>
    public override object FromBinary(byte[] bytes, string manifest)
    {
        try
        {
            return Read(bytes, manifest);
        }
        catch (Exception e) when (e is SerializationException or JsonException && !manifest.StartsWith(ProtocolPrefix, StringComparison.Ordinal))
        {
            return new UnreadableEvent(manifest, e.Message);
        }
    }

    private const string ProtocolPrefix = "msg-";

    private object Read(byte[] bytes, string manifest)
    {
        if (!TypeOf.TryGetValue(manifest, out var type))
            throw new SerializationException(
                $"Unknown MovieSync manifest '{manifest}': this journal was written by a newer MovieSync version");
        if (type == typeof(CoordinatorState))
            return Deserialize<CoordinatorSnapshot>(bytes, manifest).ToState();
        return JsonSerializer.Deserialize(bytes, type, _options)
               ?? throw new SerializationException($"Empty payload for manifest '{manifest}'");
    }

    private T Deserialize<T>(byte[] bytes, string manifest) =>
        JsonSerializer.Deserialize<T>(bytes, _options) ?? throw new SerializationException($"Empty payload for manifest '{manifest}'");

    /// <summary>The coordinator's snapshot as a list, since JSON object keys cannot be movie ids.</summary>
    private sealed record CoordinatorSnapshot(IReadOnlyList<CoordinatorSnapshot.Entry> Movies)
    {
        public static CoordinatorSnapshot From(CoordinatorState state) => new(state.Movies
            .Select(m => new Entry(m.Key, m.Value.Title, m.Value.Year, m.Value.SettledAs, m.Value.ReopenedAt, m.Value.ParkedUntil,
                m.Value.SettledAt, m.Value.GrabReason))
            .ToList());

        public CoordinatorState ToState() => new(Movies.ToImmutableDictionary(
            e => e.MovieId, e => new TrackedMovie(e.Title, e.Year, e.SettledAs, e.ReopenedAt, e.ParkedUntil, e.SettledAt, e.GrabReason)));

        /// <summary>
        /// <paramref name="ParkedUntil"/> and <paramref name="SettledAt"/> came with MovieSync 1.1, <paramref name="GrabReason"/>
        /// with issue 12; older snapshots lack them (null).
        /// </summary>
        public sealed record Entry(MovieId MovieId, string Title, int? Year, MovieStatus? SettledAs, DateTimeOffset? ReopenedAt,
            DateTimeOffset? ParkedUntil = null, DateTimeOffset? SettledAt = null, string? GrabReason = null);
    }

    /// <summary>An actor as its full path with the node's address (how Akka names a remote actor), resolved on the receiving node.</summary>
    private sealed class ActorRefConverter(ExtendedActorSystem system) : JsonConverter<IActorRef>
    {
        public override IActorRef Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            system.Provider.ResolveActorRef(reader.GetString() ?? "");

        public override void Write(Utf8JsonWriter writer, IActorRef value, JsonSerializerOptions options) =>
            writer.WriteStringValue(Akka.Serialization.Serialization.SerializedActorPath(value));
    }

    private sealed class MovieIdConverter : JsonConverter<MovieId>
    {
        public override MovieId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            MovieId.Parse(reader.GetString() ?? "");

        public override void Write(Utf8JsonWriter writer, MovieId value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.Value);
    }
}
