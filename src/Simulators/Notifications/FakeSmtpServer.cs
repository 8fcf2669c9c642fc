using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace MovieSync.Simulators.Notifications;

/// <summary>
/// An SMTP server on 127.0.0.1 (a free port) for tests: EHLO, STARTTLS, AUTH PLAIN, MAIL, RCPT, DATA, RSET, NOOP, QUIT;
/// plain, with STARTTLS, or TLS from the first byte, with the certificate given. It records every session's commands and
/// every message, and can answer the next N messages with a temporary failure (451) or every one with a permanent one (550).
/// </summary>
public sealed class FakeSmtpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<ReceivedMail> _mails = new();
    private readonly ConcurrentQueue<SmtpSession> _sessions = new();
    private readonly ConcurrentBag<Task> _serving = [];
    private readonly SmtpServerTls _tls;
    private readonly X509Certificate2? _certificate;
    private readonly Task _accepting;
    private int _failuresLeft;

    /// <param name="tls">How TLS is offered.</param>
    /// <param name="certificate">The server's certificate with its private key; required unless <paramref name="tls"/> is None.</param>
    public FakeSmtpServer(SmtpServerTls tls = SmtpServerTls.None, X509Certificate2? certificate = null)
    {
        if (tls != SmtpServerTls.None && certificate is not { HasPrivateKey: true })
            throw new ArgumentException("a TLS server needs a certificate with its private key", nameof(certificate));
        _tls = tls;
        // Through PKCS#12, so SslStream can use the private key of a certificate made in memory.
        _certificate = certificate is null ? null : X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Every message that reached the end of DATA, oldest first.</summary>
    public IReadOnlyList<ReceivedMail> Mails => _mails.ToList();

    /// <summary>Every connection, oldest first.</summary>
    public IReadOnlyList<SmtpSession> Sessions => _sessions.ToList();

    /// <summary>When set, every message is answered with this code (550: refused for good).</summary>
    public int? AlwaysReply { get; set; }

    /// <summary>The next <paramref name="count"/> messages are answered 451 (try again later).</summary>
    public void FailNext(int count) => Interlocked.Exchange(ref _failuresLeft, count);

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                var session = new SmtpSession();
                _sessions.Enqueue(session);
                _serving.Add(Task.Run(() => ServeAsync(client, session)));
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException)
            {
                // a client that went away before it was accepted
            }
        }
    }

    private async Task ServeAsync(TcpClient client, SmtpSession session)
    {
        using (client)
        {
            Stream stream = client.GetStream();
            try
            {
                var tls = false;
                if (_tls == SmtpServerTls.Implicit)
                    (stream, tls) = (await HandshakeAsync(stream, session), true);
                var greet = true;
                // A conversation ends with QUIT or a hang-up, or with STARTTLS: then it starts over inside TLS (RFC 3207 4.2).
                while (await ConverseAsync(stream, tls, greet, session))
                    (stream, tls, greet) = (await HandshakeAsync(stream, session), true, false);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or SocketException or AuthenticationException or ObjectDisposedException)
            {
                // the client hung up or refused the certificate, or the server stops
            }
            finally
            {
                await stream.DisposeAsync();
                session.End();
            }
        }
    }

    private async Task<SslStream> HandshakeAsync(Stream stream, SmtpSession session)
    {
        var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
        try
        {
            await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = _certificate }, _stop.Token);
            return ssl;
        }
        catch (Exception e) when (e is IOException or AuthenticationException)
        {
            session.HandshakeFailure = e.Message;
            await ssl.DisposeAsync();
            throw;
        }
    }

    /// <summary>One SMTP conversation on <paramref name="stream"/>; true when the client asked for STARTTLS and was told to go ahead.</summary>
    private async Task<bool> ConverseAsync(Stream stream, bool tls, bool greet, SmtpSession session)
    {
        using var reader = new StreamReader(stream, Encoding.ASCII, detectEncodingFromByteOrderMarks: false, bufferSize: 1024, leaveOpen: true);
        await using var writer = new StreamWriter(stream, Encoding.ASCII, bufferSize: 1024, leaveOpen: true) { NewLine = "\r\n", AutoFlush = true };
        if (greet)
            await writer.WriteLineAsync("220 fake-smtp ESMTP ready");
        // Real servers offer a login only where the password cannot be read on the way.
        var authOffered = _tls == SmtpServerTls.None || tls;
        string? from = null, login = null;
        var to = new List<string>();
        while (await reader.ReadLineAsync(_stop.Token) is { } line)
        {
            var verb = line.Split(' ', 2)[0].ToUpperInvariant();
            session.Add(new SmtpCommand(verb == "AUTH" ? string.Join(' ', line.Split(' ').Take(2)).ToUpperInvariant() : verb, tls));
            switch (verb)
            {
                case "EHLO":
                    await writer.WriteLineAsync("250-fake-smtp" + (_tls == SmtpServerTls.StartTls && !tls ? "\r\n250-STARTTLS" : "") +
                                                (authOffered ? "\r\n250-AUTH PLAIN" : "") + "\r\n250 8BITMIME");
                    break;
                case "HELO":
                    await writer.WriteLineAsync("250 fake-smtp");
                    break;
                case "STARTTLS" when _tls == SmtpServerTls.StartTls && !tls:
                    await writer.WriteLineAsync("220 2.0.0 Ready to start TLS");
                    return true;
                case "AUTH" when !authOffered:
                    await writer.WriteLineAsync("538 5.7.11 Encryption required for requested authentication mechanism");
                    break;
                case "AUTH":
                    login = Login(line);
                    await writer.WriteLineAsync(login is null ? "535 5.7.8 authentication failed" : "235 2.7.0 accepted");
                    break;
                case "MAIL":
                    from = Address(line);
                    to.Clear();
                    await writer.WriteLineAsync("250 2.1.0 Ok");
                    break;
                case "RCPT":
                    to.Add(Address(line));
                    await writer.WriteLineAsync("250 2.1.5 Ok");
                    break;
                case "DATA":
                    await writer.WriteLineAsync("354 End data with <CR><LF>.<CR><LF>");
                    var data = new StringBuilder();
                    while (await reader.ReadLineAsync(_stop.Token) is { } dataLine && dataLine != ".")
                        data.Append(dataLine.StartsWith("..", StringComparison.Ordinal) ? dataLine[1..] : dataLine).Append("\r\n");
                    var reply = AlwaysReply ?? (Interlocked.Decrement(ref _failuresLeft) >= 0 ? 451 : 250);
                    _mails.Enqueue(new ReceivedMail(from ?? "", to.ToList(), data.ToString(), login, reply, tls));
                    await writer.WriteLineAsync(reply switch
                    {
                        250 => $"250 2.0.0 Ok: queued as {_mails.Count}",
                        451 => "451 4.3.0 Try again later",
                        _ => $"{reply} 5.7.1 Refused on purpose",
                    });
                    break;
                case "RSET" or "NOOP":
                    await writer.WriteLineAsync("250 2.0.0 Ok");
                    break;
                case "QUIT":
                    await writer.WriteLineAsync("221 2.0.0 Bye");
                    return false;
                default:
                    await writer.WriteLineAsync("502 5.5.2 Command not recognized");
                    break;
            }
        }

        return false;
    }

    /// <summary>The user of <c>AUTH PLAIN &lt;base64&gt;</c> (authzid NUL user NUL password); null when it is not one.</summary>
    private static string? Login(string line)
    {
        var parts = line.Split(' ');
        if (parts.Length < 3 || !parts[1].Equals("PLAIN", StringComparison.OrdinalIgnoreCase))
            return null;
        try
        {
            var fields = Encoding.UTF8.GetString(Convert.FromBase64String(parts[2])).Split('\0');
            return fields.Length == 3 && fields[1].Length > 0 ? fields[1] : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static string Address(string line)
    {
        var start = line.IndexOf('<');
        var end = line.IndexOf('>');
        return start >= 0 && end > start ? line[(start + 1)..end] : "";
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (OperationCanceledException)
        {
        }

        // Every connection ends on the cancellation (ServeAsync catches it) before what it uses goes.
        await Task.WhenAll(_serving);
        _certificate?.Dispose();
        _stop.Dispose();
    }
}
