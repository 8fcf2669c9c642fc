using Akka.Actor;
using Akka.Hosting;
using MovieSync.Actors.Adapters.Letterboxd;
using MovieSync.Actors.Journal;
using MovieSync.Configuration;
using MovieSync.Host.Journal;
using MovieSync.Messages;
using Prometheus;
using static MovieSync.Messages.MovieEvents;

namespace MovieSync.Host.Web.Health;

/// <summary>
/// What <c>GET /metrics</c> exports, in a registry of this host's own (tests run several hosts in one process). The
/// grab, completion and retry counters follow the journal's event stream the dashboard's board folds (the whole journal,
/// so they carry on across restarts); the rest is read from the actors when Prometheus scrapes, the notification channels'
/// from their outboxes (the status <c>GET /api/notifications</c> shows).
/// </summary>
public sealed class HostMetrics
{
    private readonly MovieBoard _board;
    private readonly ActorRegistry _actors;
    private readonly LetterboxdActivity _letterboxd;
    private readonly HealthCheck _health;
    private readonly Gauge _movies;
    private readonly Counter _grabs;
    private readonly Counter _completions;
    private readonly Counter _retries;
    private readonly Counter _fileListRequests;
    private readonly Gauge _fileListLeft;
    private readonly Gauge _fileListPerHour;
    private readonly Counter _letterboxdRequests;
    private readonly Histogram _journalWrites;
    private readonly Counter _journalWriteFailures;
    private readonly Gauge _healthy;
    private readonly ActorSystem _system;
    private readonly MovieSyncOptions _options;
    private readonly NotificationMetrics _notifications;

    public HostMetrics(MovieBoard board, ActorRegistry actors, LetterboxdActivity letterboxd, HealthCheck health, ActorSystem system,
        MovieSyncOptions options)
    {
        _board = board;
        _actors = actors;
        _letterboxd = letterboxd;
        _health = health;
        _system = system;
        _options = options;
        Registry = Metrics.NewCustomRegistry();
        var metrics = Metrics.WithCustomRegistry(Registry);
        _movies = metrics.CreateGauge("moviesync_movies", "Tracked movies in each state (as `status` counts them).", "state");
        _grabs = metrics.CreateCounter("moviesync_grabs_total", "Torrents added to qBittorrent (TorrentAdded events in the journal).");
        _completions = metrics.CreateCounter("moviesync_completions_total", "Movies completed (MovieCompleted events in the journal).");
        _retries = metrics.CreateCounter("moviesync_retries_total", "Failed attempts that will be retried (AttemptFailed events in the journal).");
        _fileListRequests = metrics.CreateCounter("moviesync_filelist_requests_total",
            "FileList API requests per account since the host started, by kind (search, download).", "account", "kind");
        _fileListLeft = metrics.CreateGauge("moviesync_filelist_requests_left", "FileList requests left in the account's hourly budget.", "account");
        _fileListPerHour = metrics.CreateGauge("moviesync_filelist_requests_per_hour", "The FileList account's hourly budget.", "account");
        _letterboxdRequests = metrics.CreateCounter("moviesync_letterboxd_requests_total", "HTTP requests to Letterboxd since the host started.");
        _journalWrites = metrics.CreateHistogram("moviesync_journal_write_seconds", "How long each committed journal write (a batch of persists) took.",
            new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.001, 2, 14) });
        _journalWriteFailures = metrics.CreateCounter("moviesync_journal_write_failures_total", "Journal writes the database refused.");
        _healthy = metrics.CreateGauge("moviesync_healthy",
            "1 when the part works, 0 when /healthz names it failing (journal, qbittorrent, letterboxd, filelist:<account>).", "part");
        _notifications = new NotificationMetrics(metrics);
        foreach (var state in StateNames.All)
            _movies.WithLabels(state).Set(0);
        board.EventFolded = Count;
        Registry.AddBeforeCollectCallback(ReadActorsAsync);
    }

    public CollectorRegistry Registry { get; }

    /// <summary>Times every journal write of <paramref name="system"/> from now on.</summary>
    public void FollowJournalWrites(ActorSystem system) =>
        JournalWriteTimings.Of(system).Listener = (took, committed) =>
        {
            if (committed)
                _journalWrites.Observe(took.TotalSeconds);
            else
                _journalWriteFailures.Inc();
        };

    private void Count(object e)
    {
        switch (e)
        {
            case TorrentAdded:
                _grabs.Inc();
                break;
            case MovieCompleted:
                _completions.Inc();
                break;
            case AttemptFailed:
                _retries.Inc();
                break;
        }
    }

    private async Task ReadActorsAsync(CancellationToken cancellationToken)
    {
        if (_board.WhenReady.IsCompleted)
        {
            var waits = await LiveWaits.AskAsync(_actors, cancellationToken);
            var counts = waits.Count(_board.Movies, _board.Counts);
            (string State, int Count)[] byState =
            [
                ("pending", counts.Pending), ("failed", counts.Failed), ("permanent_failure", counts.PermanentFailures),
                ("downloading", counts.Downloading), ("completed", counts.Completed), ("skipped", counts.Skipped),
                (StateNames.Waiting, counts.Waiting),
            ];
            foreach (var (state, count) in byState)
                _movies.WithLabels(state).Set(count);
        }

        var report = await _health.ReportAsync(cancellationToken);
        foreach (var account in report.FileList)
        {
            _fileListRequests.WithLabels(account.Username, "search").IncTo(account.Searches);
            _fileListRequests.WithLabels(account.Username, "download").IncTo(account.Downloads);
            _fileListLeft.WithLabels(account.Username).Set(account.RequestsLeft);
            _fileListPerHour.WithLabels(account.Username).Set(account.RequestsPerHour);
            _healthy.WithLabels("filelist:" + account.Username).Set(HealthReport.AccountFails(account) ? 0 : 1);
        }

        _letterboxdRequests.IncTo(_letterboxd.Reads?.Requests ?? 0);
        _healthy.WithLabels("journal").Set(report.Failing.Contains("journal") ? 0 : 1);
        _healthy.WithLabels("qbittorrent").Set(report.Failing.Contains("qbittorrent") ? 0 : 1);
        _healthy.WithLabels("letterboxd").Set(report.Failing.Contains("letterboxd") ? 0 : 1);
        if (_options.Notifications.Count > 0)
            _notifications.Update(await NotificationsApi.ChannelsAsync(_system, _options, cancellationToken));
    }
}
