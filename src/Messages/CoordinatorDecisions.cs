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
        GrabMovie grab => state.DecideGrab(grab, now),
        SkipMovie or SetPriority => state.DecideForMovie(command),
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
    /// A settled movie that reports another settled state (a permanent failure skipped or forgotten) is settled as that.
    /// </summary>
    public static CoordinatorDecision? DecideOnReport(this CoordinatorState state, MovieState reported, DateTimeOffset now,
        TimeSpan parkAfter, bool justStarted)
    {
        var id = reported.MovieId;
        // A settled movie's actor runs only to handle a command (forget, skip, priority): it reports a settled state, and
        // stops. Anything else from it is a late word from before it settled.
        if (!state.Movies.TryGetValue(id, out var movie) || (!movie.IsActive && !reported.IsSettled))
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
        if (!movie.IsActive && movie.SettledAs is not (MovieStatus.PermanentFailure or MovieStatus.Skipped))
            return CoordinatorDecision.Answer(new RetryMovieResult(retry.MovieId, false,
                $"{retry.MovieId} is {movie.SettledAs.ToString()!.ToLowerInvariant()}, not failed"));
        // Permanently failed, skipped, or parked until a later retry: its actor records the retry when it (re)starts.
        return new CoordinatorDecision([new MovieReopened(retry.MovieId, now)],
            new RetryMovieResult(retry.MovieId, true, $"{retry.MovieId} is pending again"), MovieActorStep.Start);
    }

    /// <summary>
    /// `grab`: a running movie decides itself; a permanently failed, skipped or parked one is reopened to be grabbed (its
    /// actor records that when it starts, so a crash in between loses nothing).
    /// </summary>
    private static CoordinatorDecision DecideGrab(this CoordinatorState state, GrabMovie grab, DateTimeOffset now)
    {
        if (!state.Movies.TryGetValue(grab.MovieId, out var movie))
            return NotTracked(grab.MovieId);
        if (movie.IsActive && !movie.IsParkedAt(now))
            return new CoordinatorDecision([], null, MovieActorStep.Forward);
        if (!movie.IsActive && movie.SettledAs is not (MovieStatus.PermanentFailure or MovieStatus.Skipped))
            return CoordinatorDecision.Answer(new MovieCommandResult(grab.MovieId, false,
                $"{grab.MovieId} is {movie.SettledAs.ToString()!.ToLowerInvariant()}; there is nothing to grab"));
        return new CoordinatorDecision([new MovieReopened(grab.MovieId, now) { GrabReason = grab.Reason }],
            new MovieCommandResult(grab.MovieId, true, $"{grab.MovieId} is grabbed now, first in line"), MovieActorStep.Start);
    }

    /// <summary>`skip` and `priority`: the movie's own actor decides and records it, also for a settled movie (to change that).</summary>
    private static CoordinatorDecision DecideForMovie(this CoordinatorState state, object command)
    {
        var id = ((IWithMovieId)command).MovieId;
        if (!state.Movies.TryGetValue(id, out var movie))
            return NotTracked(id);
        return movie.SettledAs switch
        {
            MovieStatus.Completed or MovieStatus.Forgotten => CoordinatorDecision.Answer(new MovieCommandResult(id, false,
                $"{id} is {movie.SettledAs.ToString()!.ToLowerInvariant()}; it is not waiting to be grabbed")),
            MovieStatus.Skipped when command is SkipMovie =>
                CoordinatorDecision.Answer(new MovieCommandResult(id, true, $"{id} was already skipped")),
            _ => new CoordinatorDecision([], null, MovieActorStep.ForwardEvenIfSettled),
        };
    }

    private static CoordinatorDecision NotTracked(MovieId id) =>
        CoordinatorDecision.Answer(new MovieCommandResult(id, false, $"{id} is not a tracked movie"));

    private static CoordinatorDecision DecideForget(this CoordinatorState state, ForgetMovie forget) =>
        !state.Movies.TryGetValue(forget.MovieId, out var movie)
            ? CoordinatorDecision.Answer(new ForgetMovieResult(forget.MovieId, false, $"{forget.MovieId} is not a tracked movie"))
            : movie.SettledAs switch
            {
                MovieStatus.Forgotten => CoordinatorDecision.Answer(new ForgetMovieResult(forget.MovieId, true, $"{forget.MovieId} was already forgotten")),
                // Left the watchlist with on_removed remove_torrent / remove_files: its own actor removes and records that.
                MovieStatus.Completed when forget.RemovesFinished => new CoordinatorDecision([], null, MovieActorStep.ForwardEvenIfSettled),
                MovieStatus.Completed => CoordinatorDecision.Answer(new ForgetMovieResult(forget.MovieId, false,
                    $"{forget.MovieId} is completed; it stays in the history (`cleanup` drops old completed movies)")),
                // Active or permanently failed: its own actor records that it is forgotten (or refuses, if downloading).
                _ => new CoordinatorDecision([], null, MovieActorStep.ForwardEvenIfSettled),
            };
}
