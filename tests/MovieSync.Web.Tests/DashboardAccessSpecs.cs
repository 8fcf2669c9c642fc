using MovieSync.Tests.Support;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json;
using MovieSync.Host.Web;
using MovieSync.Web.Tests.Support;
using Xunit;

namespace MovieSync.Web.Tests;

/// <summary>With <c>dashboard.token</c> set, every request needs it: a bearer header, or the cookie <c>/?token=</c> sets.</summary>
public sealed class DashboardTokenSpecs(DashboardTokenSpecs.TokenHost shared) : IClassFixture<DashboardTokenSpecs.TokenHost>
{
    private const string Token = "correct-horse-battery-staple-and-then-some";
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
        Assert.Contains("max-age=604800", setCookie, StringComparison.OrdinalIgnoreCase); // a fixed 7 days
        Assert.Contains("expires=", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("secure", setCookie, StringComparison.OrdinalIgnoreCase); // plain HTTP here
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
    public async Task Five_wrong_tokens_from_one_address_get_its_tokens_refused_with_429_while_other_addresses_carry_on()
    {
        // Another loopback address than the other specs' 127.0.0.1, so that this lock-out is this spec's alone.
        using var guesser = _host.Client(handler: FromAddress(IPAddress.Parse("127.0.0.2")));
        var guesses = Enumerable.Range(1, TokenGuessLimiter.AllowedWrongTokens).Select(i => $"guess-number-{i}-of-the-token-spec").ToList();

        foreach (var guess in guesses)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, "api/status");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", guess);
            Assert.Equal(HttpStatusCode.Unauthorized, (await guesser.SendAsync(request)).StatusCode);
        }

        var right = new HttpRequestMessage(HttpMethod.Get, "api/status");
        right.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        using var refused = await guesser.SendAsync(right);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.InRange(refused.Headers.RetryAfter?.Delta?.TotalSeconds ?? 0, 290, 300);
        Assert.StartsWith("too many wrong tokens from this address",
            JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.TooManyRequests, (await guesser.GetAsync($"?token={Token}")).StatusCode);

