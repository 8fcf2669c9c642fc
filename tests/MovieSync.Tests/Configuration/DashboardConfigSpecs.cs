using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using MovieSync.Configuration;
using MovieSync.Tests.Support;
using Xunit;

namespace MovieSync.Tests.Configuration;

/// <summary>
/// The <c>dashboard</c> keys: a token of at least 32 characters wherever it is set, and a PKCS#12 certificate whose
/// every problem (missing, unreadable, not PKCS#12, no key, wrong password) is refused naming the key at fault.
/// </summary>
public sealed class DashboardConfigSpecs : IDisposable
{
    private const string Token = "0123456789abcdef0123456789abcdef"; // exactly the minimum
    private const string Password = "pfx-password-of-the-spec";
    private readonly string _home = Directory.CreateTempSubdirectory("moviesync-dashboard-config-").FullName;
    private readonly Dictionary<string, string?> _environment = new();

    public void Dispose() => Directory.Delete(_home, recursive: true);

    [Theory]
    [InlineData("127.0.0.1:5055")]
    [InlineData("0.0.0.0:5055")]
    public void A_token_shorter_than_32_characters_is_refused_wherever_the_dashboard_listens(string listen)
    {
        const string shortToken = "correct-horse-battery-staple-31";

        var error = LoadFails(new JsonObject { ["listen"] = listen, ["token"] = shortToken });

        var problem = Assert.Single(error.Problems);
        Assert.Equal("dashboard.token: must be at least 32 characters; generate one with: openssl rand -hex 16", problem);
        Assert.DoesNotContain(shortToken, error.Message);
    }

    [Fact]
    public void A_token_of_32_characters_opens_the_dashboard_to_other_machines()
    {
        var options = Load(new JsonObject { ["listen"] = "0.0.0.0:5055", ["token"] = Token });

        Assert.Equal(Token, options.Dashboard.Token);
        Assert.False(options.Dashboard.ServesHttps);
    }

    [Fact]
    public void A_short_token_from_the_environment_is_refused_naming_the_variable()
    {
        _environment["MOVIESYNC_DASHBOARD__TOKEN"] = "short";

        var error = LoadFails(new JsonObject());

        Assert.Contains("MOVIESYNC_DASHBOARD__TOKEN (dashboard.token): must be at least 32 characters; generate one with: openssl rand -hex 16", error.Problems);
    }

    [Fact]
    public void A_non_loopback_address_without_a_token_names_the_token_and_its_minimum()
    {
        var error = LoadFails(new JsonObject { ["listen"] = "0.0.0.0:5055" });

        Assert.Contains("dashboard.listen: 0.0.0.0:5055 is reachable from other machines; set dashboard.token (at least 32 characters), or listen on 127.0.0.1",
            error.Problems);
    }

    [Fact]
    public void A_pkcs12_certificate_with_its_password_is_accepted_and_the_password_is_masked()
    {
        using var certificate = SelfSignedCertificate.Create();
        var pfx = SelfSignedCertificate.WritePfx(certificate, Path.Combine(_home, "dashboard.pfx"), Password);

        var options = Load(new JsonObject { ["listen"] = "0.0.0.0:5055", ["token"] = Token, ["certificate"] = pfx, ["certificate_password"] = Password });

        Assert.True(options.Dashboard.ServesHttps);
        Assert.Equal(pfx, options.Dashboard.Certificate);
        using var opened = CertificateFile.Open(pfx, Password);
        Assert.Equal(certificate.Thumbprint, opened.Certificate.Thumbprint);
        Assert.True(opened.Certificate.HasPrivateKey);
        Assert.DoesNotContain(Password, options.Dashboard.ToString());
        Assert.Contains("CertificatePassword = ********", options.Dashboard.ToString());
        Assert.True(SecretMasking.IsSecret("dashboard.certificate_password"));
        Assert.Equal("********", SecretMasking.Describe("dashboard.certificate_password", Password));
    }

    [Fact]
    public void A_certificate_without_a_password_needs_none()
    {
        using var certificate = SelfSignedCertificate.Create();
        var pfx = SelfSignedCertificate.WritePfx(certificate, Path.Combine(_home, "open.pfx"), password: null);

        var options = Load(new JsonObject { ["certificate"] = pfx });

        Assert.True(options.Dashboard.ServesHttps);
    }

    [Fact]
    public void A_missing_certificate_file_is_refused_naming_the_key_and_the_path()
    {
        var missing = Path.Combine(_home, "nowhere.pfx");

        var error = LoadFails(new JsonObject { ["certificate"] = missing, ["certificate_password"] = Password });

        Assert.Equal($"dashboard.certificate: {missing} does not exist; expected a PKCS#12 (.pfx) file with the certificate and its private key",
            Assert.Single(error.Problems));
    }

    [Fact]
    public void An_unreadable_certificate_is_refused_naming_the_key()
    {
        // A directory cannot be read as a file, even by root (a chmod 000 file could).
        var directory = Directory.CreateDirectory(Path.Combine(_home, "a-directory.pfx")).FullName;

        var error = LoadFails(new JsonObject { ["certificate"] = directory });

        Assert.StartsWith($"dashboard.certificate: {directory} cannot be read: ", Assert.Single(error.Problems));
    }

