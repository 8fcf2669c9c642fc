using Akka.Actor;
using Akka.Hosting;
using MailKit.Security;
using MovieSync.Actors.FileList;
using MovieSync.Actors.Journal;
using MovieSync.Actors.Movies;
using MovieSync.Actors.Notifications;
using MovieSync.Clients.Notifications;
using MovieSync.Configuration;

namespace MovieSync.Actors.Hosting;

/// <summary>The outboxes of every configured channel and the one notifier that raises what they send.</summary>
public static class NotificationHosting
{
    /// <summary>How long one attempt to send may take.</summary>
    public static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(30);

    /// <summary>How often the notifier asks the FileList broker for the accounts' status, and the coordinator which movies wait for disk space.</summary>
    public static readonly TimeSpan AccountsEvery = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Starts an outbox per channel of <c>notifications</c> and the notifier, each under a supervisor that starts it again
    /// when it stops; nothing when there is no channel (and nothing is journaled for notifications then).
    /// </summary>
    /// <summary>How long the journal must stay unwritable before the (unjournaled) alarm goes out.</summary>
    public static readonly TimeSpan JournalAlarmAfter = TimeSpan.FromMinutes(2);

    /// <param name="journalAlarmAfter">Replaces <see cref="JournalAlarmAfter"/> (`run --journal-alarm-seconds`, tests).</param>
    public static AkkaConfigurationBuilder AddNotifications(this AkkaConfigurationBuilder builder, MovieSyncOptions options,
        TimeSpan? journalAlarmAfter = null)
    {
        if (options.Notifications.Count == 0)
            return builder;
        // The first run's first grabs may be journaled before the notifier has read the journal once: still notified.
        var hostStart = DateTimeOffset.UtcNow;
        return builder.WithActors((system, registry) =>
        {
            var http = HttpDelivery.NewClient();
            var outboxes = options.Notifications.Select(channel => Outbox(channel, http) with { NotifyFrom = hostStart }).ToList();
            foreach (var settings in outboxes)
                system.ActorOf(Supervision.RestartedWhenStopped(ChannelOutbox.Props(settings), settings.PersistenceId), settings.PersistenceId);

            var broker = registry.TryGet<FileListBroker>(out var found) ? found : null;
            var coordinator = registry.TryGet<MovieCoordinator>(out var movies) ? movies : null;
            var notifier = system.ActorOf(Supervision.RestartedWhenStopped(Notifier.Props(broker, AccountsEvery, hostStart, coordinator),
                Notifier.Name), Notifier.Name);
            var alarmAfter = journalAlarmAfter ?? JournalAlarmAfter;
            system.ActorOf(JournalOutageAlarm.Props(outboxes, JournalHealthExtension.Of(system), notifier, alarmAfter,
                alarmAfter < JournalHealthActor.ProbePeriod ? alarmAfter : JournalHealthActor.ProbePeriod), JournalOutageAlarm.Name);
        });
    }

    /// <summary>The outbox settings of one configured channel.</summary>
    public static OutboxSettings Outbox(NotificationChannelOptions channel, HttpClient http) =>
        new(channel.Key, channel.Name, channel.Events, Sender(channel, http));

    /// <summary>What sends to <paramref name="channel"/> (`run`'s outboxes and `notify test` alike).</summary>
    public static INotificationSender Sender(NotificationChannelOptions channel, HttpClient http)
    {
        var delivery = new HttpDelivery(http, SendTimeout, channel.Secrets);
        return channel.Type switch
        {
            ChannelType.Webhook => new WebhookSender(delivery, channel.Url!),
            ChannelType.Ntfy => new NtfySender(delivery, channel.Url!, channel.Token),
            ChannelType.Telegram => new TelegramSender(delivery, channel.ApiUrl, channel.BotToken!, channel.ChatId!),
            ChannelType.Discord => new DiscordSender(delivery, channel.WebhookUrl!),
            _ => new EmailSender(new SmtpSettings(channel.SmtpHost!, channel.SmtpPort, channel.Security switch
            {
                SmtpSecurity.Tls => SecureSocketOptions.SslOnConnect,
                SmtpSecurity.None => SecureSocketOptions.None,
                _ => SecureSocketOptions.StartTls,
            }, channel.Username, channel.Password, channel.From!, channel.To,
                channel.TlsCertificate is { } trusted ? PemCertificates.Load(trusted, $"notifications[{channel.Index}].tls_certificate").ToList() : null),
                SendTimeout),
        };
    }
}