        using var elsewhere = _host.Client(token: Token, handler: FromAddress(IPAddress.Loopback));
        Assert.Equal(HttpStatusCode.OK, (await elsewhere.GetAsync("api/status")).StatusCode);
        await _host.WaitForAsync(() => Task.FromResult(_host.Output.Contains("Refusing dashboard tokens from 127.0.0.2 for 300 s after 5 wrong ones within 60 s")),
            "the lock-out in the host's log");
        Assert.Contains("Wrong dashboard token from 127.0.0.2 in the bearer header (1 within 60 s)", _host.Output);
        Assert.DoesNotContain(guesses, g => _host.Output.Contains(g, StringComparison.Ordinal));
        Assert.DoesNotContain(Token, _host.Output);
    }

    [Fact]
    public async Task Behind_a_local_reverse_proxy_the_client_address_and_https_come_from_its_forwarded_headers()
    {
        using var browser = _host.Client();
        HttpRequestMessage ThroughProxy(HttpMethod method, string path)
        {
            var request = new HttpRequestMessage(method, path);
            request.Headers.Host = "movies.example.org";
            request.Headers.Add("X-Forwarded-Proto", "https");
            request.Headers.Add("X-Forwarded-For", "203.0.113.5");
            return request;
        }

        using var login = await browser.SendAsync(ThroughProxy(HttpMethod.Get, $"?token={Token}"));
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        var setCookie = Assert.Single(login.Headers.GetValues("Set-Cookie"));
        Assert.Contains("secure", setCookie.Split(';', StringSplitOptions.TrimEntries).Select(a => a.ToLowerInvariant()));

        var change = ThroughProxy(HttpMethod.Post, "api/cleanup?days=3650");
        change.Headers.Add("Origin", "https://movies.example.org");
        change.Headers.Add("Cookie", setCookie.Split(';')[0]);
        using var changed = await browser.SendAsync(change);
        Assert.True(changed.StatusCode == HttpStatusCode.OK, await changed.Content.ReadAsStringAsync());

        var guess = ThroughProxy(HttpMethod.Get, "api/status");
        guess.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "a-guess-through-the-proxy");
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.SendAsync(guess)).StatusCode);
        await _host.WaitForAsync(() => Task.FromResult(_host.Output.Contains("Wrong dashboard token from 203.0.113.5 in the bearer header")),
            "the wrong token logged with the client's address");
    }

    [Fact]
    public async Task The_cli_sends_the_configured_token_to_the_running_host()
    {
        var (code, output) = MovieSyncProcess.Run("retry", Films.PerfectDays.Id, "--home", _host.Home.Path);

        Assert.True(code == 0, output);
        Assert.Contains($"{Films.PerfectDays.Id} is pending again", output);
        Assert.DoesNotContain(Token, output);
    }

    /// <summary>A client handler whose connections come from <paramref name="source"/> (any 127.x address is this machine).</summary>
    private SocketsHttpHandler FromAddress(IPAddress source)
    {
        var handler = _host.Handler();
        handler.ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                socket.Bind(new IPEndPoint(source, 0));
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        };
        return handler;
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
        Assert.Contains($"dashboard.listen: {listen} is reachable from other machines; set dashboard.token (at least 32 characters), or listen on 127.0.0.1", output);
        Assert.False(File.Exists(home.FileNamed("run.json")));
        Assert.False(File.Exists(home.JournalFile));
    }

    [Theory]
    [InlineData("0.0.0.0:0", true)]
    [InlineData("127.0.0.1:0", false)]
    public async Task Run_off_loopback_over_plain_http_serves_but_warns_naming_the_fixes(string listen, bool warns)
    {
        const string token = "plain-http-spec-token-0123456789abcdef";
        using var home = new TestHome(config => config["dashboard"] = new System.Text.Json.Nodes.JsonObject { ["listen"] = listen, ["token"] = token });
        var plan = home.FileNamed("plan.json");
        new MovieSync.Actors.Adapters.Simulation.SimulationPlan([], 1, 1, home.FileNamed("ledger.txt"), home.Downloads).Save(plan);
        using var run = MovieSyncProcess.Start("run", "--home", home.Path, "--simulation", plan);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (MovieSync.Host.Home.RunLock.FindRunningHost(home.Path)?.ApiUrl is null)
        {
            Assert.False(run.HasExited, run.Output);
            Assert.True(DateTime.UtcNow < deadline, $"no API address in run.json:\n{run.Output}");
            await Task.Delay(100);
        }

        // It serves (here through loopback, which 0.0.0.0 includes), the token required as anywhere.
        using var api = new HttpClient { BaseAddress = MovieSync.Host.Home.RunLock.FindRunningHost(home.Path)!.ApiUrl };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("api/health")).StatusCode);
        run.Terminate();
        Assert.Equal(0, run.WaitForExit(TimeSpan.FromSeconds(30))); // the log is flushed by now

        const string warning = "is reachable from other machines over plain HTTP: its token and session cookie cross the network readable. " +
                               "Set dashboard.certificate, or listen on 127.0.0.1 behind a reverse proxy that terminates TLS";
        if (warns)
            Assert.Contains($"The dashboard on {listen} {warning}", run.Output);
        else
            Assert.DoesNotContain(warning, run.Output);
        Assert.Contains("🌐 Dashboard and API: http://", run.Output);
        Assert.DoesNotContain(token, run.Output);
    }

    [Fact]
    public void Run_refuses_a_short_token_off_loopback_naming_the_key_and_the_minimum()
    {
        using var home = new TestHome(config =>
            config["dashboard"] = new System.Text.Json.Nodes.JsonObject { ["listen"] = "0.0.0.0:0", ["token"] = "short-but-set" });

        var (code, output) = MovieSyncProcess.Run("run", "--home", home.Path);

        Assert.True(code == 2, $"exit {code}:\n{output}");
        Assert.Contains("dashboard.token: must be at least 32 characters", output);
        Assert.DoesNotContain("short-but-set", output);
        Assert.False(File.Exists(home.JournalFile));
    }

    [Fact]
    public void Run_refuses_a_missing_certificate_and_a_wrong_certificate_password_naming_each_key()
    {
        using var missing = new TestHome(config =>
            config["dashboard"] = new System.Text.Json.Nodes.JsonObject { ["listen"] = "127.0.0.1:0", ["certificate"] = "/nowhere/dashboard.pfx" });
        var (code, output) = MovieSyncProcess.Run("run", "--home", missing.Path);
        Assert.True(code == 2, $"exit {code}:\n{output}");
        Assert.Contains("dashboard.certificate: /nowhere/dashboard.pfx does not exist", output);

        using var wrong = new TestHome();
        using var certificate = SelfSignedCertificate.Create();
        var pfx = SelfSignedCertificate.WritePfx(certificate, wrong.FileNamed("dashboard.pfx"), "the-right-password");
        wrong.Configure(config => config["dashboard"] = new System.Text.Json.Nodes.JsonObject
            { ["listen"] = "127.0.0.1:0", ["certificate"] = pfx, ["certificate_password"] = "a-wrong-password" });
        (code, output) = MovieSyncProcess.Run("run", "--home", wrong.Path);
        Assert.True(code == 2, $"exit {code}:\n{output}");
        Assert.Contains($"dashboard.certificate_password: does not open {pfx} (wrong password)", output);
        Assert.DoesNotContain("a-wrong-password", output);
        Assert.False(File.Exists(wrong.FileNamed("run.json")));
    }
}
