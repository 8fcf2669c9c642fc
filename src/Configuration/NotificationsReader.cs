using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace MovieSync.Configuration;

/// <summary>
/// Reads <c>notifications</c>, a list of channel objects, naming each problem by its place
/// (<c>notifications[1].url</c>); a secret's value is never echoed.
/// </summary>
internal static class NotificationsReader
{
    public const string Section = "notifications";

    private static readonly string[] Common = ["type", "events"];

    /// <summary>The keys each type accepts besides <c>type</c> and <c>events</c>.</summary>
    private static readonly IReadOnlyDictionary<ChannelType, string[]> KeysOf = new Dictionary<ChannelType, string[]>
    {
        [ChannelType.Webhook] = ["url"],
        [ChannelType.Ntfy] = ["url", "token"],
        [ChannelType.Telegram] = ["bot_token", "chat_id", "api_url"],
        [ChannelType.Discord] = ["webhook_url"],
        [ChannelType.Email] = ["smtp_host", "smtp_port", "security", "tls_certificate", "username", "password", "from", "to"],
    };

    private static readonly string[] ListKeys = ["events", "to"];

    /// <summary>Secrets: their values never appear in a message.</summary>
    public static readonly string[] SecretKeys = ["token", "bot_token", "webhook_url", "password"];

    /// <summary>Whether <paramref name="key"/> (<c>notifications:0:url</c>, <c>notifications:0:to:1</c>) could be a channel's key.</summary>
    public static bool IsChannelKey(string key) =>
        key.Split(':') is [var section, var index, var name, ..] && section.Equals(Section, StringComparison.OrdinalIgnoreCase) &&
        int.TryParse(index, NumberStyles.None, CultureInfo.InvariantCulture, out _) &&
        (Common.Contains(name, StringComparer.OrdinalIgnoreCase) || KeysOf.Values.Any(k => k.Contains(name, StringComparer.OrdinalIgnoreCase)));

