using MovieSync.Host.Home;

namespace MovieSync.Host.Cli;

/// <summary>
/// Sends a state change to the one writer of the journal: the running host's API when `run` runs in the home, else a
/// coordinator started here while this process holds run.lock (so a `run` cannot start in between).
/// </summary>
public static class StateChange
{
    public static async Task<T> ApplyAsync<T>(
        HomeLayout home,
        Func<HostApiClient, Task<T>> throughHost,
        Func<Task<T>> here)
    {
        var running = RunLock.FindRunningHost(home.Path);
        if (running is null)
        {
            if (TryLock(home) is { } runLock)
            {
                using (runLock)
                {
                    home.CheckJournal();
                    using var writerLock = TakeJournal(home);
                    return await here();
                }
            }

            running = RunLock.FindRunningHost(home.Path) ?? new RunningHost(0, null); // it started just now
        }

        if (running.ApiUrl is null)
            throw new OperationFailedException(
                $"`moviesync run` (pid {(running.Pid > 0 ? running.Pid.ToString() : "unknown")}) is using {home.Path}, " +
                "but the running host has no API address yet; try again");
        var options = home.LoadOptions();
        using var api = new HostApiClient(running.ApiUrl, options.Dashboard);
        return await throughHost(api);
    }

    /// <summary>Runs a command's action; a failed operation is one line on stderr and exit 1.</summary>
    public static async Task<int> ExitCodeOf(Func<Task<int>> action)
    {
        try
        {
            return await action();
        }
        catch (OperationFailedException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.Failed;
        }
    }

    /// <summary>
    /// The journal for this change alone: a coordinator on another machine writing the same PostgreSQL journal is the
    /// one to ask (through its host), since run.lock cannot see it.
    /// </summary>
    private static JournalWriterLock TakeJournal(HomeLayout home)
    {
        var journal = home.Journal;
        try
        {
            return JournalWriterLock.Acquire(journal, "command");
        }
        catch (JournalHeldException e)
        {
            throw new OperationFailedException($"{e.Message}: nothing was changed; run the command where that MovieSync runs");
        }
        catch (Npgsql.NpgsqlException e)
        {
            throw home.Unreachable(journal, e);
        }
    }

    private static RunLock? TryLock(HomeLayout home)
    {
        try
        {
            return RunLock.Acquire(home.Path);
        }
        catch (UsageException)
        {
            return null;
        }
    }
}
