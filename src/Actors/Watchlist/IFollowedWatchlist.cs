using MovieSync.Messages;

namespace MovieSync.Actors.Watchlist;

/// <summary>
/// What the parts of a <see cref="WatchlistActor"/> (<see cref="WatchlistAttentions"/>, <see cref="CoordinatorHandOver"/>,
/// <see cref="FilmLookups"/>) share: the watchlist's journaled state, the clock, how a change is journaled and how a check
/// ends. Only the actor implements it.
/// </summary>
internal interface IFollowedWatchlist
{
    WatchlistState State { get; }

    /// <summary>The actor system's clock (a spec's scheduler moves it).</summary>
    DateTimeOffset Now { get; }

    /// <summary>Persists and applies the event (a snapshot on the cadence).</summary>
    void Journal(IWatchlistEvent e);

    /// <summary>Persists and applies the events in order (a snapshot on the cadence).</summary>
    void JournalAll(IReadOnlyList<IWatchlistEvent> events);

    /// <summary>Persists and applies the event (a snapshot on the cadence), then runs <paramref name="then"/>.</summary>
    void Journal<TEvent>(TEvent e, Action<TEvent> then) where TEvent : IWatchlistEvent;

    /// <summary>Counts a failed read or lookup, says so, and ends the check with the backoff's delay.</summary>
    void ReportFailure(WatchlistFailure failure, string message);

    /// <summary>Ends the check under way; the next one starts after <paramref name="next"/>.</summary>
    void FinishCheck(TimeSpan next);
}
