using System.CommandLine;
using MovieSync.Messages;

namespace MovieSync.Host.Cli;

/// <summary>`forget ID`: stop tracking a movie; it is grabbed again only if it reappears on the watchlist.</summary>
public static class ForgetCommand
{
    public const string Reason = "forgotten with `moviesync forget`";

    public static Command Create() => MovieChangeCommand.Create("forget",
        "Stop tracking a movie (it is grabbed again only if it reappears on the watchlist)",
        (api, id) => api.ForgetAsync(id, CancellationToken.None),
        async (coordinator, id) =>
        {
            var result = await coordinator.AskAsync<MovieCommands.ForgetMovieResult>(new MovieCommands.ForgetMovie(id, Reason), id);
            return new ChangeReply(result.Accepted, result.Message);
        });
}
