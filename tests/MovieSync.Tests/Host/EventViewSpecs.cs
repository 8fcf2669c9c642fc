using System.Text.RegularExpressions;
using Akka.Persistence.Query;
using MovieSync.Actors.Serialization;
using MovieSync.Host.Journal;
using MovieSync.Messages;
using MovieSync.Tests.Serialization;
using Xunit;
using static MovieSync.Messages.CoordinatorEvents;
using static MovieSync.Messages.FileListEvents;
using static MovieSync.Messages.MovieEvents;
using static MovieSync.Messages.WatchlistEvents;

namespace MovieSync.Tests.Host;

/// <summary>
/// `history`, `events`, <c>GET /api/movies/{id}/history</c> and the live stream show events through
/// <see cref="EventView"/>, mapped by hand from each stored type: a change to how an event is stored cannot change what
/// they print.
/// </summary>
public sealed class EventViewSpecs
{
    private static readonly MovieId Matrix = MovieId.Parse("tt0133093");
    private static readonly DateTimeOffset At = new(2026, 11, 24, 20, 15, 0, TimeSpan.Zero);

    // Stored shapes that are snapshots, never events of the journal's event stream.
    private static readonly Type[] Snapshots =
        [typeof(MovieState), typeof(CoordinatorState), typeof(WatchlistState), typeof(FileListAccountSnapshot)];

