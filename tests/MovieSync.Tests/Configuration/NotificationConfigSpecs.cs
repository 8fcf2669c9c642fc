using MovieSync.Configuration;
using MovieSync.Tests.Support;
using Xunit;

namespace MovieSync.Tests.Configuration;

/// <summary><c>notifications</c>: the five channel types, their defaults, and how a mistake in one is named.</summary>
public sealed class NotificationConfigSpecs : IDisposable
{
    private readonly string _home = Directory.CreateTempSubdirectory("moviesync-config-").FullName;

    public void Dispose() => Directory.Delete(_home, recursive: true);

    private MovieSyncOptions Load(string notifications, Dictionary<string, string?>? environment = null)
    {
        File.WriteAllText(Path.Combine(_home, "config.json"),
            $$"""{ "username": "alice", "download_directory": "/d", "notifications": {{notifications}} }""");
        return ConfigLoader.Load(_home, environment ?? new Dictionary<string, string?>());
    }

    private ConfigurationException LoadFails(string notifications) => Assert.Throws<ConfigurationException>(() => Load(notifications));

    [Fact]
    public void Every_channel_type_is_read_with_its_defaults()
    {
        var channels = Load("""
            [
              { "type": "webhook", "url": "https://example.org/hook", "events": ["grabbed", "completed", "permanent_failure", "attention"] },
              { "type": "ntfy", "url": "https://ntfy.example.org/movies", "token": null, "events": ["attention"] },
              { "type": "telegram", "bot_token": "123:abc", "chat_id": "42" },
              { "type": "discord", "webhook_url": "https://discord.com/api/webhooks/1/x" },
              { "type": "email", "smtp_host": "smtp.example.org", "security": "tls", "username": null, "password": null,
                "from": "moviesync@example.org", "to": ["me@example.org", "you@example.org"] }
            ]
            """).Notifications;

        Assert.Equal([ChannelType.Webhook, ChannelType.Ntfy, ChannelType.Telegram, ChannelType.Discord, ChannelType.Email],
            channels.Select(c => c.Type));
        Assert.Equal(new Uri("https://example.org/hook"), channels[0].Url);
        Assert.Equal(NotificationChannelOptions.AllEvents, channels[0].Events);
        Assert.Equal(["attention"], channels[1].Events);
        Assert.Null(channels[1].Token);
        Assert.Equal(new Uri("https://api.telegram.org"), channels[2].ApiUrl);
        Assert.Equal(NotificationChannelOptions.AllEvents, channels[3].Events);
        Assert.Equal((SmtpSecurity.Tls, 465), (channels[4].Security, channels[4].SmtpPort));
        Assert.Equal(["me@example.org", "you@example.org"], channels[4].To);
        // Each channel's outbox has its own, stable persistence key.
        Assert.Equal(5, channels.Select(c => c.Key).Distinct().Count());
        Assert.Equal(channels[0].Key, Load("""[ { "type": "webhook", "url": "https://example.org/hook" } ]""").Notifications[0].Key);
    }

    [Fact]
    public void No_notifications_key_means_no_channel()
    {
        File.WriteAllText(Path.Combine(_home, "config.json"), """{ "username": "alice", "download_directory": "/d" }""");
        Assert.Empty(ConfigLoader.Load(_home, new Dictionary<string, string?>()).Notifications);
    }

    [Fact]
    public void A_missing_required_key_is_named_by_the_channels_place()
    {
        var error = LoadFails("""[ { "type": "webhook", "url": "https://example.org/hook" }, { "type": "ntfy" } ]""");
        Assert.Contains("notifications[1].url: required", error.Message);
    }

