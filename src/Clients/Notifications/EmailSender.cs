using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using MovieSync.Messages;

namespace MovieSync.Clients.Notifications;

/// <summary>
/// How an email channel reaches its SMTP server; <see cref="Password"/> is a secret. <see cref="TrustedCertificates"/>
/// (<c>tls_certificate</c>) are trusted for the server's certificate besides what the system trusts.
/// </summary>
public sealed record SmtpSettings(string Host, int Port, SecureSocketOptions Security, string? Username, string? Password, string From,
    IReadOnlyList<string> To, IReadOnlyList<X509Certificate2>? TrustedCertificates = null)
{
    public override string ToString() => $"SmtpSettings {{ Host = {Host}, Port = {Port}, Security = {Security}, Username = {Username} }}";
}

/// <summary>
/// Sends a notification as a plain-text email through SMTP (MailKit): accepted when the server answers the message with
/// 250; a 4xx answer or no connection is retried, a 5xx answer or a rejected login refused. With STARTTLS or TLS the
/// server's certificate must be trusted (<see cref="SmtpCertificateTrust"/>) before anything else is sent, and STARTTLS
/// never falls back to plain text: a server that does not offer it, or a certificate that is refused, is retried.
/// </summary>
public sealed class EmailSender(SmtpSettings smtp, TimeSpan timeout) : INotificationSender
{
    public async Task<DeliveryOutcome> SendAsync(Notification notification, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var trust = new SmtpCertificateTrust(smtp.Host, smtp.TrustedCertificates ?? []);
        using var client = new SmtpClient { Timeout = (int)timeout.TotalMilliseconds, ServerCertificateValidationCallback = trust.Validate };
        var connected = false;
        try
        {
            await client.ConnectAsync(smtp.Host, smtp.Port, smtp.Security, deadline.Token);
            connected = true;
            if (!string.IsNullOrEmpty(smtp.Username))
                await client.AuthenticateAsync(smtp.Username, smtp.Password ?? "", deadline.Token);
            var answer = await client.SendAsync(Message(notification), deadline.Token);
            await client.DisconnectAsync(quit: true, deadline.Token);
            return DeliveryOutcome.Accepted($"SMTP 250 {Redact(answer)}".TrimEnd());
        }
        catch (SmtpCommandException e)
        {
            var code = (int)e.StatusCode;
            var detail = Redact($"SMTP {code}: {e.Message}");
            return new DeliveryOutcome(code >= 500 ? DeliveryResult.Refused : DeliveryResult.Retry, detail);
        }
        catch (ParseException e)
        {
            return new DeliveryOutcome(DeliveryResult.Refused, $"an address in from or to is not one: {e.Message}");
        }
        catch (AuthenticationException e)
        {
            return new DeliveryOutcome(DeliveryResult.Refused, Redact($"the SMTP server rejected the login of {smtp.Username}: {e.Message}"));
        }
        catch (SslHandshakeException e)
        {
            return new DeliveryOutcome(DeliveryResult.Retry, Redact($"no TLS with {smtp.Host}:{smtp.Port}, nothing was sent: {trust.Refusal ?? e.Message}"));
        }
        catch (NotSupportedException) when (!connected && smtp.Security == SecureSocketOptions.StartTls)
        {
            return new DeliveryOutcome(DeliveryResult.Retry,
                $"{smtp.Host}:{smtp.Port} does not offer STARTTLS (security \"starttls\"), nothing was sent; use \"tls\" for a server that " +
                "speaks TLS from the start (port 465)");
        }
        catch (NotSupportedException) when (connected && !string.IsNullOrEmpty(smtp.Username))
        {
            return new DeliveryOutcome(DeliveryResult.Retry, $"{smtp.Host}:{smtp.Port} offers no login (AUTH) on this connection; nothing was sent");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new DeliveryOutcome(DeliveryResult.Retry, $"no answer from {smtp.Host}:{smtp.Port} within {timeout.TotalSeconds:0} s");
        }
        catch (Exception e) when (e is SmtpProtocolException or IOException or SocketException or ServiceNotConnectedException
                                       or ServiceNotAuthenticatedException or NotSupportedException)
        {
            return new DeliveryOutcome(DeliveryResult.Retry, Redact($"cannot send through {smtp.Host}:{smtp.Port}: {e.Message}"));
        }
    }

    private MimeMessage Message(Notification notification)
    {
        var message = new MimeMessage
        {
            Subject = $"MovieSync: {NotificationText.Headline(notification)}",
            Body = new TextPart("plain")
            {
                Text = $"{notification.Message}\n\nWhen: {notification.At:yyyy-MM-dd HH:mm} UTC\nDelivery id: {notification.DeliveryId}\n",
            },
            // The same id on a repeat: a mail server or client can drop it.
            MessageId = $"{notification.DeliveryId}@moviesync",
        };
        message.From.Add(MailboxAddress.Parse(smtp.From));
        foreach (var to in smtp.To)
            message.To.Add(MailboxAddress.Parse(to));
        message.Headers.Add(HttpDelivery.DeliveryHeader, notification.DeliveryId);
        return message;
    }

    private string Redact(string text) =>
        ServiceText.Clean(string.IsNullOrEmpty(smtp.Password) || smtp.Password.Length < 4 ? text : text.Replace(smtp.Password, "***", StringComparison.Ordinal));
}
