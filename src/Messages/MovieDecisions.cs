using static MovieSync.Messages.MovieCommands;
using static MovieSync.Messages.MovieEvents;

namespace MovieSync.Messages;

/// <summary>A movie's answer to a command: the event to persist (null: nothing changes) and the reply once it is.</summary>
public sealed record MovieDecision(IMovieEvent? Event, object Reply);

public static class MovieDecisions
{
    /// <summary>Decides a person's command (`retry`, `forget`) for one movie from its state alone.</summary>
    public static MovieDecision Decide(this MovieState state, IWithMovieId command, DateTimeOffset now) => command switch
    {
        RetryMovie retry => state.Status is MovieStatus.Failed or MovieStatus.PermanentFailure
            ? new MovieDecision(new RetryRequested(state.MovieId, now), new RetryMovieResult(retry.MovieId, true, $"{retry.MovieId} is pending again"))
            : new MovieDecision(null, new RetryMovieResult(retry.MovieId, false,
                $"{retry.MovieId} is {state.Status.ToString().ToLowerInvariant()}, not failed")),
        ForgetMovie forget => state.Status is MovieStatus.Downloading or MovieStatus.Completed
            ? new MovieDecision(null, new ForgetMovieResult(forget.MovieId, false,
                $"{forget.MovieId} is already in the download client; it is left alone"))
            : new MovieDecision(new MovieForgotten(state.MovieId, forget.Reason, now),
                new ForgetMovieResult(forget.MovieId, true, $"{forget.MovieId} is forgotten")),
        _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "not a movie command"),
    };
}
