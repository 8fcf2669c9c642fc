using System.Collections.Immutable;
using MovieSync.Actors.Journal;
using MovieSync.Messages;

namespace MovieSync.Host.Journal;

/// <summary>
/// Every movie's current state folded from the journal's events in journal order: the movies' own events, plus what
/// the coordinator records that a movie's journal does not show yet. Shared by the CLI's reader and the API's board.
/// </summary>
public sealed record MovieStates(ImmutableDictionary<MovieId, MovieState> All, ImmutableHashSet<MovieId> CleanedUp)
{
    public static MovieStates Empty { get; } = new(ImmutableDictionary<MovieId, MovieState>.Empty, []);

    /// <summary>The tracked movies as `list` shows them (forgotten and cleaned-up ones excluded), by id.</summary>
    public IReadOnlyList<MovieState> Tracked => All.Values
        .Where(m => m.Status != MovieStatus.Forgotten && !CleanedUp.Contains(m.MovieId))
        .OrderBy(m => m.MovieId.Value, StringComparer.Ordinal)
        .ToList();

    /// <summary>How many tracked movies are in each state.</summary>
    public MovieCounts Counts => MovieCounts.Of(Tracked.Select(m => m.Status));

    /// <summary>
    /// The journals (by persistence id) holding an event this version cannot read, with the first such event's error:
    /// their actors cannot recover, everything else carries on.
    /// </summary>
    public ImmutableSortedDictionary<string, string> Unreadable { get; init; } = ImmutableSortedDictionary<string, string>.Empty.WithComparers(StringComparer.Ordinal);

    /// <summary>Folds one event of the journal, knowing whose it is.</summary>
    public MovieStates Apply(string persistenceId, object? persisted) => persisted is UnreadableEvent unreadable
        ? Unreadable.ContainsKey(persistenceId) ? this : this with { Unreadable = Unreadable.Add(persistenceId, $"{unreadable.Manifest}: {unreadable.Error}") }
        : Apply(persisted);

    public MovieStates Apply(object? persisted) => persisted switch
    {
        IMovieEvent e => this with { All = All.SetItem(e.MovieId, All.GetValueOrDefault(e.MovieId, MovieState.Empty(e.MovieId)).Apply(e)) },
        // Tracked, its own journal still empty (or the host stopped in between): pending until its actor records that it
        // is queued. Tracked again after a cleanup: listed again.
        CoordinatorEvents.MovieTracked tracked => this with
        {
            All = All.ContainsKey(tracked.MovieId)
                ? All
                : All.SetItem(tracked.MovieId, MovieState.Empty(tracked.MovieId) with
                {
                    Title = tracked.Title, Year = tracked.Year, UpdatedAt = tracked.At,
                }),
            CleanedUp = CleanedUp.Remove(tracked.MovieId),
        },
        // An accepted retry or grab of a settled or parked movie: pending now; its actor records the retry (or grab) as it
        // starts. A grab keeps the retry count, as its actor's GrabRequested does.
        CoordinatorEvents.MovieReopened reopened when All.TryGetValue(reopened.MovieId, out var movie) => this with
        {
            All = All.SetItem(reopened.MovieId, reopened.GrabReason is null
                ? movie with { Status = MovieStatus.Pending, Failures = 0, NextRetryAt = null, UpdatedAt = reopened.At }
                : movie with { Status = MovieStatus.Pending, GrabNow = true, NextRetryAt = null, UpdatedAt = reopened.At }),
        },
        CoordinatorEvents.MovieCleanedUp cleaned => this with { CleanedUp = CleanedUp.Add(cleaned.MovieId) },
        _ => this,
    };
}
