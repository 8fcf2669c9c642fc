using MovieSync.Actors.Adapters.Simulation;
using MovieSync.Host.Home;
using MovieSync.Specs;
using MovieSync.Tests.Support;
using Npgsql;
using Xunit;
using Xunit.Abstractions;

namespace MovieSync.Tests.Host;

/// <summary>
/// Two homes (two machines, as far as run.lock can tell) with the same PostgreSQL journal: one coordinator writes it at a
/// time. A second `run` is refused (exit 2) and so is an offline change (exit 1); the first's lock is freed when it is
/// killed; a coordinator whose lock was taken over while its connection was down stops (exit 1).
/// </summary>
public sealed class PostgreSqlWriterLockSpecs : IDisposable, IPostgreSqlSpec
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly ITestOutputHelper _output;
    private readonly JournalUnderTest _journal = JournalUnderTest.PostgreSql();
    private readonly TestHome _first;
    private readonly TestHome _second;

    public PostgreSqlWriterLockSpecs(ITestOutputHelper output)
    {
        _output = output;
        _first = new TestHome(_journal.Configure);
        _second = new TestHome(_journal.Configure);
    }

    public void Dispose()
    {
        _first.Dispose();
        _second.Dispose();
        _journal.Dispose();
    }

    [JournalFact]
    public async Task A_second_coordinator_is_refused_while_the_first_runs_and_takes_over_once_it_is_killed()
    {
        using var first = await StartedRun(_first);

        var (code, output) = MovieSyncProcess.Run(Run(_second));
        Assert.Equal(2, code);
        Assert.Contains("only one MovieSync may write a journal at a time", output);
        Assert.Contains($"is being written by moviesync run on {Environment.MachineName} (pid {first.Id})", output);
        Assert.Contains($"database {_journal.Database!.Name}", output);
        Assert.DoesNotContain("Loaded", output); // refused before its actors started
        Assert.DoesNotContain(TestDatabase.Password, output);

        // A change from the other home cannot go through a host it cannot see: refused, not written beside the first.
        var (forgetCode, forgotten) = MovieSyncProcess.Run("forget", "tt0133093", "--home", _second.Path);
        Assert.Equal(1, forgetCode);
        Assert.Contains("nothing was changed; run the command where that MovieSync runs", forgotten);
        Assert.False(first.HasExited);

        // Killed with SIGKILL: the server ends its session, and with it the lock.
        first.KillHard();
        first.WaitForExit(TimeSpan.FromSeconds(10));
        using var second = await StartedRun(_second);
        second.Terminate();
        Assert.Equal(0, second.WaitForExit(TimeSpan.FromSeconds(30)));
        _output.WriteLine(second.Output);
    }

    [JournalFact]
    public async Task A_coordinator_takes_its_lock_again_after_the_server_dropped_it_and_stops_when_another_took_it_meanwhile()
    {
        using var run = await StartedRun(_first);

        // The server drops the lock's connection (a restart, a network cut): nobody else wants the journal, so it is taken again.
        TerminateLockSession();
        await WaitFor(() => run.Output.Contains("the lock is held again"), run);

        // Dropped again, and this time another process, already waiting for the lock, gets it first: the coordinator
        // stops rather than write beside it.
        await using var intruder = Connect("moviesync intruder");
        await using var waitForLock = new NpgsqlCommand("SELECT pg_advisory_lock(@high, @low)", intruder);
        waitForLock.Parameters.AddWithValue("high", JournalWriterLock.KeyHigh);
        waitForLock.Parameters.AddWithValue("low", JournalWriterLock.KeyLow);
        var waiting = waitForLock.ExecuteNonQueryAsync();
        await WaitFor(() => LockWaiters() == 1, run);
        TerminateLockSession();
        await waiting;
        Assert.Equal(1, run.WaitForExit(TimeSpan.FromSeconds(30)));
        Assert.Contains("This host lost its writer lock", run.Output);
        Assert.Contains("is being written by moviesync intruder", run.Output);
        Assert.DoesNotContain(TestDatabase.Password, run.Output);
        _output.WriteLine(run.Output);
    }

    private string[] Run(TestHome home)
    {
        var plan = home.FileNamed("plan.json");
        new SimulationPlan([new SimulatedMovie("tt0133093", "The Matrix", 1999)], GrabSeconds: 0.05, DownloadSeconds: 600,
            home.FileNamed("ledger.txt"), home.Downloads).Save(plan);
        return ["run", "--home", home.Path, "--simulation", plan];
    }

    /// <summary>A `run` that holds the journal: its banner's loaded line comes after the lock was taken.</summary>
    private async Task<MovieSyncProcess> StartedRun(TestHome home)
    {
        var run = MovieSyncProcess.Start(Run(home));
        await WaitFor(() => run.Output.Contains("📋 Loaded"), run);
        return run;
    }

    /// <summary>Ends the session holding the lock, as a server restart would (the host's journal connections stay).</summary>
    private void TerminateLockSession()
    {
        using var connection = Connect("spec");
        using var terminate = new NpgsqlCommand(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database() AND application_name LIKE 'moviesync run on %'",
            connection);
        Assert.Equal(1L, terminate.ExecuteScalar());
    }

    /// <summary>Sessions waiting for the writer lock.</summary>
    private long LockWaiters()
    {
        using var connection = Connect("spec");
        using var count = new NpgsqlCommand(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
            connection);
        return (long)count.ExecuteScalar()!;
    }

    private NpgsqlConnection Connect(string applicationName)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_journal.Database!.ConnectionString)
            { Pooling = false, ApplicationName = applicationName }.ConnectionString);
        connection.Open();
        return connection;
    }

    private static async Task WaitFor(Func<bool> condition, MovieSyncProcess process)
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        while (!condition())
        {
            Assert.False(process.HasExited, $"moviesync exited early:\n{process.Output}");
            Assert.True(DateTime.UtcNow < deadline, $"timed out; output so far:\n{process.Output}");
            await Task.Delay(100);
        }
    }
}