    /// <summary>What the CLI and the API have always printed for one sample of every event type (and optional fields set or not).</summary>
    private static readonly (object Event, string Json)[] Golden =
    [
        (new MovieQueued(Matrix, "The Matrix", 1999, At),
            """{"sequence_nr":3,"event":"movie-queued","movie_id":"tt0133093","title":"The Matrix","year":1999,"at":"2026-11-24T20:15:00\u002B00:00"}"""),
        (new AttemptFailed(Matrix, 2, "No torrents found", At.AddHours(2), At),
            """{"sequence_nr":3,"event":"attempt-failed","movie_id":"tt0133093","failures":2,"error":"No torrents found","next_retry_at":"2026-11-24T22:15:00\u002B00:00","at":"2026-11-24T20:15:00\u002B00:00"}"""),
        (new MovieFailedPermanently(Matrix, 6, "No torrents found", At),
            """{"sequence_nr":3,"event":"movie-failed-permanently","movie_id":"tt0133093","failures":6,"error":"No torrents found","at":"2026-11-24T20:15:00\u002B00:00"}"""),
        (new TorrentAdded(Matrix, "The.Matrix.1999.1080p.BluRay.x264-GRP", "3f2f1f44175277b2a5d74750fe4989ab12345678", At),
            """{"sequence_nr":3,"event":"torrent-added","movie_id":"tt0133093","torrent_name":"The.Matrix.1999.1080p.BluRay.x264-GRP","info_hash":"3f2f1f44175277b2a5d74750fe4989ab12345678","at":"2026-11-24T20:15:00\u002B00:00"}"""),
        (new MovieCompleted(Matrix, "/data/movies/The Matrix (1999)", AlreadyOnDisk: true, At),
            """{"sequence_nr":3,"event":"movie-completed","movie_id":"tt0133093","path":"/data/movies/The Matrix (1999)","already_on_disk":true,"at":"2026-11-24T20:15:00\u002B00:00"}"""),
        (new RetryRequested(Matrix, At),
            """{"sequence_nr":3,"event":"retry-requested","movie_id":"tt0133093","at":"2026-11-24T20:15:00\u002B00:00"}"""),
        (new MovieForgotten(Matrix, "removed from the Letterboxd watchlist", At),
            """{"sequence_nr":3,"event":"movie-forgotten","movie_id":"tt0133093","reason":"removed from the Letterboxd watchlist","at":"2026-11-24T20:15:00\u002B00:00"}"""),
        (new PriorityChanged(Matrix, MoviePriority.High, "asked on the command line", At),
            """{"sequence_nr":3,"event":"priority-changed","movie_id":"tt0133093","priority":"high","reason":"asked on the command line","at":"2026-11-24T20:15:00\u002B00:00"}"""),
        (new GrabRequested(Matrix, "asked through the API", At),
            """{"sequence_nr":3,"event":"grab-requested","movie_id":"tt0133093","reason":"asked through the API","at":"2026-11-24T20:15:00\u002B00:00"}"""),
        (new MovieSkipped(Matrix, "asked through the API", At),
            """{"sequence_nr":3,"event":"movie-skipped","movie_id":"tt0133093","reason":"asked through the API","at":"2026-11-24T20:15:00\u002B00:00"}"""),
        (new MovieTracked(MovieId.Parse("amelie"), "Amélie", null, At),
            """{"sequence_nr":3,"event":"movie-tracked","movie_id":"amelie","title":"Am\u00E9lie","at":"2026-11-24T20:15:00\u002B00:00"}"""),
        (new MovieSettled(Matrix, MovieStatus.Completed, At),
            """{"sequence_nr":3,"event":"movie-settled","movie_id":"tt0133093","status":"completed","at":"2026-11-24T20:15:00\u002B00:00"}"""),
        (new MovieReopened(Matrix, At),
            """{"sequence_nr":3,"event":"movie-reopened","movie_id":"tt0133093","at":"2026-11-24T20:15:00\u002B00:00"}"""),
        (new MovieParked(Matrix, At.AddHours(4), At),
            """{"sequence_nr":3,"event":"movie-parked","movie_id":"tt0133093","wake_at":"2026-11-25T00:15:00\u002B00:00","at":"2026-11-24T20:15:00\u002B00:00"}"""),
        (new MovieCleanedUp(Matrix, At),
            """{"sequence_nr":3,"event":"movie-cleaned-up","movie_id":"tt0133093","at":"2026-11-24T20:15:00\u002B00:00"}"""),
        (new FilmAddedToWatchlist("amelie", "Amélie", 2001, "2b9i", At),
            """{"sequence_nr":3,"event":"wl-film-added","slug":"amelie","title":"Am\u00E9lie","year":2001,"short_key":"2b9i","at":"2026-11-24T20:15:00\u002B00:00"}"""),
        (new FilmIdsResolved("amelie", "tt0211915", 194, ["Jean-Pierre Jeunet"], IsTv: false, At),
            """{"sequence_nr":3,"event":"wl-film-ids-resolved","slug":"amelie","imdb_id":"tt0211915","tmdb_id":194,"directors":["Jean-Pierre Jeunet"],"is_tv":false,"at":"2026-11-24T20:15:00\u002B00:00"}"""),
        (new FilmRemovedFromWatchlist("amelie", At),
            """{"sequence_nr":3,"event":"wl-film-removed","slug":"amelie","at":"2026-11-24T20:15:00\u002B00:00"}"""),
        // The hand-over flag is the watchlist's own bookkeeping, not part of the public view.
        (new FilmRemovedFromWatchlist("se7en", At) { ConfirmationAwaited = true },
            """{"sequence_nr":3,"event":"wl-film-removed","slug":"se7en","at":"2026-11-24T20:15:00\u002B00:00"}"""),
        (new FilmHandedOver("amelie", At),
            """{"sequence_nr":3,"event":"wl-film-handed-over","slug":"amelie","at":"2026-11-24T20:15:00\u002B00:00"}"""),
        (new FilmForgetHandedOver("amelie", At),
            """{"sequence_nr":3,"event":"wl-forget-handed-over","slug":"amelie","at":"2026-11-24T20:15:00\u002B00:00"}"""),
        (new WatchlistReconciled(127, At),
            """{"sequence_nr":3,"event":"wl-reconciled","films":127,"at":"2026-11-24T20:15:00\u002B00:00","slug":""}"""),
        (new MovieRemoved(Matrix, "removed from the Letterboxd watchlist", TorrentRemoved: true, "/data/movies/.moviesync-trash/2026-11-24T20-15-00Z/The Matrix (1999)", At),
            """{"sequence_nr":3,"event":"movie-removed","movie_id":"tt0133093","reason":"removed from the Letterboxd watchlist","torrent_removed":true,"trashed_to":"/data/movies/.moviesync-trash/2026-11-24T20-15-00Z/The Matrix (1999)","at":"2026-11-24T20:15:00\u002B00:00"}"""),
        (new FilmMissingFromWatchlist("amelie", At),
            """{"sequence_nr":3,"event":"wl-film-missing","slug":"amelie","at":"2026-11-24T20:15:00\u002B00:00"}"""),
        (new FilmBackOnWatchlist("amelie", At),
            """{"sequence_nr":3,"event":"wl-film-back","slug":"amelie","at":"2026-11-24T20:15:00\u002B00:00"}"""),
        (new WatchlistReadDistrusted("the read failed (Blocked): 403", 60, 0, At),
            """{"sequence_nr":3,"event":"wl-read-distrusted","reason":"the read failed (Blocked): 403","known":60,"listed":0,"at":"2026-11-24T20:15:00\u002B00:00"}"""),
        (new WatchlistExportStale("/home/alice/Downloads/letterboxd-alice-2026-09-01-10-00-utc.zip", At.AddDays(-84), At),
            """{"sequence_nr":3,"event":"wl-export-stale","path":"/home/alice/Downloads/letterboxd-alice-2026-09-01-10-00-utc.zip","exported_at":"2026-09-01T20:15:00\u002B00:00","at":"2026-11-24T20:15:00\u002B00:00"}"""),
        (new WatchlistReadsBlocked(At.AddMinutes(-65), "Blocked", "HTTP 403", At),
            """{"sequence_nr":3,"event":"wl-reads-blocked","since":"2026-11-24T19:10:00\u002B00:00","failure":"Blocked","message":"HTTP 403","at":"2026-11-24T20:15:00\u002B00:00"}"""),
        (new WatchlistReadsWork(At),
            """{"sequence_nr":3,"event":"wl-reads-work","at":"2026-11-24T20:15:00\u002B00:00"}"""),
        (new FileListRequestSpent(At),
            """{"sequence_nr":3,"event":"fl-request-spent","at":"2026-11-24T20:15:00\u002B00:00"}"""),
        (new JournalProbed(At),
            """{"sequence_nr":3,"event":"journal-probed","at":"2026-11-24T20:15:00\u002B00:00"}"""),
        (new FileListRateLimitReached(At),
            """{"sequence_nr":3,"event":"fl-rate-limit-reached","at":"2026-11-24T20:15:00\u002B00:00"}"""),
        (new TorrentAdded(Matrix, "The.Matrix.1999.2160p", "ab12", At) { Reason = "2160p, freeleech, 143 seeders", SizeBytes = 5_000_000_000 },
            """{"sequence_nr":3,"event":"torrent-added","movie_id":"tt0133093","torrent_name":"The.Matrix.1999.2160p","info_hash":"ab12","at":"2026-11-24T20:15:00\u002B00:00","reason":"2160p, freeleech, 143 seeders","size_bytes":5000000000}"""),
        (new MovieCompleted(Matrix, null, AlreadyOnDisk: false, new DateTimeOffset(2026, 1, 2, 3, 4, 5, 678, TimeSpan.FromHours(2))),
            """{"sequence_nr":3,"event":"movie-completed","movie_id":"tt0133093","already_on_disk":false,"at":"2026-01-02T03:04:05.678\u002B02:00"}"""),
        (new MovieSettled(Matrix, MovieStatus.PermanentFailure, At),
            """{"sequence_nr":3,"event":"movie-settled","movie_id":"tt0133093","status":"permanent_failure","at":"2026-11-24T20:15:00\u002B00:00"}"""),
        (new DownloadProgressed(Matrix, 0.25, At),
            """{"sequence_nr":3,"event":"download-progressed","movie_id":"tt0133093","fraction":0.25,"at":"2026-11-24T20:15:00\u002B00:00"}"""),
        (new AttemptFailed(Matrix, 3, "stalled", At.AddHours(4), At) { Rejected = new RejectedTorrent("ab12", "The.Matrix.1080p", 1001) },
            """{"sequence_nr":3,"event":"attempt-failed","movie_id":"tt0133093","failures":3,"error":"stalled","next_retry_at":"2026-11-25T00:15:00\u002B00:00","at":"2026-11-24T20:15:00\u002B00:00","rejected_info_hash":"ab12","rejected_filelist_id":1001}"""),
        (new TorrentAdded(Matrix, "The.Matrix.1080p", "ab12", At) { FileListId = 1001 },
            """{"sequence_nr":3,"event":"torrent-added","movie_id":"tt0133093","torrent_name":"The.Matrix.1080p","info_hash":"ab12","at":"2026-11-24T20:15:00\u002B00:00","filelist_id":1001}"""),
        (new NotificationEvents.NotifierStarted(1234, At),
            """{"sequence_nr":3,"event":"notifier-started","offset":1234,"at":"2026-11-24T20:15:00\u002B00:00"}"""),
        (new NotificationEvents.NotificationRaised(new Notification("d-1", NotificationKind.Grabbed, At, "Grabbed The Matrix (1999).",
            new NotifiedMovie(Matrix, "The Matrix", 1999)), 1240),
            """{"sequence_nr":3,"event":"notification-raised","delivery_id":"d-1","kind":"grabbed","movie_id":"tt0133093","message":"Grabbed The Matrix (1999).","offset":1240,"at":"2026-11-24T20:15:00\u002B00:00"}"""),
        (new NotificationEvents.AttentionCleared("filelist:alice", At),
            """{"sequence_nr":3,"event":"attention-cleared","subject":"filelist:alice","at":"2026-11-24T20:15:00\u002B00:00"}"""),
        (new NotificationEvents.OutboxOpened(17, At),
            """{"sequence_nr":3,"event":"outbox-opened","notifier_sequence_nr":17,"at":"2026-11-24T20:15:00\u002B00:00"}"""),
        (new NotificationEvents.NotificationQueued(new Notification("d-2", NotificationKind.Attention, At, "Needs you.", null), 18),
            """{"sequence_nr":3,"event":"notification-queued","delivery_id":"d-2","kind":"attention","notifier_sequence_nr":18,"at":"2026-11-24T20:15:00\u002B00:00"}"""),
        (new NotificationEvents.NotificationDelivered("d-1", 4, At),
            """{"sequence_nr":3,"event":"notification-delivered","delivery_id":"d-1","attempts":4,"at":"2026-11-24T20:15:00\u002B00:00"}"""),
        (new NotificationEvents.NotificationGivenUp("d-2", "HTTP 404 Not Found", At),
            """{"sequence_nr":3,"event":"notification-given-up","delivery_id":"d-2","reason":"HTTP 404 Not Found","at":"2026-11-24T20:15:00\u002B00:00"}"""),
        (new NotificationEvents.ChannelRefusing("webhook https://example.org/hook", "HTTP 404 Not Found", At),
            """{"sequence_nr":3,"event":"channel-refusing","channel":"webhook https://example.org/hook","reason":"HTTP 404 Not Found","at":"2026-11-24T20:15:00\u002B00:00"}"""),
        (new FilmIdsResolved("short", null, null, [], IsTv: true, At),
            """{"sequence_nr":3,"event":"wl-film-ids-resolved","slug":"short","directors":[],"is_tv":true,"at":"2026-11-24T20:15:00\u002B00:00"}"""),
    ];

