using System.CommandLine;
using MovieSync.Host.Home;
using MovieSync.Messages;

namespace MovieSync.Host.Cli;

/// <summary>`cleanup --days N`: drops completed movies older than N days from the live state; their history stays.</summary>
public static class CleanupCommand
{
    public static Command Create()
    {
        var days = new Option<int>("--days")
        {
            Description = "Drop movies that completed more than this many days ago (0: every completed movie)",
            Required = true,
        };
        var command = new Command("cleanup", "Drop completed movies older than N days from the live state (history stays)") { days };
        command.SetAction((parsed, _) => StateChange.ExitCodeOf(async () =>
        {
            var age = parsed.GetValue(days);
            if (age is < 0 or > MovieCommands.CleanupCompleted.MaxDays)
                throw new UsageException($"--days must be from 0 to {MovieCommands.CleanupCompleted.MaxDays}, got {age}");
            var home = MovieSyncCommandLine.OpenHome(parsed);
            var removed = await StateChange.ApplyAsync(home,
                api => ThroughHostAsync(api, age),
                () => HereAsync(home, age));
            Console.WriteLine(removed == 1
                ? $"Removed 1 completed movie older than {age} days; its history stays (`moviesync history ID`)."
                : $"Removed {removed} completed movies older than {age} days; their history stays (`moviesync history ID`).");
            return ExitCodes.Success;
        }));
        return command;
    }

    private static async Task<int> ThroughHostAsync(HostApiClient api, int age)
    {
        var removed = 0;
        await Output.StepsAsync("Cleaning up", [
            ($"Asking the running host at {api.BaseAddress} to drop completed movies older than {age} days",
                async () => removed = await api.CleanupAsync(age, CancellationToken.None)),
        ]);
        return removed;
    }

    private static async Task<int> HereAsync(HomeLayout home, int age)
    {
        if (!home.HasJournal)
            return 0;
        OfflineCoordinator? coordinator = null;
        var removed = 0;
        try
        {
            var olderThan = DateTimeOffset.UtcNow.AddDays(-age);
            await Output.StepsAsync("Cleaning up", [
                ("Opening the journal", () => Task.FromResult(coordinator = OfflineCoordinator.Start(home))),
                ($"Dropping completed movies older than {age} days", async () =>
                    removed = (await coordinator!.AskAsync<MovieCommands.CleanupCompletedResult>(
                        new MovieCommands.CleanupCompleted(olderThan))).Count),
                ("Closing the journal", async () =>
                {
                    await coordinator!.DisposeAsync();
                    coordinator = null;
                }),
            ]);
        }
        finally
        {
            if (coordinator is not null)
                await coordinator.DisposeAsync();
        }

        return removed;
    }
}
