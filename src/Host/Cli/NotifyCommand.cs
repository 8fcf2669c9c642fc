using System.CommandLine;
using MovieSync.Actors.Hosting;
using MovieSync.Clients.Notifications;
using MovieSync.Configuration;
using MovieSync.Host.Home;
using MovieSync.Messages;

namespace MovieSync.Host.Cli;

/// <summary>
/// `notify test`: sends one test message to every channel of <c>notifications</c>, right now and once (not through the
/// outboxes, nothing is journaled), and prints each channel's answer. Exit 0 when every channel accepted, 1 otherwise,
/// 2 when config.json is invalid or names no channel.
/// </summary>
public static class NotifyCommand
{
    public static Command Create()
    {
        var test = new Command("test", "Send one test message to every notification channel and show each answer");
        test.SetAction(async (parsed, cancellationToken) =>
        {
            var home = MovieSyncCommandLine.OpenHome(parsed);
            var options = home.LoadOptions();
            if (options.Notifications.Count == 0)
                throw new UsageException("config.json has no notifications: add a channel to \"notifications\" (see the README's Notifications)");

            using var http = HttpDelivery.NewClient();
            var allAccepted = true;
            var at = DateTimeOffset.UtcNow;
            foreach (var channel in options.Notifications)
            {
                var notification = new Notification(Guid.NewGuid().ToString(), NotificationKind.Attention, at,
                    "This is a test message from MovieSync (`moviesync notify test`): this channel works.", null);
                var outcome = await NotificationHosting.Sender(channel, http).SendAsync(notification, cancellationToken);
                var accepted = outcome.Result == DeliveryResult.Accepted;
                allAccepted &= accepted;
                var verdict = outcome.Result switch
                {
                    DeliveryResult.Accepted => "accepted",
                    DeliveryResult.Refused => "refused (check its settings)",
                    _ => "failed (try again later)",
                };
                Console.WriteLine($"{(accepted ? CheckConfigCommand.Passed : CheckConfigCommand.FailedMark)} notifications[{channel.Index}] " +
                                  $"{channel.Name}: {verdict}: {Redact(outcome.Detail, channel)}");
            }

            return allAccepted ? ExitCodes.Success : ExitCodes.Failed;
        });
        return new Command("notify", "Notification channels") { test };
    }

    private static string Redact(string text, NotificationChannelOptions channel)
    {
        foreach (var secret in channel.Secrets.Where(s => s.Length >= 4))
            text = text.Replace(secret, SecretMasking.Mask(secret), StringComparison.Ordinal);
        return text;
    }
}