    // Messages between actors ("msg-" manifests) are never stored: they have no public view.
    public static TheoryData<string> Manifests() => new(MovieSyncSerializer.Manifests.Where(m => !m.StartsWith("msg-", StringComparison.Ordinal)));

    [Theory]
    [MemberData(nameof(Manifests))]
    public void Every_stored_event_type_has_a_public_view_and_a_golden_sample(string manifest)
    {
        var sample = SerializerSpecs.Samples().First(s => MovieSyncSerializer.ManifestFor(s) == manifest);
        if (Snapshots.Contains(sample.GetType()))
            return;

        var view = EventView.Of(sample); // throws for a type without a mapping: add one to EventView.Of

        Assert.Matches("^[a-z][a-z-]*$", view.Name);
        Assert.All(view.Fields, field => Assert.Matches("^[a-z][a-z_]*$", field.Key));
        Assert.True(Golden.Any(g => g.Event.GetType() == sample.GetType()),
            $"{sample.GetType().Name} has no golden sample: add what its public view prints to EventViewSpecs.Golden");
    }

    [Fact]
    public void Every_event_prints_exactly_as_it_always_has()
    {
        Assert.All(Golden, golden =>
            Assert.Equal(golden.Json, EventText.ToJson(Envelope(golden.Event), withPersistenceId: false).ToJsonString()));
    }

