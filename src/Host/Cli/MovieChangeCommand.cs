using System.CommandLine;
using MovieSync.Host.Home;
using MovieSync.Messages;

namespace MovieSync.Host.Cli;

/// <summary>
/// What the commands that change one movie (`retry`, `forget`, `grab`, `skip`, `priority`) share: the ID argument, the one
/// writer, and how a reply becomes an exit status.
/// </summary>
public static class MovieChangeCommand
{
    /// <summary>The reason a command run without a host records (with a host, the API records its own).</summary>
    public const string AskedReason = "asked on the command line";

    /// <param name="throughHost">The change through the running host's API.</param>
    /// <param name="command">The coordinator command when no host runs, and how to read its reply.</param>
    public static Command Create(string name, string description,
        Func<HostApiClient, MovieId, Task<ChangeReply>> throughHost,
        Func<OfflineCoordinator, MovieId, Task<ChangeReply>> command) =>
        Create(name, description, [], _ => (throughHost, command));

    /// <summary>A change that takes more arguments after the ID: <paramref name="bind"/> reads them (a bad one is a usage error).</summary>
    public static Command Create(string name, string description, IReadOnlyList<Argument> more,
        Func<ParseResult, (Func<HostApiClient, MovieId, Task<ChangeReply>> ThroughHost, Func<OfflineCoordinator, MovieId, Task<ChangeReply>> Command)> bind)
    {
        var id = new Argument<string>("ID") { Description = "IMDb id (tt0133093) or Letterboxd film slug (the-matrix)" };
        var change = new Command(name, description) { id };
        foreach (var argument in more)
            change.Arguments.Add(argument);
        change.SetAction((parsed, _) => StateChange.ExitCodeOf(async () =>
        {
            if (!MovieId.TryParse(parsed.GetValue(id), out var movieId, out var error))
                throw new UsageException($"ID: {error}");
            var (throughHost, command) = bind(parsed);
            var home = MovieSyncCommandLine.OpenHome(parsed);
            var reply = await StateChange.ApplyAsync(home,
                api => throughHost(api, movieId),
                async () =>
                {
                    if (!home.HasJournal)
                        return new ChangeReply(false, $"{movieId} is not a tracked movie", NotFound: true);
                    await using var coordinator = OfflineCoordinator.Start(home);
                    return await command(coordinator, movieId);
                });

            if (reply.NotFound || reply.Message.Contains("is not a tracked movie", StringComparison.Ordinal))
                throw new UsageException($"ID '{movieId}': {reply.Message} (see `moviesync list`)");
            if (!reply.Accepted)
                throw new OperationFailedException(reply.Message);
            Console.WriteLine(reply.Message);
            return ExitCodes.Success;
        }));
        return change;
    }
}
