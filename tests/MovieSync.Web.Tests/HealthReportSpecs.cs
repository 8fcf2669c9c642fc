using Microsoft.Extensions.Time.Testing;
using MovieSync.Actors.Adapters.Letterboxd;
using MovieSync.Actors.Watchlist;
using MovieSync.Clients.Letterboxd;
using MovieSync.Configuration;
using MovieSync.Host.Journal;
using MovieSync.Host.Web.Health;
using MovieSync.Simulators.QBittorrent;
using Xunit;

namespace MovieSync.Web.Tests;

/// <summary>
/// Which parts <c>/healthz</c> names as failing, the Letterboxd part's hour of grace, and the qBittorrent probe: cached,
/// and a rejected login not tried again.
/// </summary>
public sealed class HealthReportSpecs
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_spent_budget_is_healthy_rejected_credentials_and_a_lost_node_are_not()
    {
        var report = HealthReport.Of(JournalView.Readable, QBittorrentCheck.NotUsed,
            [Account("spent", AccountView.RateLimited), Account("rejected", AccountView.CredentialsRejected),
                Account("gone", AccountView.Unreachable), Account("fine", AccountView.Ok)],
            LetterboxdView.NotUsed);

        Assert.Equal("failing", report.Status);
        Assert.Equal(new[] { "filelist:rejected", "filelist:gone" }, report.Failing);
    }

    [Fact]
    public void Every_failing_part_is_named_and_all_well_is_ok()
    {
        var failing = HealthReport.Of(new JournalView(JournalView.Unavailable, "disk I/O error", Start),
            new QBittorrentCheck("unreachable", null, "refused", Start, null), [], Letterboxd(failingFor: TimeSpan.FromHours(2)));
        var ok = HealthReport.Of(JournalView.Readable, new QBittorrentCheck(QBittorrentCheck.Ok, "v4.5.2", null, Start, Start), [],
            LetterboxdView.NotUsed);

        Assert.Equal(new[] { "journal", "qbittorrent", "letterboxd" }, failing.Failing);
        Assert.Equal("ok", ok.Status);
        Assert.Empty(ok.Failing);
    }

    [Fact]
    public void Letterboxd_is_retrying_for_an_hour_of_failed_reads_then_failing_and_ok_again_after_one_good_read()
    {
        var clock = new FakeTimeProvider(Start);
        var activity = new LetterboxdActivity(clock);
        Assert.Null(activity.Reads);
        using var client = new LetterboxdClient(new LetterboxdClientOptions());
        activity.Observe(new NoSource(), client);
        Assert.Equal("not_read_yet", LetterboxdView.Of(activity.Reads, clock.GetUtcNow()).State);

        activity.ReadSucceeded();
        clock.Advance(TimeSpan.FromMinutes(10));
        activity.Failed(WatchlistFailure.Blocked, "Cloudflare answered 403 (https://letterboxd.com/me/watchlist/)");
        clock.Advance(TimeSpan.FromMinutes(59));
        activity.Failed(WatchlistFailure.Blocked, "again");
        var retrying = LetterboxdView.Of(activity.Reads, clock.GetUtcNow());
        clock.Advance(TimeSpan.FromMinutes(1));
        var failing = LetterboxdView.Of(activity.Reads, clock.GetUtcNow());
        activity.ReadSucceeded();
        var recovered = LetterboxdView.Of(activity.Reads, clock.GetUtcNow());

        Assert.Equal("retrying", retrying.State);
        Assert.Equal(Start + TimeSpan.FromMinutes(10), retrying.FailingSince);
        Assert.Equal("Blocked: again", retrying.LastError);
        Assert.Equal(Start, retrying.LastRead);
        Assert.Equal(LetterboxdView.Failing, failing.State);
        Assert.Equal("ok", recovered.State);
        Assert.Null(recovered.FailingSince);
        Assert.Equal("Blocked: again", recovered.LastError);
    }

    [Fact]
    public async Task The_qbittorrent_probe_asks_at_most_every_five_seconds()
    {
        await using var qbittorrent = await FakeQBittorrent.StartAsync();
        var clock = new FakeTimeProvider(Start);
        using var probe = new QBittorrentProbe(Options(qbittorrent, "adminadmin"), clock);

        var first = await probe.CheckAsync(CancellationToken.None);
        qbittorrent.Fault = FakeQBittorrentFault.ServerError;
        var cached = await probe.CheckAsync(CancellationToken.None);
        clock.Advance(QBittorrentProbe.CacheFor);
        var fresh = await probe.CheckAsync(CancellationToken.None);

        Assert.Equal(QBittorrentCheck.Ok, first.State);
        Assert.False(string.IsNullOrEmpty(first.Version));
        Assert.Same(first, cached);
        Assert.Equal("unexpected_reply", fresh.State);
        Assert.Equal(Start, fresh.LastSuccess);
        Assert.False(fresh.Healthy);
    }

    [Fact]
    public async Task A_rejected_login_is_reported_and_not_tried_again()
    {
        await using var qbittorrent = await FakeQBittorrent.StartAsync();
        var clock = new FakeTimeProvider(Start);
        using var probe = new QBittorrentProbe(Options(qbittorrent, "wrong-password"), clock);

        var first = await probe.CheckAsync(CancellationToken.None);
        clock.Advance(TimeSpan.FromMinutes(1));
        var later = await probe.CheckAsync(CancellationToken.None);

        Assert.Equal("credentials_rejected", first.State);
        Assert.Equal("credentials_rejected", later.State);
        Assert.DoesNotContain("wrong-password", later.Error);
        Assert.Equal(1, qbittorrent.LoginAttempts);
    }

    private static MovieSyncOptions Options(FakeQBittorrent qbittorrent, string password) => new()
    {
        Username = "alice",
        DownloadDirectory = "/data/movies",
        QBittorrent = new QBittorrentOptions { Url = qbittorrent.BaseUrl, Username = "admin", Password = password },
    };

    private static AccountView Account(string username, string state) => new(username, "local", state, 10, 150, 0, 0);

    private static LetterboxdView Letterboxd(TimeSpan failingFor) =>
        LetterboxdView.Of(new LetterboxdReads(null, null, Start, "Blocked: 403", Start, 0), Start + failingFor);

    private sealed class NoSource : IWatchlistSource
    {
        public Task<WatchlistReadOutcome> ReadAsync(WatchlistReadRequest request, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task<FilmLookupOutcome> LookUpAsync(ListedFilm film, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