    [Fact]
    public void A_pem_file_is_not_a_pkcs12_certificate()
    {
        using var certificate = SelfSignedCertificate.Create();
        var pem = Path.Combine(_home, "dashboard.pem");
        File.WriteAllText(pem, certificate.ExportCertificatePem());

        var error = LoadFails(new JsonObject { ["certificate"] = pem });

        Assert.StartsWith($"dashboard.certificate: {pem} is not a PKCS#12 (.pfx) file; from PEM files: openssl pkcs12 -export", Assert.Single(error.Problems));
    }

    [Fact]
    public void A_wrong_password_is_refused_naming_the_password_key_without_printing_it()
    {
        const string wrong = "not-the-pfx-password";
        using var certificate = SelfSignedCertificate.Create();
        var pfx = SelfSignedCertificate.WritePfx(certificate, Path.Combine(_home, "dashboard.pfx"), Password);

        var error = LoadFails(new JsonObject { ["certificate"] = pfx, ["certificate_password"] = wrong });

        Assert.Equal($"dashboard.certificate_password: does not open {pfx} (wrong password)", Assert.Single(error.Problems));
        Assert.DoesNotContain(wrong, error.Message);
        Assert.DoesNotContain(Password, error.Message);
    }

    [Fact]
    public void A_protected_certificate_without_a_password_asks_for_one()
    {
        using var certificate = SelfSignedCertificate.Create();
        var pfx = SelfSignedCertificate.WritePfx(certificate, Path.Combine(_home, "dashboard.pfx"), Password);

        var error = LoadFails(new JsonObject { ["certificate"] = pfx });

        Assert.Equal($"dashboard.certificate_password: {pfx} is protected by a password; set dashboard.certificate_password", Assert.Single(error.Problems));
    }

    [Fact]
    public void A_certificate_without_its_private_key_is_refused()
    {
        using var certificate = SelfSignedCertificate.Create();
        using var publicOnly = X509CertificateLoader.LoadCertificate(certificate.RawData);
        var pfx = Path.Combine(_home, "public.pfx");
        File.WriteAllBytes(pfx, new X509Certificate2Collection(publicOnly).Export(X509ContentType.Pfx, Password)!);

        var error = LoadFails(new JsonObject { ["certificate"] = pfx, ["certificate_password"] = Password });

        Assert.Equal($"dashboard.certificate: {pfx} holds no private key; export the certificate together with its key", Assert.Single(error.Problems));
    }

    [Fact]
    public void A_certificate_password_without_a_certificate_is_refused()
    {
        var error = LoadFails(new JsonObject { ["certificate_password"] = Password });

        Assert.Equal("dashboard.certificate_password: set, but dashboard.certificate (the .pfx file it opens) is not", Assert.Single(error.Problems));
        Assert.DoesNotContain(Password, error.Message);
    }

    [Fact]
    public void Check_config_refuses_a_short_token_with_exit_2_naming_the_key_and_the_minimum_before_asking_any_service()
    {
        using var home = new TestHome(config => config["dashboard"] = new JsonObject { ["listen"] = "0.0.0.0:0", ["token"] = "guessable" });

        var (code, output) = MovieSyncProcess.Run("check-config", "--home", home.Path);

        Assert.True(code == 2, $"exit {code}:\n{output}");
        var line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("✘ config.json invalid:", line);
        Assert.Contains("dashboard.token: must be at least 32 characters", line);
        Assert.DoesNotContain("guessable", output);
    }

    [Fact]
    public void Check_config_refuses_a_wrong_certificate_password_with_exit_2_without_printing_it()
    {
        const string wrong = "not-the-pfx-password";
        using var certificate = SelfSignedCertificate.Create();
        var pfx = SelfSignedCertificate.WritePfx(certificate, Path.Combine(_home, "dashboard.pfx"), Password);
        using var home = new TestHome(config =>
            config["dashboard"] = new JsonObject { ["listen"] = "127.0.0.1:0", ["certificate"] = pfx, ["certificate_password"] = wrong });

        var (code, output) = MovieSyncProcess.Run("check-config", "--home", home.Path);

        Assert.True(code == 2, $"exit {code}:\n{output}");
        Assert.Contains($"dashboard.certificate_password: does not open {pfx} (wrong password)", output);
        Assert.DoesNotContain(wrong, output);
    }

    private MovieSyncOptions Load(JsonObject dashboard)
    {
        var config = new JsonObject { ["username"] = "alice", ["download_directory"] = "/data/movies", ["dashboard"] = dashboard };
        File.WriteAllText(Path.Combine(_home, ConfigLoader.FileName), config.ToJsonString());
        return ConfigLoader.Load(_home, _environment);
    }

    private ConfigurationException LoadFails(JsonObject dashboard) => Assert.Throws<ConfigurationException>(() => Load(dashboard));
}
