using System.CommandLine;
using MovieSync.Actors.Hosting;
using MovieSync.Configuration;
using MovieSync.Host.Home;
using MovieSync.Host.Journal;

namespace MovieSync.Host.Cli;

/// <summary>
/// `journal copy --to-postgresql CONNECTION`: moves the home's SQLite journal into an empty PostgreSQL database, row for
/// row, while nothing writes either; exit 0 only when both then fold to the same movie states.
/// </summary>
public static class JournalCommand
{
    public static Command Create()
    {
        var target = new Option<string>("--to-postgresql")
        {
            Description = "Connection string of the empty PostgreSQL database to copy into (" + PostgreSqlConnection.Example + ")",
            Required = true,
        };
        var copy = new Command("copy", "Copy this home's SQLite journal (moviesync.db) into an empty PostgreSQL database") { target };
        copy.SetAction((parsed, cancellationToken) =>
            CopyAsync(MovieSyncCommandLine.OpenHome(parsed), parsed.GetValue(target)!, cancellationToken));
        return new Command("journal", "Work on the journal itself") { copy };
    }

    private static async Task<int> CopyAsync(HomeLayout home, string connectionString, CancellationToken cancellationToken)
    {
        if (PostgreSqlConnection.Problem(connectionString) is { } problem)
            throw new UsageException($"--to-postgresql: {problem}");
        var postgres = JournalOptions.PostgreSql(connectionString);
        var sqlite = JournalOptions.Sqlite(home.JournalFile);
        if (RunLock.FindRunningHost(home.Path) is { } running)
            throw new UsageException(Running(home, running));
        RunLock runLock;
        try
        {
            runLock = RunLock.Acquire(home.Path); // no `run` starts in this home while the rows are copied
        }
        catch (UsageException)
        {
            throw new UsageException(Running(home, RunLock.FindRunningHost(home.Path) ?? new RunningHost(0, null)));
        }

        using (runLock)
        {
            if (!File.Exists(home.JournalFile) || !SqliteJournal.HasJournalTables(sqlite.ConnectionString))
                throw new UsageException(JournalFile.Problem(home.JournalFile) ?? $"{home.JournalFile} holds no journal: nothing to copy");
            using var writerLock = TakeTarget(postgres, connectionString);
            return await CopyAsync(home, sqlite, postgres, connectionString, cancellationToken);
        }
    }

    private static async Task<int> CopyAsync(HomeLayout home, JournalOptions sqlite, JournalOptions postgres, string connectionString,
        CancellationToken cancellationToken)
    {
        var where = postgres.Describe();
        var existing = await Reach(() => JournalCopy.CountAsync(postgres, cancellationToken), postgres, connectionString);
        if (!existing.IsEmpty)
            throw new UsageException($"--to-postgresql: the journal in {where} is not empty ({existing}); journal copy only fills an empty one");

        var source = JournalCopy.Count(home.JournalFile);
        JournalCopy.RowCounts copied = null!;
        string? difference = null;
        await Output.StepsAsync("Copying the journal", [
            ($"Creating the journal's tables in {where}", () => Reach(() => JournalCopy.CreateTablesAsync(postgres), postgres, connectionString)),
            ($"Copying {source} from {home.JournalFile}", async () =>
                copied = await Reach(() => JournalCopy.CopyRowsAsync(home.JournalFile, postgres, cancellationToken), postgres, connectionString)),
            ("Checking that both journals fold to the same movie states", async () =>
                difference = await JournalCopy.CompareAsync(sqlite, postgres, cancellationToken)),
        ]);

        if (difference is not null || copied != source)
            throw new OperationFailedException($"the copy in {where} does not match {home.JournalFile}: " +
                                               $"{difference ?? $"copied {copied}, the source holds {source}"}");
        var movies = await JournalCopy.MovieCountAsync(postgres, cancellationToken);
        Console.WriteLine($"✔ Copied {copied} from {home.JournalFile} to {where}; both fold to the same states of {movies} movies.");
        Console.WriteLine("  To use it, set in config.json: \"journal\": { \"provider\": \"postgresql\", \"connection_string\": \"...\" } " +
                          "(or MOVIESYNC_JOURNAL__CONNECTION_STRING). moviesync.db is left as it was.");
        return ExitCodes.Success;
    }

    /// <summary>No coordinator may write the target while it is filled (nor start on it half-filled).</summary>
    private static JournalWriterLock TakeTarget(JournalOptions postgres, string connectionString)
    {
        try
        {
            return JournalWriterLock.Acquire(postgres, "journal copy");
        }
        catch (JournalHeldException e)
        {
            throw new UsageException($"--to-postgresql: {e.Message}: nothing was copied");
        }
        catch (Npgsql.NpgsqlException e)
        {
            throw Unreachable(postgres, connectionString, e);
        }
    }

    private static async Task<T> Reach<T>(Func<Task<T>> work, JournalOptions postgres, string connectionString)
    {
        try
        {
            return await work();
        }
        catch (Npgsql.NpgsqlException e)
        {
            throw Unreachable(postgres, connectionString, e);
        }
    }

    private static Task Reach(Func<Task> work, JournalOptions postgres, string connectionString) =>
        Reach(async () =>
        {
            await work();
            return true;
        }, postgres, connectionString);

    private static OperationFailedException Unreachable(JournalOptions postgres, string connectionString, Exception failure) =>
        new(PostgreSqlConnection.Redact(
            $"{postgres.Describe()}: {Actors.Journal.JournalFailure.CauseOf(failure)}; nothing was copied", connectionString));

    private static string Running(HomeLayout home, RunningHost running) =>
        $"`moviesync run` (pid {(running.Pid > 0 ? running.Pid.ToString() : "unknown")}) is using {home.Path}: stop it first, " +
        "so that the journal does not change while it is copied";
}
