using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace MovieSync.Simulators.Notifications;

/// <summary>One message the SMTP server took (or refused): envelope, the raw DATA, and the login used.</summary>
public sealed record ReceivedMail(string From, IReadOnlyList<string> To, string Data, string? Login, int Reply)
{
    public bool Accepted => Reply == 250;

    /// <summary>A header's value in the raw message (the first line of it), or null.</summary>
    public string? Header(string name) =>
        Data.Split("\r\n").FirstOrDefault(l => l.StartsWith(name + ":", StringComparison.OrdinalIgnoreCase)) is { } line
            ? line[(name.Length + 1)..].Trim()
            : null;
}

/// <summary>
/// A plain SMTP server on 127.0.0.1 (a free port) for tests: EHLO, AUTH PLAIN, MAIL, RCPT, DATA, RSET, NOOP, QUIT. It
/// records every message and can answer the next N with a temporary failure (451) or every one with a permanent one (550).
/// </summary>
public sealed class FakeSmtpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<ReceivedMail> _mails = new();
    private readonly Task _accepting;
    private int _failuresLeft;

    public FakeSmtpServer()
    {
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Every message that reached the end of DATA, oldest first.</summary>
    public IReadOnlyList<ReceivedMail> Mails => _mails.ToList();

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
                _ = Task.Run(() => ServeAsync(client));
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

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                using var reader = new StreamReader(stream, Encoding.ASCII);
                await using var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
                await writer.WriteLineAsync("220 fake-smtp ESMTP ready");
                string? from = null, login = null;
                var to = new List<string>();
                while (await reader.ReadLineAsync(_stop.Token) is { } line)
                {
                    var verb = line.Split(' ', 2)[0].ToUpperInvariant();
                    switch (verb)
                    {
                        case "EHLO":
                            await writer.WriteLineAsync("250-fake-smtp\r\n250-AUTH PLAIN\r\n250 8BITMIME");
                            break;
                        case "HELO":
                            await writer.WriteLineAsync("250 fake-smtp");
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
                            _mails.Enqueue(new ReceivedMail(from ?? "", to.ToList(), data.ToString(), login, reply));
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
                            return;
                        default:
                            await writer.WriteLineAsync("502 5.5.2 Command not recognized");
                            break;
                    }
                }
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or SocketException)
            {
                // the client hung up, or the server stops
            }
        }
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

        _stop.Dispose();
    }
}
