using MovieSync.Tests.Support;
using System.Net;
using System.Text.Json;
using MovieSync.Web.Tests.Support;
using Xunit;

namespace MovieSync.Web.Tests;

/// <summary>With <c>dashboard.token</c> set, every request needs it: a bearer header, or the cookie <c>/?token=</c> sets.</summary>
public sealed class DashboardTokenSpecs(DashboardTokenSpecs.TokenHost shared) : IClassFixture<DashboardTokenSpecs.TokenHost>
{
    private const string Token = "correct-horse-battery-staple";
    private readonly DashboardHost _host = shared.Host;

    [Theory]
    [InlineData("GET", "")]
    [InlineData("GET", "api/status")]
    [InlineData("GET", "api/movies")]
    [InlineData("GET", "api/events")]
    [InlineData("POST", "api/movies/tt0079944/retry")]
    [InlineData("POST", "api/cleanup?days=0")]
    public async Task Without_the_token_every_request_is_401_in_json_and_nothing_changes(string method, string path)
    {
        using var anonymous = _host.Client();

        using var response = await anonymous.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString();
        Assert.Equal("this dashboard needs its token: send 'Authorization: Bearer <dashboard.token>', or open the page once with ?token=<dashboard.token>", error);
        Assert.Contains(Films.Stalker.Id, await _host.IdsAsync("api/failures"));
        Assert.Equal(3, (await _host.StatusAsync())["completed"]);
    }

    [Fact]
    public async Task A_wrong_bearer_token_is_401_and_the_right_one_is_200()
    {
        using var wrong = _host.Client(token: "not-the-token");
        using var right = _host.Client(token: Token);

        Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.GetAsync("api/status")).StatusCode);
        using var answer = await right.GetAsync("api/status");
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal(11, JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement.GetProperty("total").GetInt32());
        Assert.DoesNotContain(Token, await answer.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Opening_the_page_with_the_token_sets_a_session_cookie_that_then_opens_page_and_api()
    {
        using var browser = _host.Client();

        using var login = await browser.GetAsync($"?token={Token}");

        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.Equal("/", login.Headers.Location?.OriginalString);
        var setCookie = Assert.Single(login.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith("moviesync_session=", setCookie);
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Token, setCookie);
        var cookie = setCookie.Split(';')[0];

        foreach (var path in new[] { "", "api/status", "dashboard.js" })
        {
            var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Add("Cookie", cookie);
            using var response = await browser.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var forged = new HttpRequestMessage(HttpMethod.Get, "api/status");
        forged.Headers.Add("Cookie", "moviesync_session=" + new string('0', 64));
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.SendAsync(forged)).StatusCode);
    }

    [Fact]
    public async Task A_wrong_token_in_the_address_is_401_and_sets_no_cookie()
    {
        using var browser = _host.Client();

        using var response = await browser.GetAsync("?token=guess");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.False(response.Headers.Contains("Set-Cookie"));
        Assert.Equal("the token in ?token= is not dashboard.token",
            JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString());
    }

    [Fact]
    public async Task The_cli_sends_the_configured_token_to_the_running_host()
    {
        var (code, output) = MovieSyncProcess.Run("retry", Films.PerfectDays.Id, "--home", _host.Home.Path);

        Assert.True(code == 0, output);
        Assert.Contains($"{Films.PerfectDays.Id} is pending again", output);
        Assert.DoesNotContain(Token, output);
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

/// <summary>A dashboard reachable from other machines must have a token: `run` refuses to start without one.</summary>
public sealed class DashboardListenSpecs
{
    [Theory]
    [InlineData("0.0.0.0:0")]
    [InlineData("[::]:0")]
    [InlineData("*:0")]
    [InlineData("192.0.2.10:5055")]
    public void Run_refuses_a_non_loopback_listen_address_without_a_token_naming_both_keys(string listen)
    {
        using var home = new TestHome(config => config["dashboard"] = new System.Text.Json.Nodes.JsonObject { ["listen"] = listen });

        var (code, output) = MovieSyncProcess.Run("run", "--home", home.Path);

        Assert.True(code == 2, $"exit {code}:\n{output}");
        Assert.Contains($"dashboard.listen: {listen} is reachable from other machines; set dashboard.token, or listen on 127.0.0.1", output);
        Assert.False(File.Exists(home.FileNamed("run.json")));
        Assert.False(File.Exists(home.JournalFile));
    }
}
