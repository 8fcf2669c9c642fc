using System.CommandLine;
using MovieSync.Host.Home;
using MovieSync.Host.Journal;
using MovieSync.Messages;

namespace MovieSync.Host.Cli;

/// <summary>`grab ID`, `skip ID` and `priority ID high|normal|low`: what is grabbed, and in which order.</summary>
public static class ControlCommands
{
    public static Command Grab() => MovieChangeCommand.Create("grab",
        "Attempt a movie now, first in the FileList line, ignoring its backoff (also a permanent failure; the retry count carries on)",
        (api, id) => api.GrabAsync(id, CancellationToken.None),
        (coordinator, id) => AskAsync(coordinator, new MovieCommands.GrabMovie(id, MovieChangeCommand.AskedReason), id));

    public static Command Skip() => MovieChangeCommand.Create("skip",
        "Never grab a movie (state skipped, kept while it is on the watchlist); `retry ID` brings it back",
        (api, id) => api.SkipAsync(id, CancellationToken.None),
        (coordinator, id) => AskAsync(coordinator, new MovieCommands.SkipMovie(id, MovieChangeCommand.AskedReason), id));

    public static Command Priority()
    {
        var value = new Argument<string>("PRIORITY") { Description = $"{Priorities.Accepted}: the order in which waiting movies get the FileList budget" };
        return MovieChangeCommand.Create("priority",
            "Set the order in which waiting movies get the FileList budget (ties: the order they were tracked)", [value], parsed =>
            {
                var text = parsed.GetValue(value);
                if (!Priorities.TryParse(text, out var priority))
                    throw new UsageException($"PRIORITY: expected {Priorities.Accepted}, got '{text}'");
                return ((api, id) => api.PriorityAsync(id, priority, CancellationToken.None),
                    (coordinator, id) => AskAsync(coordinator, new MovieCommands.SetPriority(id, priority, MovieChangeCommand.AskedReason), id));
            });
    }

    private static async Task<ChangeReply> AskAsync(OfflineCoordinator coordinator, object command, MovieId id)
    {
        var result = await coordinator.AskAsync<MovieCommands.MovieCommandResult>(command, id);
        return new ChangeReply(result.Accepted, result.Message);
    }
}