    [Fact]
    public void An_unknown_type_key_or_event_is_refused_naming_what_is_accepted()
    {
        var error = LoadFails("""
            [ { "type": "pigeon" },
              { "type": "telegram", "bot_token": "1:a", "chat_id": "42", "url": "https://x.org" },
              { "type": "webhook", "url": "https://x.org/h", "events": ["grabbed", "downloaded"] },
              { "type": "email", "smtp_host": "s", "from": "a@b", "to": [], "security": "ssl" } ]
            """);

        Assert.Contains("notifications[0].type: expected one of webhook, ntfy, telegram, discord, email, got \"pigeon\"", error.Message);
        Assert.Contains("notifications[1].url: unknown key for a telegram channel (accepted: type, events, bot_token, chat_id, api_url)",
            error.Message);
        Assert.Contains("notifications[2].events: unknown event \"downloaded\"", error.Message);
        Assert.Contains("notifications[3].to: required", error.Message);
        Assert.Contains("notifications[3].security: expected \"starttls\", \"tls\" or \"none\", got \"ssl\"", error.Message);
    }

    [Fact]
    public void An_email_channels_tls_certificate_is_read_and_a_bad_one_named()
    {
        using var certificate = SelfSignedCertificate.Create();
        var pem = SelfSignedCertificate.WritePem(certificate, Path.Combine(_home, "smtp.pem"));
        var notPem = Path.Combine(_home, "smtp.der");
        File.WriteAllBytes(notPem, certificate.RawData);
        var missing = Path.Combine(_home, "missing.pem");

        var channel = Assert.Single(Load($$"""
            [ { "type": "email", "smtp_host": "s", "from": "a@b", "to": ["c@d"], "tls_certificate": "{{pem}}" } ]
            """).Notifications);
        Assert.Equal(pem, channel.TlsCertificate);

        var error = LoadFails($$"""
            [ { "type": "email", "smtp_host": "s1", "from": "a@b", "to": ["c@d"], "tls_certificate": "{{missing}}" },
              { "type": "email", "smtp_host": "s2", "from": "a@b", "to": ["c@d"], "tls_certificate": "{{notPem}}" },
              { "type": "email", "smtp_host": "s3", "from": "a@b", "to": ["c@d"], "security": "none", "tls_certificate": "{{pem}}" } ]
            """);
        Assert.Contains($"notifications[0].tls_certificate: {missing} does not exist; expected a PEM file", error.Message);
        Assert.Contains($"notifications[1].tls_certificate: {notPem} holds no PEM certificate (-----BEGIN CERTIFICATE-----)", error.Message);
        Assert.Contains("notifications[2].tls_certificate: set, but notifications[2].security is \"none\"", error.Message);
    }

    [Fact]
    public void A_bad_secret_url_is_named_but_never_shown()
    {
        var error = LoadFails("""[ { "type": "discord", "webhook_url": "not-a-url-SECRETPART" } ]""");
        Assert.Contains("notifications[0].webhook_url: expected an absolute http(s) URL", error.Message);
        Assert.DoesNotContain("SECRETPART", error.Message);
    }

    [Fact]
    public void A_channels_secret_can_come_from_the_environment_and_is_masked()
    {
        var options = Load("""[ { "type": "ntfy", "url": "https://ntfy.example.org/movies" } ]""",
            new Dictionary<string, string?> { ["MOVIESYNC_NOTIFICATIONS__0__TOKEN"] = "tk_secret_value" });

        Assert.Equal("tk_secret_value", options.Notifications[0].Token);
        Assert.DoesNotContain("tk_secret_value", options.Notifications[0].ToString());
        foreach (var key in new[] { "notifications:0:token", "notifications:1:bot_token", "notifications:2:webhook_url", "notifications:3:password" })
            Assert.True(SecretMasking.IsSecret(key), key);
        Assert.False(SecretMasking.IsSecret("notifications:0:url"));
    }

    [Fact]
    public void Two_entries_for_the_same_channel_are_refused()
    {
        var error = LoadFails("""
            [ { "type": "webhook", "url": "https://example.org/hook" }, { "type": "webhook", "url": "https://example.org/hook", "events": ["attention"] } ]
            """);
        Assert.Contains("notifications[1]: the same channel as notifications[0]", error.Message);
    }
}
