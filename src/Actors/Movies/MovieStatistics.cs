using Akka.Actor;
using MovieSync.Messages;
using static MovieSync.Messages.MovieQueries;

namespace MovieSync.Actors.Movies;

/// <summary>
/// The coordinator's counts per state: settled movies from its own state, running ones as their actors last reported.
/// Questions wait until every movie started at recovery has reported in, so a count never shows a stale state.
/// </summary>
internal sealed class MovieStatistics
{
    private readonly Dictionary<MovieId, MovieStatus> _reported = new();
    private readonly HashSet<MovieId> _awaitingFirstReport = new();
    private readonly List<IActorRef> _waiting = new();
    private long _changes;

    /// <summary>A movie whose actor starts at recovery: counts wait for its first report.</summary>
    public void AwaitFirstReport(MovieId id) => _awaitingFirstReport.Add(id);

    /// <summary>
    /// The movie's actor stopped before its first report (its journal cannot be read, or not now): counts stop waiting
    /// for it and show it as the coordinator last recorded it, so one unreadable movie never holds up the rest.
    /// </summary>
    public void StoppedBeforeReport(MovieId id) => _awaitingFirstReport.Remove(id);

    /// <summary>Books a report; true when it was the movie's first since recovery (its recovered state, not a change).</summary>
    public bool Report(MovieId id)
    {
        var first = _awaitingFirstReport.Remove(id);
        if (!first)
            _changes++;
        return first;
    }

    /// <summary>The running movie's state as its actor reported it; null when it has no actor (settled or parked).</summary>
    public void Running(MovieId id, MovieStatus? status)
    {
        if (status is { } s)
            _reported[id] = s;
        else
            _reported.Remove(id);
    }

    public void Ask(IActorRef asker) => _waiting.Add(asker);

    /// <summary>Answers everyone who asked, once no recovered movie is still to report.</summary>
    public void AnswerWhenReady(CoordinatorState state)
    {
        if (_waiting.Count == 0 || _awaitingFirstReport.Count > 0)
            return;
        var result = new StatisticsResult(Count(state), _changes);
        foreach (var asker in _waiting)
            asker.Tell(result);
        _waiting.Clear();
    }

    private MovieCounts Count(CoordinatorState state) => MovieCounts.Of(state.Movies.Select(m => m.Value.SettledAs
        ?? (_reported.TryGetValue(m.Key, out var reported) ? reported
            : m.Value.ParkedUntil is null ? MovieStatus.Pending : MovieStatus.Failed)));
}