    public static IReadOnlyList<NotificationChannelOptions> Read(IConfigurationRoot root, List<string> problems)
    {
        var section = root.GetSection(Section);
        var children = section.GetChildren().ToList();
        if (children.Count == 0)
        {
            if (!string.IsNullOrEmpty(section.Value))
                problems.Add($"{Section}: expected a list of channel objects such as [{{ \"type\": \"webhook\", \"url\": \"...\" }}], got a string");
            return [];
        }

        var channels = new List<NotificationChannelOptions>();
        foreach (var child in children)
        {
            if (!int.TryParse(child.Key, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            {
                problems.Add($"{Section}: expected a list of channel objects, got an object with key \"{child.Key}\"");
                continue;
            }

            if (Channel(child, index, problems) is { } channel)
                channels.Add(channel);
        }

        // One outbox per channel: two entries sending to the same place would share (and fight over) it.
        foreach (var twice in channels.GroupBy(c => c.Key).Where(g => g.Count() > 1))
            foreach (var repeat in twice.OrderBy(c => c.Index).Skip(1))
                problems.Add($"{Section}[{repeat.Index}]: the same channel as {Section}[{twice.Min(c => c.Index)}] (one entry per " +
                             "destination; give it every event it should get)");
        return channels.OrderBy(c => c.Index).ToList();
    }

    private static NotificationChannelOptions? Channel(IConfigurationSection entry, int index, List<string> problems)
    {
        var at = $"{Section}[{index}]";
        var keys = entry.GetChildren().ToList();
        if (keys.Count == 0)
        {
            problems.Add($"{at}: expected an object with \"type\" ({Types}) and that type's keys");
            return null;
        }

        var typeText = entry["type"];
        if (string.IsNullOrEmpty(typeText))
        {
            problems.Add($"{at}.type: required, one of {Types}");
            return null;
        }

        if (!Enum.TryParse<ChannelType>(typeText, ignoreCase: true, out var type) || !Enum.IsDefined(type) || typeText.Any(char.IsDigit))
        {
            problems.Add($"{at}.type: expected one of {Types}, got {Quote(typeText)}");
            return null;
        }

        var accepted = Common.Concat(KeysOf[type]).ToArray();
        var before = problems.Count;
        foreach (var key in keys)
        {
            if (!accepted.Contains(key.Key, StringComparer.OrdinalIgnoreCase))
                problems.Add($"{at}.{key.Key}: unknown key for a {typeText.ToLowerInvariant()} channel (accepted: {string.Join(", ", accepted)})");
            else if (key.GetChildren().Any() && !ListKeys.Contains(key.Key, StringComparer.OrdinalIgnoreCase))
                problems.Add($"{at}.{key.Key}: expected a single value, got an object or a list");
        }

        var events = List(entry, "events", at, problems) ?? NotificationChannelOptions.AllEvents;
        foreach (var unknown in events.Where(e => !NotificationChannelOptions.AllEvents.Contains(e, StringComparer.OrdinalIgnoreCase)))
            problems.Add($"{at}.events: unknown event {Quote(unknown)} (accepted: {string.Join(", ", NotificationChannelOptions.AllEvents)})");
        if (events.Count == 0)
            problems.Add($"{at}.events: empty; name at least one of {string.Join(", ", NotificationChannelOptions.AllEvents)}, or leave it out for all");

        var channel = new NotificationChannelOptions { Index = index, Type = type, Events = events.Select(e => e.ToLowerInvariant()).ToList() };
        channel = type switch
        {
            ChannelType.Webhook => channel with { Url = Url(entry, "url", at, problems, required: true) },
            ChannelType.Ntfy => channel with { Url = Url(entry, "url", at, problems, required: true), Token = Text(entry, "token") },
            ChannelType.Telegram => channel with
            {
                BotToken = Required(entry, "bot_token", at, problems, "the bot's token from @BotFather, such as 123456:ABC-DEF"),
                ChatId = Required(entry, "chat_id", at, problems, "the chat's id, such as 42 or -1001234567890"),
                ApiUrl = Url(entry, "api_url", at, problems, required: false) ?? channel.ApiUrl,
            },
            ChannelType.Discord => channel with { WebhookUrl = Url(entry, "webhook_url", at, problems, required: true) },
            _ => Email(channel, entry, at, problems),
        };
        return problems.Count == before ? channel : null;
    }

    private static NotificationChannelOptions Email(NotificationChannelOptions channel, IConfigurationSection entry, string at, List<string> problems)
    {
        var security = SmtpSecurity.StartTls;
        if (Text(entry, "security") is { } securityText)
        {
            security = securityText.ToLowerInvariant() switch
            {
                "starttls" => SmtpSecurity.StartTls,
                "tls" => SmtpSecurity.Tls,
                "none" => SmtpSecurity.None,
                _ => Fail(SmtpSecurity.StartTls, $"{at}.security: expected \"starttls\", \"tls\" or \"none\", got {Quote(securityText)}"),
            };
        }

        var port = security switch { SmtpSecurity.Tls => 465, SmtpSecurity.None => 25, _ => 587 };
        if (Text(entry, "smtp_port") is { } portText)
        {
            if (int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p is >= 1 and <= 65535)
                port = p;
            else
                problems.Add($"{at}.smtp_port: expected a port from 1 to 65535, got {Quote(portText)}");
        }

        var tlsCertificate = Text(entry, "tls_certificate");
        if (tlsCertificate is not null && security == SmtpSecurity.None)
            problems.Add($"{at}.tls_certificate: set, but {at}.security is \"none\" (no TLS, no certificate to check); use \"starttls\" or \"tls\"");
        else if (tlsCertificate is not null)
        {
            try
            {
                foreach (var certificate in PemCertificates.Load(tlsCertificate, $"{at}.tls_certificate"))
                    certificate.Dispose();
            }
            catch (ConfigurationException e)
            {
                problems.AddRange(e.Problems);
            }
        }

        var username = Text(entry, "username");
        var password = Text(entry, "password");
        if (password is not null && username is null)
            problems.Add($"{at}.password: set, but {at}.username (the SMTP login it goes with) is not");
        var from = Required(entry, "from", at, problems, "the sender's address, such as moviesync@example.org");
        if (from is not null && !from.Contains('@'))
            problems.Add($"{at}.from: expected an email address, got {Quote(from)}");
        var to = List(entry, "to", at, problems) ?? [];
        if (to.Count == 0)
            problems.Add($"{at}.to: required, a list of addresses such as [\"me@example.org\"]");
        foreach (var bad in to.Where(t => !t.Contains('@')))
            problems.Add($"{at}.to: expected email addresses, got {Quote(bad)}");
        return channel with
        {
            SmtpHost = Required(entry, "smtp_host", at, problems, "the SMTP server's host name, such as smtp.example.org"),
            SmtpPort = port,
            Security = security,
            TlsCertificate = tlsCertificate,
            Username = username,
            Password = password,
            From = from,
            To = to,
        };

        T Fail<T>(T fallback, string problem)
        {
            problems.Add(problem);
            return fallback;
        }
    }

    private static string Types => string.Join(", ", Enum.GetNames<ChannelType>().Select(n => n.ToLowerInvariant()));

    private static string? Text(IConfigurationSection entry, string key) =>
        entry.GetChildren().FirstOrDefault(c => c.Key.Equals(key, StringComparison.OrdinalIgnoreCase)) is { Value: { Length: > 0 } value } ? value : null;

    private static string? Required(IConfigurationSection entry, string key, string at, List<string> problems, string meaning)
    {
        if (Text(entry, key) is { } value && value.Trim().Length > 0)
            return value;
        problems.Add($"{at}.{key}: required, {meaning}");
        return null;
    }

    /// <summary>An absolute http(s) URL; a secret one (discord's webhook_url) is never echoed.</summary>
    private static Uri? Url(IConfigurationSection entry, string key, string at, List<string> problems, bool required)
    {
        if (Text(entry, key) is not { } value)
        {
            if (required)
                problems.Add($"{at}.{key}: required, an absolute http(s) URL such as https://example.org/hook");
            return null;
        }

        if (Uri.TryCreate(value, UriKind.Absolute, out var url) && url.Scheme is "http" or "https" && url.Host.Length > 0)
            return url;
        var got = SecretKeys.Contains(key) ? "a value that is not (not shown: it is a secret)" : Quote(value);
        problems.Add($"{at}.{key}: expected an absolute http(s) URL such as https://example.org/hook, got {got}");
        return null;
    }

    /// <summary>A list of strings; null when the key is absent.</summary>
    private static List<string>? List(IConfigurationSection entry, string key, string at, List<string> problems)
    {
        var section = entry.GetChildren().FirstOrDefault(c => c.Key.Equals(key, StringComparison.OrdinalIgnoreCase));
        if (section is null)
            return null;
        var items = section.GetChildren().ToList();
        if (items.Count == 0)
        {
            if (!string.IsNullOrEmpty(section.Value))
            {
                // One comma-separated string (an environment variable) is a list too.
                return section.Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList();
            }

            return [];
        }

        if (items.Any(i => i.GetChildren().Any()))
            problems.Add($"{at}.{key}: expected a list of strings, got a nested object or list");
        return items.OrderBy(i => int.TryParse(i.Key, out var n) ? n : int.MaxValue).Select(i => i.Value ?? "").ToList();
    }

    private static string Quote(string value) => "\"" + (value.Length > 60 ? value[..60] + "…" : value) + "\"";
}
