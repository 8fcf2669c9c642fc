using System.Collections.Concurrent;

namespace MovieSync.Simulators.Notifications;

/// <summary>One message the SMTP server took (or refused): envelope, the raw DATA, the login used, and whether it came over TLS.</summary>
public sealed record ReceivedMail(string From, IReadOnlyList<string> To, string Data, string? Login, int Reply, bool OverTls = false)
{
    public bool Accepted => Reply == 250;

    /// <summary>A header's value in the raw message (the first line of it), or null.</summary>
    public string? Header(string name) =>
        Data.Split("\r\n").FirstOrDefault(l => l.StartsWith(name + ":", StringComparison.OrdinalIgnoreCase)) is { } line
            ? line[(name.Length + 1)..].Trim()
            : null;
}

/// <summary>How the fake SMTP server offers TLS.</summary>
public enum SmtpServerTls
{
    /// <summary>Plain SMTP only (no STARTTLS in EHLO).</summary>
    None,

    /// <summary>RFC 3207: STARTTLS is offered in EHLO; AUTH is offered and accepted only once TLS is on (as on port 587).</summary>
    StartTls,

    /// <summary>TLS from the first byte (as on port 465).</summary>
    Implicit,
}

/// <summary>A command as the server read it: its verb (an AUTH line without its credentials) and whether TLS was on.</summary>
public sealed record SmtpCommand(string Verb, bool OverTls);

/// <summary>One connection: the commands read on it, in order, and when it ended.</summary>
public sealed class SmtpSession
{
    private readonly ConcurrentQueue<SmtpCommand> _commands = new();
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public IReadOnlyList<SmtpCommand> Commands => _commands.ToList();

    /// <summary>Completes when the server closed the connection (after QUIT, a hang-up, or a failed TLS handshake).</summary>
    public Task Ended => _ended.Task;

    /// <summary>Why the TLS handshake failed, when it did (the client refused the certificate, ...).</summary>
    public string? HandshakeFailure { get; internal set; }

    internal void Add(SmtpCommand command) => _commands.Enqueue(command);

    internal void End() => _ended.TrySetResult();
}
