using System.CommandLine;
using MovieSync.Messages;

namespace MovieSync.Host.Cli;

/// <summary>`retry ID`: a failed or permanently failed movie goes back to pending with a fresh retry count.</summary>
public static class RetryCommand
{
    public static Command Create() => MovieChangeCommand.Create("retry",
        "Put a failed or permanently failed movie back to pending with a fresh retry count",
        (api, id) => api.RetryAsync(id, CancellationToken.None),
        async (coordinator, id) =>
        {
            var result = await coordinator.AskAsync<MovieCommands.RetryMovieResult>(new MovieCommands.RetryMovie(id), id);
            return new ChangeReply(result.Accepted, result.Message);
        });
}
