using System.Collections.Immutable;

namespace MovieSync.Messages;

/// <summary>The coordinator's persisted events (<c>coordinator</c>): which movies exist and which need no actor.</summary>
public interface ICoordinatorEvent : IPersistedMessage, IWithMovieId
{
    DateTimeOffset At { get; }
}

public static class CoordinatorEvents
{
    /// <summary>A movie joined the set; its own journal holds its lifecycle.</summary>
    public sealed record MovieTracked(MovieId MovieId, string Title, int? Year, DateTimeOffset At) : ICoordinatorEvent;

    /// <summary>The movie reached a state that needs no actor (completed, permanent failure, forgotten).</summary>
    public sealed record MovieSettled(MovieId MovieId, MovieStatus Status, DateTimeOffset At) : ICoordinatorEvent;

    /// <summary>A settled (or parked) movie was asked to run again; its actor applies the request when it starts.</summary>
    public sealed record MovieReopened(MovieId MovieId, DateTimeOffset At) : ICoordinatorEvent
    {
        /// <summary>
        /// Reopened by `grab` (the actor records <see cref="MovieEvents.GrabRequested"/>, the retry count carrying on)
        /// rather than `retry` (a fresh count). Absent before issue 12: a retry.
        /// </summary>
        public string? GrabReason { get; init; }
    }

    /// <summary>
    /// The movie failed and waits until <paramref name="WakeAt"/> for its next attempt: it needs no actor until then, so
    /// a restart does not start one (its own journal still holds the failure and the retry time).
    /// </summary>
    public sealed record MovieParked(MovieId MovieId, DateTimeOffset WakeAt, DateTimeOffset At) : ICoordinatorEvent;

    /// <summary>
    /// `cleanup` dropped a completed movie from the live state; its own journal (its history) stays. It is tracked
    /// again only if it is queued again.
    /// </summary>
    public sealed record MovieCleanedUp(MovieId MovieId, DateTimeOffset At) : ICoordinatorEvent;
}

/// <summary>What the coordinator knows of one movie.</summary>
/// <param name="ParkedUntil">Set while a failed movie waits for its retry without an actor.</param>
/// <param name="SettledAt">When it settled (for a completed movie: when it completed); null in snapshots before 1.1.</param>
/// <param name="GrabReason">Set when it was last reopened by `grab`, with who asked.</param>
public sealed record TrackedMovie(string Title, int? Year, MovieStatus? SettledAs, DateTimeOffset? ReopenedAt,
    DateTimeOffset? ParkedUntil = null, DateTimeOffset? SettledAt = null, string? GrabReason = null)
{
    public bool IsActive => SettledAs is null;

    public bool IsParkedAt(DateTimeOffset now) => IsActive && ParkedUntil > now;
}

/// <summary>The set of tracked movies, derived from coordinator events; also its snapshot.</summary>
public sealed record CoordinatorState(ImmutableDictionary<MovieId, TrackedMovie> Movies) : IPersistedMessage
{
    public static CoordinatorState Empty { get; } = new(ImmutableDictionary<MovieId, TrackedMovie>.Empty);

    public IEnumerable<MovieId> ActiveMovies => Movies.Where(m => m.Value.IsActive).Select(m => m.Key);

    /// <summary>Completed movies that settled before <paramref name="olderThan"/>; an unknown time (pre-1.1 snapshot) counts as old.</summary>
    public IReadOnlyList<MovieId> CompletedBefore(DateTimeOffset olderThan) => Movies
        .Where(m => m.Value.SettledAs == MovieStatus.Completed && (m.Value.SettledAt ?? DateTimeOffset.MinValue) < olderThan)
        .Select(m => m.Key)
        .OrderBy(id => id.Value, StringComparer.Ordinal)
        .ToList();

    public CoordinatorState Apply(ICoordinatorEvent e) => e switch
    {
        CoordinatorEvents.MovieTracked t => new(Movies.SetItem(t.MovieId, new TrackedMovie(t.Title, t.Year, null, null))),
        CoordinatorEvents.MovieSettled s when Movies.TryGetValue(s.MovieId, out var m) =>
            new(Movies.SetItem(s.MovieId, m with { SettledAs = s.Status, ParkedUntil = null, SettledAt = s.At })),
        CoordinatorEvents.MovieReopened r when Movies.TryGetValue(r.MovieId, out var m) =>
            new(Movies.SetItem(r.MovieId, m with { SettledAs = null, ReopenedAt = r.At, ParkedUntil = null, GrabReason = r.GrabReason })),
        CoordinatorEvents.MovieParked p when Movies.TryGetValue(p.MovieId, out var m) =>
            new(Movies.SetItem(p.MovieId, m with { ParkedUntil = p.WakeAt })),
        CoordinatorEvents.MovieCleanedUp c => new(Movies.Remove(c.MovieId)),
        _ => this,
    };
}
