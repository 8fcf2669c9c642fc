using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using MailKit.Security;
using MovieSync.Actors.Hosting;
using MovieSync.Clients.Notifications;
using MovieSync.Configuration;
using MovieSync.Messages;
using MovieSync.Simulators.Notifications;
using MovieSync.Tests.Support;
using Xunit;

namespace MovieSync.Tests.Notifications;

/// <summary>
/// The email channel over STARTTLS and over TLS from the first byte, against a loopback SMTP server with a certificate made
/// in the spec: the login and the message only inside TLS, the certificate trusted through <c>tls_certificate</c> only,
/// and nothing sent when TLS cannot be had.
/// </summary>
public sealed class SmtpTlsSpecs : IDisposable
{
    private const string Password = "smtp-SECRET-pass";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private static readonly Notification Grabbed = new(Notification.DeliveryIdFor("movie-tt0133093/3"), NotificationKind.Grabbed,
        new DateTimeOffset(2026, 12, 1, 18, 0, 0, TimeSpan.Zero), "Grabbed The Matrix (1999): The.Matrix.1999.1080p.BluRay.x264-GRP.",
        new NotifiedMovie(MovieId.Parse("tt0133093"), "The Matrix", 1999));

    private readonly string _folder = Directory.CreateTempSubdirectory("moviesync-smtp-tls-").FullName;
    private readonly X509Certificate2 _certificate = SelfSignedCertificate.Create("CN=fake-smtp", IPAddress.Loopback, "localhost");
    private readonly HttpClient _http = new();

