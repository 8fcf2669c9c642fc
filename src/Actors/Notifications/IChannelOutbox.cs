using Akka.Actor;
using MovieSync.Messages;

namespace MovieSync.Actors.Notifications;

/// <summary>
/// What the parts of a <see cref="ChannelOutbox"/> (<see cref="OutboxFollowing"/>, <see cref="OutboxSending"/>) share with
/// it: its clock, its timers, how it journals and how it sends the next notification. Only the outbox implements it.
/// </summary>
internal interface IChannelOutbox
{
    /// <summary>The actor system's clock (a spec's scheduler moves it).</summary>
    DateTimeOffset Now { get; }

    ITimerScheduler Timers { get; }

    /// <summary>Persists the event, then runs <paramref name="then"/>.</summary>
    void Journal<TEvent>(TEvent e, Action<TEvent> then) where TEvent : INotificationEvent;

    /// <summary>Persists the events in order, running <paramref name="then"/> after each.</summary>
    void JournalAll(IReadOnlyList<INotificationEvent> events, Action<INotificationEvent> then);

    /// <summary>Sends the first waiting notification, unless one is on its way or a retry waits.</summary>
    void SendNext();
}
