using System.Security.Cryptography;
using System.Text;

namespace MovieSync.Messages;

/// <summary>What a notification is about; a channel's <c>events</c> picks which it is sent.</summary>
public enum NotificationKind
{
    /// <summary>A torrent for a movie went into qBittorrent.</summary>
    Grabbed,

    /// <summary>A movie's download finished.</summary>
    Completed,

    /// <summary>A movie used up its retries.</summary>
    PermanentFailure,

    /// <summary>Something needs the owner (FileList credentials rejected, a channel refusing notifications, ...).</summary>
    Attention,
}

/// <summary>The movie a notification is about, as the webhook body's <c>movie</c> shows it.</summary>
public sealed record NotifiedMovie(MovieId Id, string Title, int? Year);

/// <summary>
/// One notification, as every channel sends it. <paramref name="DeliveryId"/> is stable: a repeat after a crash carries the
/// same one, so a receiver can drop it.
/// </summary>
public sealed record Notification(string DeliveryId, NotificationKind Kind, DateTimeOffset At, string Message, NotifiedMovie? Movie)
{
    /// <summary>The channel this one is not sent to (an attention about that channel refusing notifications).</summary>
    public string? NotTo { get; init; }

    /// <summary>The contract's name of the kind: <c>grabbed</c>, <c>completed</c>, <c>permanent_failure</c>, <c>attention</c>.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string Event => KindName(Kind);

    public static string KindName(NotificationKind kind) => kind switch
    {
        NotificationKind.Grabbed => "grabbed",
        NotificationKind.Completed => "completed",
        NotificationKind.PermanentFailure => "permanent_failure",
        _ => "attention",
    };

    /// <summary>
    /// A delivery id that the same journal event always gets (a UUID-shaped hash of where it came from), so deriving it
    /// again after a crash gives the same id.
    /// </summary>
    public static string DeliveryIdFor(string source)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(source));
        return new Guid(hash.AsSpan(0, 16)).ToString();
    }
}

/// <summary>Events of the notifier (<c>notifier</c>) and of each channel's outbox (<c>notify-&lt;channel&gt;</c>).</summary>
public interface INotificationEvent : IPersistedMessage;

public static class NotificationEvents
{
    /// <summary>The notifier's first start: journal events up to <paramref name="Offset"/> are history, never notified.</summary>
    public sealed record NotifierStarted(long Offset, DateTimeOffset At) : INotificationEvent;

    /// <summary>
    /// A notification the notifier derived from the journal event at <paramref name="Offset"/> (null: from something not
    /// journaled, such as an account's status): journaled before any channel sends it.
    /// </summary>
    public sealed record NotificationRaised(Notification Notification, long? Offset) : INotificationEvent
    {
        /// <summary>What an attention is about (<c>filelist:user</c>), so that it is raised once until it clears.</summary>
        public string? Subject { get; init; }
    }

    /// <summary>The condition behind an attention (<paramref name="Subject"/>) is over: it may be raised again.</summary>
    public sealed record AttentionCleared(string Subject, DateTimeOffset At) : INotificationEvent;

    /// <summary>
    /// A channel's outbox started for the first time: the notifier's events up to <paramref name="NotifierSequenceNr"/> were
    /// raised before the channel existed and are not sent to it.
    /// </summary>
    public sealed record OutboxOpened(long NotifierSequenceNr, DateTimeOffset At) : INotificationEvent;

    /// <summary>A channel's outbox took the notifier's event number <paramref name="NotifierSequenceNr"/> to send.</summary>
    public sealed record NotificationQueued(Notification Notification, long NotifierSequenceNr) : INotificationEvent;

    /// <summary>The channel accepted the notification, after <paramref name="Attempts"/> tries.</summary>
    public sealed record NotificationDelivered(string DeliveryId, int Attempts, DateTimeOffset At) : INotificationEvent;

    /// <summary>The channel kept refusing the notification (4xx other than 429): it is not tried again.</summary>
    public sealed record NotificationGivenUp(string DeliveryId, string Reason, DateTimeOffset At) : INotificationEvent;

    /// <summary>The channel keeps refusing notifications; reported once (as an attention on the other channels) until one is accepted.</summary>
    public sealed record ChannelRefusing(string Channel, string Reason, DateTimeOffset At) : INotificationEvent;
}

public static class NotificationQueries
{
    /// <summary>Asks an outbox how its channel is doing. Answered <see cref="ChannelStatus"/>.</summary>
    public sealed record GetChannelStatus : IProtocolMessage
    {
        public static GetChannelStatus Instance { get; } = new();
    }

    /// <summary>
    /// One channel: notifications waiting, the last one it accepted, and the last error (null once it accepts again);
    /// <paramref name="Refusing"/> while it keeps refusing.
    /// </summary>
    public sealed record ChannelStatus(
        string Channel,
        int Waiting,
        int Delivered,
        DateTimeOffset? LastDeliveredAt,
        string? LastError,
        bool Refusing) : IProtocolMessage
    {
        /// <summary>When the last error happened (null with no error).</summary>
        public DateTimeOffset? LastErrorAt { get; init; }

        /// <summary>Tries the channel did not accept since the outbox started (retried or refused; not journaled).</summary>
        public int FailedTries { get; init; }

        /// <summary>Notifications given up (refused too often), over the outbox's whole journal.</summary>
        public int GivenUp { get; init; }

        /// <summary>The last deliveries and give-ups, newest first, at most <see cref="RecentDelivery.Kept"/>; rebuilt from the journal.</summary>
        public IReadOnlyList<RecentDelivery> Recent { get; init; } = [];
    }

    /// <summary>
    /// A notification that left the outbox at <paramref name="At"/>: delivered (after <paramref name="Attempts"/> tries) or
    /// given up (<paramref name="GivenUp"/>, with <paramref name="Reason"/>; its tries are not journaled), with its headline
    /// (<c>Grabbed The Matrix (1999)</c>).
    /// </summary>
    public sealed record RecentDelivery(string DeliveryId, NotificationKind Kind, string Headline, DateTimeOffset RaisedAt, DateTimeOffset At,
        int? Attempts, bool GivenUp, string? Reason)
    {
        /// <summary>How many an outbox keeps for its status.</summary>
        public const int Kept = 5;
    }
}
