using System.Security.Cryptography;
using System.Text;

namespace MovieSync.Configuration;

/// <summary>Where a notification channel sends (<c>notifications[i].type</c>).</summary>
public enum ChannelType
{
    Webhook,
    Ntfy,
    Telegram,
    Discord,
    Email,
}

/// <summary>How an email channel talks to its SMTP server (<c>security</c>).</summary>
public enum SmtpSecurity
{
    /// <summary>Plain connection upgraded with STARTTLS (required), usually port 587.</summary>
    StartTls,

    /// <summary>TLS from the first byte, usually port 465.</summary>
    Tls,

    /// <summary>No encryption (a relay on the same machine or network), usually port 25.</summary>
    None,
}

/// <summary>One entry of <c>notifications</c>: a channel, what it needs to send, and which events it gets.</summary>
public sealed record NotificationChannelOptions
{
    /// <summary>The events a channel gets when it names none: all four.</summary>
    public static readonly IReadOnlyList<string> AllEvents = ["grabbed", "completed", "permanent_failure", "attention"];

    /// <summary>Its place in config.json's list, for messages (<c>notifications[1]</c>).</summary>
    public int Index { get; init; }

    public ChannelType Type { get; init; }

    /// <summary><c>events</c>: the contract's names (<see cref="AllEvents"/>).</summary>
    public IReadOnlyList<string> Events { get; init; } = AllEvents;

    /// <summary>webhook, ntfy: where to POST.</summary>
    public Uri? Url { get; init; }

    /// <summary>ntfy: an access token (sent as a bearer token); a secret.</summary>
    public string? Token { get; init; }

    /// <summary>telegram: the bot's token (it is part of the API's URL); a secret.</summary>
    public string? BotToken { get; init; }

    public string? ChatId { get; init; }

    public Uri ApiUrl { get; init; } = new("https://api.telegram.org");

    /// <summary>discord: the webhook's URL (whoever has it can post); a secret.</summary>
    public Uri? WebhookUrl { get; init; }

    public string? SmtpHost { get; init; }

    public int SmtpPort { get; init; } = 587;

    public SmtpSecurity Security { get; init; } = SmtpSecurity.StartTls;

    /// <summary>email: a PEM file of certificates trusted for the server's certificate besides the system's (a home server's CA).</summary>
    public string? TlsCertificate { get; init; }

    public string? Username { get; init; }

    /// <summary>email: the SMTP login's password; a secret.</summary>
    public string? Password { get; init; }

    public string? From { get; init; }

    public IReadOnlyList<string> To { get; init; } = [];

    /// <summary>The channel's type in config.json's words.</summary>
    public string TypeName => Type.ToString().ToLowerInvariant();

    /// <summary>How logs, `notify test` and the dashboard name the channel: where it sends, never a secret.</summary>
    public string Name => Type switch
    {
        ChannelType.Webhook => $"webhook {Url}",
        ChannelType.Ntfy => $"ntfy {Url}",
        ChannelType.Telegram => $"telegram chat {ChatId}",
        ChannelType.Discord => $"discord webhook #{Index}",
        _ => $"email to {string.Join(", ", To)}",
    };

    /// <summary>
    /// The channel's stable key, part of its outbox's persistence id: its type and a short hash of where it sends (not of
    /// a token, so a new token keeps the outbox), so reordering config.json's list keeps each outbox with its channel.
    /// </summary>
    public string Key
    {
        get
        {
            var target = Type switch
            {
                ChannelType.Webhook or ChannelType.Ntfy => Url?.ToString(),
                ChannelType.Telegram => $"{ApiUrl}|{ChatId}",
                ChannelType.Discord => WebhookUrl?.ToString(),
                _ => $"{SmtpHost}|{string.Join(",", To)}",
            };
            var hash = SHA256.HashData(Encoding.UTF8.GetBytes(target ?? ""));
            return $"{TypeName}-{Convert.ToHexStringLower(hash.AsSpan(0, 4))}";
        }
    }

    /// <summary>Whether the channel gets notifications of this kind (<c>grabbed</c>, ...).</summary>
    public bool Wants(string eventName) => Events.Contains(eventName, StringComparer.OrdinalIgnoreCase);

    /// <summary>The secrets of this channel, for redacting any text that might carry one.</summary>
    public IEnumerable<string> Secrets =>
        new[] { Token, BotToken, WebhookUrl?.ToString(), Password }.OfType<string>().Where(s => s.Length > 0);

    public override string ToString() =>
        $"NotificationChannelOptions {{ Type = {TypeName}, Name = {Name}, Events = [{string.Join(", ", Events)}], " +
        $"Token = {SecretMasking.Mask(Token)}, BotToken = {SecretMasking.Mask(BotToken)}, " +
        $"WebhookUrl = {SecretMasking.Mask(WebhookUrl?.ToString())}, Password = {SecretMasking.Mask(Password)} }}";
}
