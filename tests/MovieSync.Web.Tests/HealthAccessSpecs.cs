using System.Net;
using System.Text.Json;
using MovieSync.Web.Tests.Support;
using Xunit;

namespace MovieSync.Web.Tests;

/// <summary>
/// <c>/healthz</c> and <c>/metrics</c> need no token from this machine (an uptime check, a local Prometheus); with
/// <c>dashboard.token</c> set, a client elsewhere needs it like for every other route.
/// </summary>
public sealed class HealthAccessSpecs
{
    [Theory]
    [InlineData("/healthz")]
    [InlineData("/metrics")]
    public async Task From_elsewhere_they_need_the_token(string path)
    {
        var access = new AccessUnderTest();

        var anonymous = await access.GetAsync(path, from: "192.0.2.7");
        var bearer = await access.GetAsync(path, from: "192.0.2.7", bearer: AccessUnderTest.Token);
        var wrong = await access.GetAsync(path, from: "192.0.2.7", bearer: "not-the-token");

        Assert.False(anonymous.Reached);
        Assert.Equal(401, anonymous.Status);
        Assert.True(bearer.Reached);
        Assert.False(wrong.Reached);
        Assert.Equal(401, wrong.Status);
    }

    [Theory]
    [InlineData("/healthz", "127.0.0.1")]
    [InlineData("/metrics", "127.0.0.1")]
    [InlineData("/healthz", "::1")]
    [InlineData("/healthz", "::ffff:127.0.0.1")]
    public async Task From_loopback_they_need_no_token(string path, string from)
    {
        var access = new AccessUnderTest();

        Assert.True((await access.GetAsync(path, from)).Reached);
    }

    [Theory]
    [InlineData("/api/status")]
    [InlineData("/")]
    [InlineData("/healthz/../api/status")]
    [InlineData("/metricsx")]
    public async Task Every_other_route_still_needs_the_token_from_loopback(string path)
    {
        var access = new AccessUnderTest();

        var answer = await access.GetAsync(path, from: "127.0.0.1");

        Assert.False(answer.Reached);
        Assert.Equal(401, answer.Status);
    }
}

/// <summary>The real host with a token, asked from loopback without it.</summary>
public sealed class HealthzHostSpecs(HealthzHostSpecs.TokenHost shared) : IClassFixture<HealthzHostSpecs.TokenHost>
{
    private const string Token = "health-specs-token-0123456789abcdefghijkl";
    private readonly DashboardHost _host = shared.Host;

    [Fact]
    public async Task Healthz_answers_ok_without_the_token_on_loopback_while_the_api_still_needs_it()
    {
        using var anonymous = _host.Client();

        using var health = await anonymous.GetAsync("healthz");
        using var status = await anonymous.GetAsync("api/status");

        var body = await health.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        var report = JsonDocument.Parse(body).RootElement;
        Assert.Equal("ok", report.GetProperty("status").GetString());
        Assert.Equal("ok", report.GetProperty("journal").GetProperty("state").GetString());
        // A simulated run downloads without qBittorrent and reads no watchlist.
        Assert.Equal("not_used", report.GetProperty("qbittorrent").GetProperty("state").GetString());
        Assert.Equal("not_used", report.GetProperty("letterboxd").GetProperty("state").GetString());
        Assert.DoesNotContain(Token, body);
        Assert.Equal(HttpStatusCode.Unauthorized, status.StatusCode);
    }

    [Fact]
    public async Task Metrics_answer_without_the_token_on_loopback_with_the_counts_per_state()
    {
        using var anonymous = _host.Client();

        using var metrics = await anonymous.GetAsync("metrics");

        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
        var text = await metrics.Content.ReadAsStringAsync();
        Assert.Contains("moviesync_movies{state=\"completed\"} 3", text);
        Assert.Contains("# TYPE moviesync_movies gauge", text);
    }

    public sealed class TokenHost : IAsyncLifetime
    {
        private DashboardHost? _host;

        public DashboardHost Host => _host ?? throw new InvalidOperationException("the host has not started");

        public async Task InitializeAsync() => _host = await DashboardHost.StartAsync(Token);

        public async Task DisposeAsync()
        {
            if (_host is not null)
                await _host.DisposeAsync();
        }
    }
}
