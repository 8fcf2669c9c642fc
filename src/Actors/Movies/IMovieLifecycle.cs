using Akka.Actor;
using MovieSync.Messages;

namespace MovieSync.Actors.Movies;

/// <summary>
/// What the parts of a <see cref="MovieActor"/> (<see cref="MovieAttempts"/>, <see cref="DownloadFollowing"/>,
/// <see cref="MovieControl"/>, <see cref="WatchlistRemoval"/>) share: the movie's journaled state, the one piece of
/// outside work that may be under way, and how a change is journaled. Only the actor implements it.
/// </summary>
internal interface IMovieLifecycle
{
    MovieState State { get; }

    /// <summary>The actor system's clock (a spec's scheduler moves it).</summary>
    DateTimeOffset Now { get; }

    /// <summary>
    /// Outside work is under way (an attempt, a progress check, a removal from qBittorrent): one at a time, its piped
    /// result ends it.
    /// </summary>
    bool Busy { get; set; }

    ITimerScheduler Timers { get; }

    /// <summary>Persists, applies, snapshots on the cadence, reports to the coordinator, then carries on from the new state.</summary>
    void Record(IMovieEvent e);

    /// <summary>Persists and applies the event, then runs <paramref name="then"/>: nothing else (no snapshot, no resume).</summary>
    void Journal<TEvent>(TEvent e, Action<TEvent> then) where TEvent : IMovieEvent;

    /// <summary>Saves a snapshot when the last persisted event falls on the snapshot cadence.</summary>
    void SnapshotOnCadence();

    /// <summary>Sets the timers the state asks for, then reports the state to the coordinator.</summary>
    void Resume();

    /// <summary>Records a failed attempt: a retry at the policy's time, or a permanent failure.</summary>
    void Fail(string reason, RejectedTorrent? rejected = null);

    /// <summary>Tells <paramref name="message"/> after <paramref name="delay"/> under <paramref name="key"/>; at once when it is due.</summary>
    void Schedule(string key, object message, TimeSpan delay);
}
