using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using MovieSync.Messages;

namespace MovieSync.Clients.Notifications;

/// <summary>How an email channel reaches its SMTP server; <see cref="Password"/> is a secret.</summary>
public sealed record SmtpSettings(string Host, int Port, SecureSocketOptions Security, string? Username, string? Password, string From,
    IReadOnlyList<string> To)
{
    public override string ToString() => $"SmtpSettings {{ Host = {Host}, Port = {Port}, Security = {Security}, Username = {Username} }}";
}

/// <summary>
/// Sends a notification as a plain-text email through SMTP (MailKit): accepted when the server answers the message with
/// 250; a 4xx answer or no connection is retried, a 5xx answer or a rejected login refused.
/// </summary>
public sealed class EmailSender(SmtpSettings smtp, TimeSpan timeout) : INotificationSender
{
    public async Task<DeliveryOutcome> SendAsync(Notification notification, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        using var client = new SmtpClient { Timeout = (int)timeout.TotalMilliseconds };
        try
        {
            await client.ConnectAsync(smtp.Host, smtp.Port, smtp.Security, deadline.Token);
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
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new DeliveryOutcome(DeliveryResult.Retry, $"no answer from {smtp.Host}:{smtp.Port} within {timeout.TotalSeconds:0} s");
        }
        catch (Exception e) when (e is SmtpProtocolException or SslHandshakeException or IOException or SocketException or ServiceNotConnectedException
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
