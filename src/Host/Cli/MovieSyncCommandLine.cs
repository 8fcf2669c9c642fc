using System.CommandLine;
using MovieSync.Configuration;
using MovieSync.Host.Home;

namespace MovieSync.Host.Cli;

/// <summary>The `moviesync` command line: global options, the commands, and how failures become exit statuses.</summary>
public static class MovieSyncCommandLine
{
    public static readonly Option<string?> Home = new("--home")
    {
        Description = "The home folder (config.json, moviesync.db); default $MOVIESYNC_HOME, else ~/.movie_sync",
        Recursive = true,
    };

    public static RootCommand Build()
    {
        var root = new RootCommand("MovieSync: follows a Letterboxd watchlist and grabs every film on it through FileList and qBittorrent.");
        root.Options.Add(Home);
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(Demo.DemoCommand.Create());
        root.Subcommands.Add(StatusCommand.Create());
        root.Subcommands.Add(AccountsCommand.Create());
        root.Subcommands.Add(HistoryCommand.Create());
        root.Subcommands.Add(CheckConfigCommand.Create());
        root.Subcommands.Add(ListCommand.Create());
        root.Subcommands.Add(FailuresCommand.Create());
        root.Subcommands.Add(RetryCommand.Create());
        root.Subcommands.Add(ForgetCommand.Create());
        root.Subcommands.Add(ControlCommands.Grab());
        root.Subcommands.Add(ControlCommands.Skip());
        root.Subcommands.Add(ControlCommands.Priority());
        root.Subcommands.Add(CleanupCommand.Create());
        root.Subcommands.Add(EventsCommand.Create());
        root.Subcommands.Add(JournalCommand.Create());
        root.Subcommands.Add(NotifyCommand.Create());
        return root;
    }

    public static async Task<int> InvokeAsync(string[] args)
    {
        var parsed = Build().Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
                Console.Error.WriteLine($"error: {error.Message}");
            Console.Error.WriteLine("Run 'moviesync --help' for usage.");
            return ExitCodes.BadUsage;
        }

        try
        {
            // The generic host handles Ctrl+C and SIGTERM for `run`; System.CommandLine must not race it.
            return await parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null, EnableDefaultExceptionHandler = false });
        }
        catch (ConfigurationException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.BadUsage;
        }
        catch (UsageException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.BadUsage;
        }
        catch (OperationFailedException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.Failed;
        }
    }

    /// <summary>The home folder the command works in, created with owner-only permissions.</summary>
    public static HomeLayout OpenHome(ParseResult parsed)
    {
        var home = HomeFolder.Resolve(parsed.GetValue(Home), Environment.GetEnvironmentVariable);
        HomeFolder.Ensure(home);
        return new HomeLayout(home);
    }
}
