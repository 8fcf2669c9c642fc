using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using MovieSync.Tests.Support;
using MovieSync.Web.Tests.Support;
using Xunit;

namespace MovieSync.Web.Tests;

/// <summary>
/// With <c>dashboard.certificate</c>, `run` serves the dashboard and API over HTTPS only (a certificate made in the
/// spec), the session cookie is <c>Secure</c>, and the CLI reaches the HTTPS host trusting exactly that certificate.
/// </summary>
public sealed class DashboardHttpsSpecs(DashboardHttpsSpecs.HttpsHost shared) : IClassFixture<DashboardHttpsSpecs.HttpsHost>
{
    private const string Token = "https-spec-token-0123456789abcdef";
    private const string Password = "https-spec-pfx-password";
    private readonly DashboardHost _host = shared.Host;

    [Fact]
    public async Task The_dashboard_answers_over_https_with_the_configured_certificate()
    {
        Assert.Equal("https", _host.Url.Scheme);
        X509Certificate2? served = null;
        var handler = _host.Handler();
        var trust = handler.SslOptions.RemoteCertificateValidationCallback!;
        handler.SslOptions.RemoteCertificateValidationCallback = (sender, certificate, chain, errors) =>
        {
            served = certificate is null ? null : X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
            return trust(sender, certificate, chain, errors);
        };
        using var client = _host.Client(token: Token, handler: handler);

        using var response = await client.GetAsync("api/status");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(11, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("total").GetInt32());
        Assert.Equal(shared.Certificate.Thumbprint, served?.Thumbprint);
    }

    [Fact]
    public async Task Logging_in_over_https_sets_a_secure_session_cookie_that_expires()
    {
        using var browser = _host.Client();

        using var login = await browser.GetAsync($"?token={Token}");

        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        var setCookie = Assert.Single(login.Headers.GetValues("Set-Cookie"));
        var attributes = setCookie.Split(';', StringSplitOptions.TrimEntries).Skip(1).Select(a => a.ToLowerInvariant()).ToList();
        Assert.Contains("secure", attributes);
        Assert.Contains("httponly", attributes);
        Assert.Contains("max-age=604800", attributes);
        Assert.Contains(attributes, a => a.StartsWith("expires=", StringComparison.Ordinal));
        var request = new HttpRequestMessage(HttpMethod.Get, "api/status");
        request.Headers.Add("Cookie", setCookie.Split(';')[0]);
        Assert.Equal(HttpStatusCode.OK, (await browser.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task Plain_http_on_the_dashboard_port_gets_no_answer()
    {
        using var plain = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };

        var error = await Record.ExceptionAsync(() => plain.GetAsync(new UriBuilder(_host.Url) { Scheme = "http" }.Uri));

        Assert.NotNull(error);
        Assert.IsType<HttpRequestException>(error);
    }

    [Fact]
    public async Task A_client_that_does_not_trust_the_certificate_is_refused_by_its_own_tls_check()
    {
        using var untrusting = new HttpClient { BaseAddress = _host.Url, Timeout = TimeSpan.FromSeconds(10) };

        var error = await Record.ExceptionAsync(() => untrusting.GetAsync("api/status"));

        Assert.IsType<HttpRequestException>(error);
        Assert.IsType<System.Security.Authentication.AuthenticationException>(error.InnerException);
    }

    [Fact]
    public void The_cli_reaches_the_https_host_trusting_the_configured_certificate_and_prints_no_secret()
    {
        var (code, output) = MovieSyncProcess.Run("retry", Films.PerfectDays.Id, "--home", _host.Home.Path);

        Assert.True(code == 0, output);
        Assert.Contains($"{Films.PerfectDays.Id} is pending again", output);
        Assert.DoesNotContain(Token, output);
        Assert.DoesNotContain(Password, output);
        Assert.DoesNotContain(Password, _host.Output);
    }

    public sealed class HttpsHost : IAsyncLifetime
    {
        private readonly string _folder = Directory.CreateTempSubdirectory("moviesync-certificate-").FullName;
        private DashboardHost? _host;

        public X509Certificate2 Certificate { get; } = SelfSignedCertificate.Create();

        public DashboardHost Host => _host ?? throw new InvalidOperationException("the host has not started");

        public async Task InitializeAsync()
        {
            var pfx = SelfSignedCertificate.WritePfx(Certificate, Path.Combine(_folder, "dashboard.pfx"), Password);
            _host = await DashboardHost.StartAsync(Token, dashboard =>
            {
                dashboard["certificate"] = pfx;
                dashboard["certificate_password"] = Password;
            }, trusted: Certificate);
        }

        public async Task DisposeAsync()
        {
            if (_host is not null)
                await _host.DisposeAsync();
            Certificate.Dispose();
            Directory.Delete(_folder, recursive: true);
        }
    }
}
