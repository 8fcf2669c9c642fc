using static MovieSync.Messages.MovieCommands;
using static MovieSync.Messages.MovieEvents;

namespace MovieSync.Messages;

/// <summary>A movie's answer to a command: the event to persist (null: nothing changes) and the reply once it is.</summary>
public sealed record MovieDecision(IMovieEvent? Event, object Reply);

public static class MovieDecisions
{
    /// <summary>Decides a person's command (`retry`, `forget`, `grab`, `skip`, `priority`) for one movie from its state alone.</summary>
    public static MovieDecision Decide(this MovieState state, IWithMovieId command, DateTimeOffset now) => command switch
    {
        RetryMovie retry => state.Status is MovieStatus.Failed or MovieStatus.PermanentFailure or MovieStatus.Skipped
            ? new MovieDecision(new RetryRequested(state.MovieId, now), new RetryMovieResult(retry.MovieId, true, $"{retry.MovieId} is pending again"))
            : new MovieDecision(null, new RetryMovieResult(retry.MovieId, false,
                $"{retry.MovieId} is {state.Status.ToString().ToLowerInvariant()}, not failed")),
        ForgetMovie forget => state.Status is MovieStatus.Downloading or MovieStatus.Completed
            ? new MovieDecision(null, new ForgetMovieResult(forget.MovieId, false,
                $"{forget.MovieId} is already in the download client; it is left alone"))
            : new MovieDecision(new MovieForgotten(state.MovieId, forget.Reason, now),
                new ForgetMovieResult(forget.MovieId, true, $"{forget.MovieId} is forgotten")),
        GrabMovie grab => state.Status switch
        {
            MovieStatus.Pending or MovieStatus.Failed or MovieStatus.PermanentFailure or MovieStatus.Skipped => new MovieDecision(
                new GrabRequested(state.MovieId, grab.Reason, now),
                Accepted(grab, state.Failures == 0
                    ? $"{grab.MovieId} is grabbed now, first in line"
                    : $"{grab.MovieId} is grabbed now, first in line (attempt {state.Failures + 1})")),
            _ => Refused(grab, $"{grab.MovieId} is {Name(state.Status)}; there is nothing to grab"),
        },
        SkipMovie skip => state.Status switch
        {
            MovieStatus.Skipped => new MovieDecision(null, Accepted(skip, $"{skip.MovieId} was already skipped")),
            MovieStatus.Pending or MovieStatus.Failed or MovieStatus.PermanentFailure => new MovieDecision(
                new MovieSkipped(state.MovieId, skip.Reason, now), Accepted(skip, $"{skip.MovieId} is skipped: it is not grabbed until `retry`")),
            MovieStatus.Downloading => Refused(skip, $"{skip.MovieId} is already in the download client; it is left alone"),
            _ => Refused(skip, $"{skip.MovieId} is {Name(state.Status)}; there is nothing to skip"),
        },
        SetPriority priority => state.Status switch
        {
            MovieStatus.Completed or MovieStatus.Forgotten => Refused(priority,
                $"{priority.MovieId} is {Name(state.Status)}; a priority orders only movies still to grab"),
            _ when state.Priority == priority.Priority => new MovieDecision(null,
                Accepted(priority, $"{priority.MovieId} already has priority {Name(priority.Priority)}")),
            _ => new MovieDecision(new PriorityChanged(state.MovieId, priority.Priority, priority.Reason, now),
                Accepted(priority, $"{priority.MovieId} has priority {Name(priority.Priority)}")),
        },
        _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "not a movie command"),
    };

    private static MovieCommandResult Accepted(IWithMovieId command, string message) => new(command.MovieId, true, message);

    private static MovieDecision Refused(IWithMovieId command, string message) =>
        new(null, new MovieCommandResult(command.MovieId, false, message));

    private static string Name<T>(T value) where T : struct, Enum => value switch
    {
        MovieStatus.PermanentFailure => "permanently failed",
        _ => value.ToString().ToLowerInvariant(),
    };
}