    [Fact]
    public void The_live_stream_and_events_put_the_journal_position_first()
    {
        var entry = EventText.ToJson(Envelope(new RetryRequested(Matrix, At)), withPersistenceId: true);

        Assert.Equal(
            """{"offset":42,"persistence_id":"movie-tt0133093","sequence_nr":3,"event":"retry-requested","movie_id":"tt0133093","at":"2026-11-24T20:15:00\u002B00:00"}""",
            entry.ToJsonString());
        Assert.Equal("2026-11-24 20:15:00 UTC  movie-tt0133093               #3  retry-requested            ", EventText.Describe(entry));
    }

    [Fact]
    public void An_object_that_is_not_an_event_has_no_view()
    {
        Assert.Throws<ArgumentException>(() => EventView.Of(MovieState.Empty(Matrix)));
        Assert.Throws<ArgumentException>(() => EventView.Of("not an event"));
    }

    [Theory]
    [InlineData("Journal")]
    [InlineData("Web")]
    [InlineData("Cli")]
    public void What_shows_events_never_reads_their_stored_form(string folder)
    {
        var readers = Directory.EnumerateFiles(Path.Combine(HostSources.Root, folder), "*.cs", SearchOption.AllDirectories)
            .Where(file => Regex.IsMatch(File.ReadAllText(file), @"MovieSyncSerializer|Actors\.Serialization"))
            .Select(Path.GetFileName);

        Assert.Empty(readers);
    }

    private static EventEnvelope Envelope(object e) => new(Offset.Sequence(42), "movie-tt0133093", 3, e, 0, []);
}
