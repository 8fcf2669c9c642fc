using static MovieSync.Messages.CoordinatorEvents;
using static MovieSync.Messages.MovieCommands;

namespace MovieSync.Messages;

/// <summary>What the coordinator does with its movie's actor once a decision's events are persisted.</summary>
public enum MovieActorStep
{
    /// <summary>Nothing: the command changes nothing, or was refused.</summary>
    None,

    /// <summary>Start the movie's actor (if it has none) and cancel its wake-up: it has work now.</summary>
    Start,

    /// <summary>Hand the command to the movie's actor, started first if it is parked: the movie decides itself.</summary>
    Forward,

    /// <summary>As <see cref="Forward"/>, starting the actor even for a settled movie (to change that).</summary>
    ForwardEvenIfSettled,

    /// <summary>The movie needs no actor any more: stop it.</summary>
    Stop,

    /// <summary>The movie waits for a far retry: stop its actor and wake it at the parked time.</summary>
    Park,
}

/// <summary>
/// The coordinator's answer to a command or a movie's report, decided from its state alone: the events to persist
/// (in order), the reply once they are persisted (null: none), and what happens to the movie's actor.
/// </summary>
public sealed record CoordinatorDecision(IReadOnlyList<ICoordinatorEvent> Events, object? Reply, MovieActorStep Step)
{
    public static CoordinatorDecision Nothing { get; } = new([], null, MovieActorStep.None);

    public static CoordinatorDecision Answer(object reply) => new([], reply, MovieActorStep.None);
}

public static class CoordinatorDecisions
{
    /// <summary>Decides a command for the set of movies (<see cref="MovieCommands"/>).</summary>
    public static CoordinatorDecision Decide(this CoordinatorState state, object command, DateTimeOffset now) => command switch
    {
        // Always answered, so the watchlist can tell it again until it knows the movie is tracked.
        QueueMovie queue => state.Movies.TryGetValue(queue.MovieId, out var known)
            ? known.SettledAs == MovieStatus.Forgotten
                // Forgotten, then back on the watchlist: tracked again with a fresh retry count.
                ? new CoordinatorDecision([new MovieReopened(queue.MovieId, now)], new QueueMovieResult(queue.MovieId), MovieActorStep.Start)
                : CoordinatorDecision.Answer(new QueueMovieResult(queue.MovieId))
            : new CoordinatorDecision([new MovieTracked(queue.MovieId, queue.Title, queue.Year, now)], new QueueMovieResult(queue.MovieId),
                MovieActorStep.Start),
        RetryMovie retry => state.DecideRetry(retry, now),
        ForgetMovie forget => state.DecideForget(forget),
        CleanupCompleted cleanup => state.CompletedBefore(cleanup.OlderThan) is var old && old.Count > 0
            ? new CoordinatorDecision(old.Select(id => (ICoordinatorEvent)new MovieCleanedUp(id, now)).ToList(),
                new CleanupCompletedResult(old), MovieActorStep.None)
            : CoordinatorDecision.Answer(new CleanupCompletedResult([])),
        _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "not a coordinator command"),
    };

    /// <summary>
    /// Decides what a movie's report of its state means for the set: a settled movie's actor stops (its settling is
    /// recorded once); a failed one waiting longer than <paramref name="parkAfter"/> is parked. An actor that
    /// <paramref name="justStarted"/> (to handle a command) is not parked before it reports a change of its own.
    /// Null: the report is stale (an unknown movie, or a late word from an actor being stopped) and is ignored.
    /// </summary>
    public static CoordinatorDecision? DecideOnReport(this CoordinatorState state, MovieState reported, DateTimeOffset now,
        TimeSpan parkAfter, bool justStarted)
    {
        var id = reported.MovieId;
        if (!state.Movies.TryGetValue(id, out var movie) || (!movie.IsActive && reported.Status != MovieStatus.Forgotten))
            return null;
        if (reported.IsSettled)
            return movie.SettledAs == reported.Status
                ? new CoordinatorDecision([], null, MovieActorStep.Stop)
                : new CoordinatorDecision([new MovieSettled(id, reported.Status, now)], null, MovieActorStep.Stop);
        if (!justStarted && reported is { Status: MovieStatus.Failed, NextRetryAt: { } wakeAt } && wakeAt - now > parkAfter)
            return new CoordinatorDecision([new MovieParked(id, wakeAt, now)], null, MovieActorStep.Park);
        return CoordinatorDecision.Nothing;
    }

    private static CoordinatorDecision DecideRetry(this CoordinatorState state, RetryMovie retry, DateTimeOffset now)
    {
        if (!state.Movies.TryGetValue(retry.MovieId, out var movie))
            return CoordinatorDecision.Answer(new RetryMovieResult(retry.MovieId, false, $"{retry.MovieId} is not a tracked movie"));
        if (movie.IsActive && !movie.IsParkedAt(now))
            return new CoordinatorDecision([], null, MovieActorStep.Forward);
        if (!movie.IsActive && movie.SettledAs != MovieStatus.PermanentFailure)
            return CoordinatorDecision.Answer(new RetryMovieResult(retry.MovieId, false,
                $"{retry.MovieId} is {movie.SettledAs.ToString()!.ToLowerInvariant()}, not failed"));
        // Permanently failed, or parked until a later retry: its actor records the retry when it (re)starts.
        return new CoordinatorDecision([new MovieReopened(retry.MovieId, now)],
            new RetryMovieResult(retry.MovieId, true, $"{retry.MovieId} is pending again"), MovieActorStep.Start);
    }

    private static CoordinatorDecision DecideForget(this CoordinatorState state, ForgetMovie forget) =>
        !state.Movies.TryGetValue(forget.MovieId, out var movie)
            ? CoordinatorDecision.Answer(new ForgetMovieResult(forget.MovieId, false, $"{forget.MovieId} is not a tracked movie"))
            : movie.SettledAs switch
            {
                MovieStatus.Forgotten => CoordinatorDecision.Answer(new ForgetMovieResult(forget.MovieId, true, $"{forget.MovieId} was already forgotten")),
                MovieStatus.Completed => CoordinatorDecision.Answer(new ForgetMovieResult(forget.MovieId, false,
                    $"{forget.MovieId} is completed; it stays in the history (`cleanup` drops old completed movies)")),
                // Active or permanently failed: its own actor records that it is forgotten (or refuses, if downloading).
                _ => new CoordinatorDecision([], null, MovieActorStep.ForwardEvenIfSettled),
            };
}
