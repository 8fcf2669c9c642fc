using Akka.Actor;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using MovieSync.Actors.Notifications;
using MovieSync.Configuration;
using MovieSync.Messages;
using static MovieSync.Messages.NotificationQueries;

namespace MovieSync.Host.Web;

/// <summary>
/// <c>GET /api/notifications</c>: each notification channel's outbox: notifications waiting, delivered, the last
/// deliveries, the last error, whether it keeps refusing, and one <c>failing</c> mark for the dashboard. Never a secret:
/// channels are named by where they send, and the channel's secrets are masked in every text from it.
/// </summary>
public static class NotificationsApi
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(5);

    public static IEndpointRouteBuilder MapNotificationsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/notifications", async (ActorSystem system, MovieSyncOptions options, CancellationToken ct) =>
            Results.Ok(await ChannelsAsync(system, options, ct)));
        return app;
    }

    /// <summary>Every configured channel, in config.json's order; their outboxes are asked together.</summary>
    public static async Task<IReadOnlyList<ChannelView>> ChannelsAsync(ActorSystem system, MovieSyncOptions options, CancellationToken ct) =>
        await Task.WhenAll(options.Notifications.Select(channel => ChannelAsync(system, channel, ct)));

    private static async Task<ChannelView> ChannelAsync(ActorSystem system, NotificationChannelOptions channel, CancellationToken ct)
    {
        var outbox = system.ActorSelection($"/user/{OutboxSettings.PersistenceIdOf(channel.Key)}");
        try
        {
            var status = await outbox.Ask<ChannelStatus>(GetChannelStatus.Instance, AskTimeout, ct);
            var lastError = Masked(status.LastError, channel);
            var state = status.Refusing ? "refusing" : lastError is not null ? "retrying" : "ok";
            return new ChannelView(channel.Index, channel.TypeName, channel.Name, channel.Events, status.Waiting, status.Delivered,
                status.LastDeliveredAt, lastError, status.Refusing, Answered: true, channel.Key, state, Failing: state != "ok",
                status.LastErrorAt, status.FailedTries, status.GivenUp, status.Recent.Select(r => RecentView.Of(r, channel)).ToList());
        }
        catch (AskTimeoutException)
        {
            return new ChannelView(channel.Index, channel.TypeName, channel.Name, channel.Events, 0, 0, null,
                "its outbox does not answer (starting, or the journal is unavailable)", false, Answered: false, channel.Key, "not_answering",
                Failing: true, null, 0, 0, []);
        }
    }

    /// <summary>The channel's secrets masked in a text that came from it (its senders mask them already: this is the second line).</summary>
    private static string? Masked(string? text, NotificationChannelOptions channel)
    {
        if (text is null)
            return null;
        foreach (var secret in channel.Secrets.Where(s => s.Length >= 4))
            text = text.Replace(secret, SecretMasking.Mask(secret), StringComparison.Ordinal);
        return text;
    }

    /// <summary>
    /// One channel as the API shows it. <paramref name="State"/>: <c>ok</c>, <c>retrying</c> (its last try failed),
    /// <c>refusing</c> (it refused a notification three times in a row and has not accepted one since) or
    /// <c>not_answering</c> (its outbox did not answer); <paramref name="Failing"/> for any but <c>ok</c>.
    /// </summary>
    public sealed record ChannelView(int Index, string Type, string Name, IReadOnlyList<string> Events, int Waiting, int Delivered,
        DateTimeOffset? LastDeliveredAt, string? LastError, bool Refusing, bool Answered, string Key, string State, bool Failing,
        DateTimeOffset? LastErrorAt, int FailedTries, int GivenUp, IReadOnlyList<RecentView> Recent);

    /// <summary>A recent delivery: <paramref name="Outcome"/> <c>delivered</c> or <c>given_up</c>; newest first.</summary>
    public sealed record RecentView(string DeliveryId, string Event, string Title, DateTimeOffset At, DateTimeOffset RaisedAt, int? Attempts,
        string Outcome, string? Reason)
    {
        public static RecentView Of(RecentDelivery delivery, NotificationChannelOptions channel) =>
            new(delivery.DeliveryId, Notification.KindName(delivery.Kind), Masked(delivery.Headline, channel)!, delivery.At, delivery.RaisedAt,
                delivery.Attempts, delivery.GivenUp ? "given_up" : "delivered", Masked(delivery.Reason, channel));
    }
}
