using MovieSync.Clients.Notifications;

namespace MovieSync.Actors.Notifications;

/// <summary>
/// One channel's outbox: its stable key (the outbox's persistence id is <c>notify-KEY</c>), its name for people, the
/// events it takes, how it sends, and its retry schedule: <see cref="FirstRetry"/> doubling up to <see cref="MaxRetry"/>;
/// a notification refused <see cref="RefusalsBeforeGivingUp"/> times in a row is given up.
/// </summary>
public sealed record OutboxSettings(string Key, string Name, IReadOnlyCollection<string> Events, INotificationSender Sender)
{
    public TimeSpan FirstRetry { get; init; } = TimeSpan.FromSeconds(5);

    public TimeSpan MaxRetry { get; init; } = TimeSpan.FromMinutes(30);

    public int RefusalsBeforeGivingUp { get; init; } = 3;

    /// <summary>
    /// On the outbox's very first start, notifications raised from then on are taken although the notifier journaled them
    /// before the outbox had read its journal once (the host's start); null: all raised so far went before the channel.
    /// </summary>
    public DateTimeOffset? NotifyFrom { get; init; }

    public string PersistenceId => PersistenceIdOf(Key);

    /// <summary>The outbox of channel <paramref name="key"/>: its persistence id, and its actor's name under /user.</summary>
    public static string PersistenceIdOf(string key) => "notify-" + key;

    /// <summary>The wait before retry number <paramref name="retry"/> (1, 2, ...), or the channel's own wish, within the cap.</summary>
    public TimeSpan RetryDelay(int retry, TimeSpan? wish)
    {
        if (wish is { } asked && asked > TimeSpan.Zero)
            return asked < MaxRetry ? asked : MaxRetry;
        var ticks = FirstRetry.Ticks * Math.Pow(2, Math.Min(retry - 1, 30));
        return ticks >= MaxRetry.Ticks ? MaxRetry : TimeSpan.FromTicks((long)ticks);
    }
}
