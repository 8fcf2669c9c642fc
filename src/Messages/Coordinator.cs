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

    /// <summary>A settled movie was asked to run again; its actor applies the request when it starts.</summary>
    public sealed record MovieReopened(MovieId MovieId, DateTimeOffset At) : ICoordinatorEvent;
}

/// <summary>What the coordinator knows of one movie.</summary>
public sealed record TrackedMovie(string Title, int? Year, MovieStatus? SettledAs, DateTimeOffset? ReopenedAt)
{
    public bool IsActive => SettledAs is null;
}

/// <summary>The set of tracked movies, derived from coordinator events; also its snapshot.</summary>
public sealed record CoordinatorState(ImmutableDictionary<MovieId, TrackedMovie> Movies) : IPersistedMessage
{
    public static CoordinatorState Empty { get; } = new(ImmutableDictionary<MovieId, TrackedMovie>.Empty);

    public IEnumerable<MovieId> ActiveMovies => Movies.Where(m => m.Value.IsActive).Select(m => m.Key);

    public CoordinatorState Apply(ICoordinatorEvent e) => e switch
    {
        CoordinatorEvents.MovieTracked t => new(Movies.SetItem(t.MovieId, new TrackedMovie(t.Title, t.Year, null, null))),
        CoordinatorEvents.MovieSettled s when Movies.TryGetValue(s.MovieId, out var m) =>
            new(Movies.SetItem(s.MovieId, m with { SettledAs = s.Status })),
        CoordinatorEvents.MovieReopened r when Movies.TryGetValue(r.MovieId, out var m) =>
            new(Movies.SetItem(r.MovieId, m with { SettledAs = null, ReopenedAt = r.At })),
        _ => this,
    };
}
