using System.CommandLine;
using System.Runtime.InteropServices;
using Akka.Persistence.Query;
using MovieSync.Host.Home;
using MovieSync.Host.Hosting;
using MovieSync.Host.Journal;

namespace MovieSync.Host.Cli;

/// <summary>`events [--follow] [--json]`: every persisted event in journal order; --follow keeps printing new ones.</summary>
public static class EventsCommand
{
    public static Command Create()
    {
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep printing new events until Ctrl+C" };
        var json = new Option<bool>("--json") { Description = "One JSON object per line" };
        var command = new Command("events", "Every persisted event in order") { follow, json };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var home = MovieSyncCommandLine.OpenHome(parsed);
            home.CheckJournal();
            var asJson = parsed.GetValue(json);
            if (!parsed.GetValue(follow))
            {
                if (!home.HasJournal)
                    return ExitCodes.Success;
                await using var journal = JournalReader.Open(home.Journal);
                foreach (var envelope in await journal.AllEventsAsync(cancellationToken))
                    Print(envelope, asJson);
                return ExitCodes.Success;
            }

            if (!home.HasJournal)
                throw new UsageException($"the journal ({home.Journal.Describe()}) does not exist yet: start `moviesync run` first");
            await FollowAsync(home, asJson, cancellationToken);
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Prints until Ctrl+C or SIGTERM, which end it normally (exit 0).</summary>
    private static async Task FollowAsync(HomeLayout home, bool asJson, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            stop.Cancel();
        });
        try
        {
            await using var journal = JournalReader.Open(home.Journal);
            await journal.FollowAllEventsAsync(envelope => Print(envelope, asJson), stop.Token);
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    private static void Print(EventEnvelope envelope, bool asJson)
    {
        var entry = EventText.ToJson(envelope, withPersistenceId: true);
        Console.WriteLine(asJson ? entry.ToJsonString() : EventText.Describe(entry));
    }
}
