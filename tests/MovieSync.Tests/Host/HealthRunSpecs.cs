using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MovieSync.Host.Home;
using MovieSync.Simulators.Letterboxd;
using MovieSync.Simulators.QBittorrent;
using MovieSync.Tests.Support;
using Xunit;

namespace MovieSync.Tests.Host;

/// <summary>
/// <c>GET /healthz</c> and <c>GET /metrics</c> of the real `run` against the fakes: every part healthy, qBittorrent
/// failing and back, the metrics' names and labels, and a grab counted.
/// </summary>
public sealed class HealthRunSpecs : IAsyncLifetime
{
    private readonly List<FakeFilm> _films = FakeFilm.Generated(2, first: 301).ToList();
    private FakeServices? _services;

    private FakeServices Services => _services ?? throw new InvalidOperationException("no fakes started");

    public async Task InitializeAsync() => _services = await FakeServices.StartAsync(_films, listed: _films.Take(1), checkInterval: 1);

    public async Task DisposeAsync()
    {
        if (_services is not null)
            await Services.DisposeAsync();
    }

    [Fact]
    public async Task Healthz_is_200_with_every_part_ok_and_503_naming_qbittorrent_while_it_fails()
    {
        using var run = MovieSyncProcess.Start(Services.Run(letterboxdDelayMs: 0));
        var healthy = await WaitForHealth(run, h => h.Status == HttpStatusCode.OK && h.Body["letterboxd"]!["state"]!.GetValue<string>() == "ok");
        Assert.Equal("ok", healthy.Body["status"]!.GetValue<string>());
        Assert.Empty(healthy.Body["failing"]!.AsArray());
        Assert.Equal("ok", healthy.Body["journal"]!["state"]!.GetValue<string>());
        Assert.Equal("ok", healthy.Body["qbittorrent"]!["state"]!.GetValue<string>());
        var account = Assert.Single(healthy.Body["filelist"]!.AsArray())!;
        Assert.Equal(Services.FileList.Username, account["username"]!.GetValue<string>());
        Assert.Equal("ok", account["state"]!.GetValue<string>());
        Assert.NotNull(healthy.Body["letterboxd"]!["last_read"]);

        Services.QBittorrent.Fault = FakeQBittorrentFault.ServerError;
        var failing = await WaitForHealth(run, h => h.Status == HttpStatusCode.ServiceUnavailable);
        Assert.Equal("failing", failing.Body["status"]!.GetValue<string>());
        Assert.Equal(new[] { "qbittorrent" }, failing.Body["failing"]!.AsArray().Select(p => p!.GetValue<string>()));
        Assert.Equal("unexpected_reply", failing.Body["qbittorrent"]!["state"]!.GetValue<string>());
        Assert.Contains("500", failing.Body["qbittorrent"]!["error"]!.GetValue<string>());
        Assert.NotNull(failing.Body["qbittorrent"]!["last_success"]);
        Assert.DoesNotContain("adminadmin", failing.Text);

        Services.QBittorrent.Fault = FakeQBittorrentFault.None;
        await WaitForHealth(run, h => h.Status == HttpStatusCode.OK);
    }

    [Fact]
    public async Task Metrics_name_each_state_and_account_and_count_each_grab()
    {
        using var run = MovieSyncProcess.Start(Services.Run(letterboxdDelayMs: 0));
        await Services.WaitUntil(() => Services.QBittorrent.TorrentCount == 1, run);
        var first = await WaitForMetrics(run, m => Value(m, "moviesync_grabs_total") == 1);
        var account = Services.FileList.Username;

        foreach (var state in new[] { "pending", "failed", "permanent_failure", "downloading", "completed", "skipped", "waiting" })
            Assert.NotNull(Value(first, $"moviesync_movies{{state=\"{state}\"}}"));
        Assert.True(Value(first, $"moviesync_filelist_requests_total{{account=\"{account}\",kind=\"search\"}}") >= 1, first);
        Assert.True(Value(first, $"moviesync_filelist_requests_total{{account=\"{account}\",kind=\"download\"}}") >= 1, first);
        Assert.Equal(1000, Value(first, $"moviesync_filelist_requests_per_hour{{account=\"{account}\"}}"));
        Assert.True(Value(first, $"moviesync_filelist_requests_left{{account=\"{account}\"}}") < 1000, first);
        Assert.True(Value(first, "moviesync_letterboxd_requests_total") >= 1, first);
        Assert.True(Value(first, "moviesync_journal_write_seconds_count") >= 1, first);
        Assert.NotNull(Value(first, "moviesync_journal_write_seconds_bucket{le=\"0.001\"}"));
        Assert.Equal(1, Value(first, "moviesync_healthy{part=\"qbittorrent\"}"));
        Assert.Equal(1, Value(first, "moviesync_healthy{part=\"journal\"}"));
        Assert.Contains("# TYPE moviesync_grabs_total counter", first);
        Assert.Contains("# TYPE moviesync_journal_write_seconds histogram", first);
        Assert.DoesNotContain(Services.FileList.Passkey, first);

        // The second film joins the watchlist (on top: newest first): its grab is counted too.
        Services.Letterboxd.SetWatchlist(FakeServices.User, [_films[1], _films[0]]);
        await Services.WaitUntil(() => Services.QBittorrent.TorrentCount == 2, run);
        var second = await WaitForMetrics(run, m => Value(m, "moviesync_grabs_total") == 2);
        Assert.True(Value(second, $"moviesync_filelist_requests_total{{account=\"{account}\",kind=\"search\"}}")
                    > Value(first, $"moviesync_filelist_requests_total{{account=\"{account}\",kind=\"search\"}}"), second);
    }

    /// <summary>The sample's value in Prometheus text (<c>name{labels} value</c>); null when there is no such sample.</summary>
    private static double? Value(string metrics, string sample)
    {
        var match = Regex.Match(metrics, $"^{Regex.Escape(sample)} (\\S+)$", RegexOptions.Multiline);
        return match.Success ? double.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : null;
    }

    private async Task<(HttpStatusCode Status, JsonNode Body, string Text)> WaitForHealth(MovieSyncProcess run,
        Func<(HttpStatusCode Status, JsonNode Body, string Text), bool> condition)
    {
        (HttpStatusCode, JsonNode, string)? last = null;
        await Services.WaitUntil(async () =>
        {
            if (await ApiAsync() is not { } http)
                return false;
            using (http)
            using (var response = await http.GetAsync("healthz"))
            {
                var text = await response.Content.ReadAsStringAsync();
                last = (response.StatusCode, JsonNode.Parse(text)!, text);
            }

            return condition(last.Value);
        }, run, seconds: 60);
        return last!.Value;
    }

    private async Task<string> WaitForMetrics(MovieSyncProcess run, Func<string, bool> condition)
    {
        var last = "";
        await Services.WaitUntil(async () =>
        {
            if (await ApiAsync() is not { } http)
                return false;
            using (http)
            using (var response = await http.GetAsync("metrics"))
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.ToString());
                last = await response.Content.ReadAsStringAsync();
            }

            return condition(last);
        }, run, seconds: 60);
        return last;
    }

    /// <summary>A client of the running host; null until it has published its address.</summary>
    private Task<HttpClient?> ApiAsync() => Task.FromResult(RunLock.FindRunningHost(Services.Home.Path)?.ApiUrl is { } url
        ? new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(20) }
        : null);
}