    public void Dispose()
    {
        _http.Dispose();
        _certificate.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private string Pem(X509Certificate2 certificate, string name) => SelfSignedCertificate.WritePem(certificate, Path.Combine(_folder, name));

    /// <summary>The email channel as `run` builds it from config.json (<paramref name="extra"/> adds keys such as tls_certificate).</summary>
    private INotificationSender ConfiguredSender(int port, string security, JsonObject? extra = null)
    {
        var email = new JsonObject
        {
            ["type"] = "email", ["smtp_host"] = "127.0.0.1", ["smtp_port"] = port, ["security"] = security, ["username"] = "mailer",
            ["password"] = Password, ["from"] = "moviesync@example.org", ["to"] = new JsonArray("me@example.org"),
        };
        foreach (var (key, value) in extra ?? [])
            email[key] = value?.DeepClone();
        var config = new JsonObject { ["username"] = "alice", ["download_directory"] = "/d", ["notifications"] = new JsonArray(email) };
        File.WriteAllText(Path.Combine(_folder, "config.json"), config.ToJsonString());
        var channel = Assert.Single(ConfigLoader.Load(_folder, new Dictionary<string, string?>()).Notifications);
        return NotificationHosting.Sender(channel, _http);
    }

    private static EmailSender Sender(int port, SecureSocketOptions security, params X509Certificate2[] trusted) =>
        new(new SmtpSettings("127.0.0.1", port, security, "mailer", Password, "moviesync@example.org", ["me@example.org"], trusted), Timeout);

    /// <summary>The commands of the server's only connection, once the server has closed it (so none is still on its way).</summary>
    private static async Task<IReadOnlyList<SmtpCommand>> CommandsOfTheOnlySession(FakeSmtpServer smtp)
    {
        var session = Assert.Single(smtp.Sessions);
        await session.Ended.WaitAsync(Timeout);
        return session.Commands;
    }

    private static void AssertTheMatrixMail(ReceivedMail mail)
    {
        Assert.True(mail.OverTls);
        Assert.Equal(("moviesync@example.org", "mailer"), (mail.From, mail.Login));
        Assert.Equal(["me@example.org"], mail.To);
        Assert.Equal("MovieSync: Grabbed The Matrix (1999)", mail.Header("Subject"));
        Assert.Equal(Grabbed.DeliveryId, mail.Header("X-MovieSync-Delivery"));
    }

    [Fact]
    public async Task Starttls_logs_in_and_sends_only_after_the_handshake_trusting_the_tls_certificate()
    {
        await using var smtp = new FakeSmtpServer(SmtpServerTls.StartTls, _certificate);
        var sender = ConfiguredSender(smtp.Port, "starttls", new JsonObject { ["tls_certificate"] = Pem(_certificate, "smtp.pem") });

        var outcome = await sender.SendAsync(Grabbed, CancellationToken.None);

        Assert.Equal(DeliveryResult.Accepted, outcome.Result);
        AssertTheMatrixMail(Assert.Single(smtp.Mails));
        // RFC 3207: STARTTLS in clear, then a fresh EHLO inside TLS; the password (AUTH) only inside.
        Assert.Equal(
            [
                new SmtpCommand("EHLO", false), new SmtpCommand("STARTTLS", false), new SmtpCommand("EHLO", true), new SmtpCommand("AUTH PLAIN", true),
                new SmtpCommand("MAIL", true), new SmtpCommand("RCPT", true), new SmtpCommand("DATA", true), new SmtpCommand("QUIT", true),
            ],
            await CommandsOfTheOnlySession(smtp));
    }

    [Fact]
    public async Task Tls_speaks_tls_from_the_first_byte()
    {
        await using var smtp = new FakeSmtpServer(SmtpServerTls.Implicit, _certificate);
        var sender = ConfiguredSender(smtp.Port, "tls", new JsonObject { ["tls_certificate"] = Pem(_certificate, "smtp.pem") });

        var outcome = await sender.SendAsync(Grabbed, CancellationToken.None);

        Assert.Equal(DeliveryResult.Accepted, outcome.Result);
        AssertTheMatrixMail(Assert.Single(smtp.Mails));
        var commands = await CommandsOfTheOnlySession(smtp);
        Assert.Equal(["EHLO", "AUTH PLAIN", "MAIL", "RCPT", "DATA", "QUIT"], commands.Select(c => c.Verb));
        Assert.All(commands, c => Assert.True(c.OverTls, c.Verb));
    }

    [Fact]
    public async Task A_certificate_signed_by_the_home_servers_own_CA_is_trusted_through_that_CA()
    {
        using var authority = SelfSignedCertificate.CreateAuthority("CN=Home Mail CA");
        using var server = SelfSignedCertificate.Create("CN=mail.home", IPAddress.Loopback, "localhost", issuer: authority);
        await using var smtp = new FakeSmtpServer(SmtpServerTls.StartTls, server);

        var outcome = await Sender(smtp.Port, SecureSocketOptions.StartTls, authority).SendAsync(Grabbed, CancellationToken.None);

        Assert.Equal(DeliveryResult.Accepted, outcome.Result);
        Assert.True(Assert.Single(smtp.Mails).OverTls);
    }

    [Fact]
    public async Task Starttls_against_a_server_that_does_not_offer_it_sends_nothing()
    {
        await using var smtp = new FakeSmtpServer();

        var outcome = await Sender(smtp.Port, SecureSocketOptions.StartTls, _certificate).SendAsync(Grabbed, CancellationToken.None);

        Assert.Equal(DeliveryResult.Retry, outcome.Result);
        Assert.Contains($"127.0.0.1:{smtp.Port} does not offer STARTTLS", outcome.Detail);
        var commands = await CommandsOfTheOnlySession(smtp);
        Assert.Equal("EHLO", commands[0].Verb);
        Assert.DoesNotContain(commands, c => c.Verb is "AUTH PLAIN" or "MAIL" or "RCPT" or "DATA");
        Assert.Empty(smtp.Mails);
    }

    [Theory]
    [InlineData(SmtpServerTls.StartTls, SecureSocketOptions.StartTls)]
    [InlineData(SmtpServerTls.Implicit, SecureSocketOptions.SslOnConnect)]
    public async Task A_certificate_nobody_trusts_is_refused_naming_why_and_nothing_is_sent(SmtpServerTls tls, SecureSocketOptions security)
    {
        await using var smtp = new FakeSmtpServer(tls, _certificate);

        var outcome = await Sender(smtp.Port, security).SendAsync(Grabbed, CancellationToken.None);

        // Retried: a certificate can be renewed or tls_certificate fixed; each try names the problem (the log, the dashboard).
        Assert.Equal(DeliveryResult.Retry, outcome.Result);
        Assert.Contains($"no TLS with 127.0.0.1:{smtp.Port}, nothing was sent: the certificate CN=fake-smtp (SHA-1 {_certificate.Thumbprint}) " +
                        "is not trusted: ", outcome.Detail);
        Assert.Contains("UntrustedRoot", outcome.Detail);
        Assert.EndsWith("if it is your own server's, name it or its CA (a PEM file) in tls_certificate", outcome.Detail);
        Assert.DoesNotContain(await CommandsOfTheOnlySession(smtp), c => c.Verb is "AUTH PLAIN" or "MAIL");
        Assert.Empty(smtp.Mails);
    }

    [Fact]
    public async Task Trusting_another_certificate_does_not_trust_this_one()
    {
        using var other = SelfSignedCertificate.Create("CN=another-server", IPAddress.Loopback, "localhost");
        await using var smtp = new FakeSmtpServer(SmtpServerTls.StartTls, _certificate);

        var outcome = await Sender(smtp.Port, SecureSocketOptions.StartTls, other).SendAsync(Grabbed, CancellationToken.None);

        Assert.Equal(DeliveryResult.Retry, outcome.Result);
        Assert.Contains($"the certificate CN=fake-smtp (SHA-1 {_certificate.Thumbprint}) is not trusted by the system nor by tls_certificate",
            outcome.Detail);
        Assert.Empty(smtp.Mails);
    }

    [Fact]
    public async Task A_trusted_certificate_for_another_host_name_is_refused()
    {
        using var localhostOnly = SelfSignedCertificate.Create("CN=localhost-only", address: null, "localhost");
        await using var smtp = new FakeSmtpServer(SmtpServerTls.StartTls, localhostOnly);

        var outcome = await Sender(smtp.Port, SecureSocketOptions.StartTls, localhostOnly).SendAsync(Grabbed, CancellationToken.None);

        Assert.Equal(DeliveryResult.Retry, outcome.Result);
        Assert.Contains("the certificate CN=localhost-only", outcome.Detail);
        Assert.Contains("is not for 127.0.0.1", outcome.Detail);
        Assert.Empty(smtp.Mails);
    }

    [Fact]
    public async Task A_server_that_wants_TLS_offers_no_login_in_clear()
    {
        await using var smtp = new FakeSmtpServer(SmtpServerTls.StartTls, _certificate);

        var outcome = await Sender(smtp.Port, SecureSocketOptions.None).SendAsync(Grabbed, CancellationToken.None);

        Assert.Equal(DeliveryResult.Retry, outcome.Result);
        Assert.Equal($"127.0.0.1:{smtp.Port} offers no login (AUTH) on this connection; nothing was sent", outcome.Detail);
        Assert.DoesNotContain(await CommandsOfTheOnlySession(smtp), c => c.Verb is "AUTH PLAIN" or "MAIL");
        Assert.Empty(smtp.Mails);
    }
}
