using Akka.Actor;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using MovieSync.Actors.Notifications;
using MovieSync.Configuration;
using static MovieSync.Messages.NotificationQueries;

namespace MovieSync.Host.Web;

/// <summary>
/// <c>GET /api/notifications</c>: each notification channel's outbox: notifications waiting, delivered since start, the
/// last delivery, the last error, and whether it keeps refusing. Never a secret (channels are named by where they send).
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

    public static async Task<IReadOnlyList<ChannelView>> ChannelsAsync(ActorSystem system, MovieSyncOptions options, CancellationToken ct)
    {
        var views = new List<ChannelView>();
        foreach (var channel in options.Notifications)
        {
            var outbox = system.ActorSelection($"/user/{OutboxSettings.PersistenceIdOf(channel.Key)}");
            try
            {
                var status = await outbox.Ask<ChannelStatus>(GetChannelStatus.Instance, AskTimeout, ct);
                views.Add(new ChannelView(channel.Index, channel.TypeName, channel.Name, channel.Events, status.Waiting, status.Delivered,
                    status.LastDeliveredAt, status.LastError, status.Refusing, Answered: true));
            }
            catch (AskTimeoutException)
            {
                views.Add(new ChannelView(channel.Index, channel.TypeName, channel.Name, channel.Events, 0, 0, null,
                    "its outbox does not answer (starting, or the journal is unavailable)", false, Answered: false));
            }
        }

        return views;
    }

    /// <summary>One channel as the API shows it.</summary>
    public sealed record ChannelView(int Index, string Type, string Name, IReadOnlyList<string> Events, int Waiting, int Delivered,
        DateTimeOffset? LastDeliveredAt, string? LastError, bool Refusing, bool Answered);
}
