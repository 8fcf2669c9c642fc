using System.Text.Json;
using MovieSync.Host.Journal;
using MovieSync.Actors.Adapters.Simulation;
using MovieSync.Messages;
using MovieSync.Specs;
using MovieSync.Tests.Support;
using Xunit;
using Xunit.Abstractions;
using static MovieSync.Messages.MovieEvents;

namespace MovieSync.Tests.Host;

/// <summary>`run` as a real process, killed with SIGKILL in the middle of its work and started again, on SQLite and on PostgreSQL.</summary>
public abstract class CrashRecoverySpecs : IDisposable
{
    private const int MaxRetries = 3;
    private readonly ITestOutputHelper _output;
    private readonly JournalUnderTest _journal;
    private readonly TestHome _home;

    protected CrashRecoverySpecs(ITestOutputHelper output, JournalUnderTest journal)
    {
        _output = output;
        _journal = journal;
        _home = new TestHome(config =>
        {
            config["max_retries"] = MaxRetries;
            journal.Configure(config);
        });
    }

    public void Dispose()
    {
        _home.Dispose();
        _journal.Dispose();
    }

    [JournalFact]
    public async Task A_run_killed_twice_mid_work_ends_with_every_movie_settled_once()
    {
        var plan = Plan();
        var planFile = _home.FileNamed("plan.json");
        plan.Save(planFile);
        string[] run = ["run", "--home", _home.Path, "--simulation", planFile];

        // First life: killed once some movies are grabbed and others are still being tried.
        var before = await KillWhenLedgerHas(run, lines: 40);
        // Second life: killed again, with retries pending.
        var between = await KillWhenLedgerHas(run, lines: 70);
        AssertNothingWentBack(before, between);

        // Third life: runs until every movie is settled, then stops gracefully.
        using (var last = MovieSyncProcess.Start(run))
        {
            await WaitUntil(async () => (await Movies()).Count(m => m.Status is MovieStatus.Completed or MovieStatus.PermanentFailure) == plan.Movies.Count,
                TimeSpan.FromSeconds(120), last);
            last.Terminate();
            Assert.Equal(0, last.WaitForExit(TimeSpan.FromSeconds(30)));
            Assert.Contains("📊 Final Statistics", last.Output);
            Assert.DoesNotContain(TestDatabase.Password, last.Output);
            _output.WriteLine(last.Output);
        }

        var after = await Snapshot();
        AssertNothingWentBack(between, after);
        await using var journal = JournalReader.Open(_journal.InHome(_home.JournalFile));
        foreach (var movie in plan.Movies)
        {
            var id = MovieId.Parse(movie.Id);
            var events = (await journal.MovieEventsAsync(id)).Select(e => e.Event).ToList();
            var state = after[id];

            Assert.Equal(StateOfLastEvent(events[^1]), state.Status);
            Assert.Single(events.OfType<MovieQueued>());
            var expectedFailures = Math.Min(movie.FailAttempts, MaxRetries + 1);
            Assert.Equal(expectedFailures, events.OfType<AttemptFailed>().Count() + events.OfType<MovieFailedPermanently>().Count());
            if (movie.FailAttempts > MaxRetries)
            {
                Assert.Equal(MovieStatus.PermanentFailure, state.Status);
                Assert.Empty(events.OfType<TorrentAdded>());
            }
            else if (movie.OnDisk)
            {
                Assert.Equal(MovieStatus.Completed, state.Status);
                Assert.Empty(events.OfType<TorrentAdded>());
            }
            else
            {
                Assert.Equal(MovieStatus.Completed, state.Status);
                Assert.Single(events.OfType<TorrentAdded>());
                Assert.Single(events.OfType<MovieCompleted>());
            }
        }

        var added = File.ReadLines(plan.Ledger).Where(l => l.StartsWith("added ", StringComparison.Ordinal)).Select(l => l.Split(' ')[1]).ToList();
        Assert.Equal(added.Distinct().Count(), added.Count);
        Assert.Equal(plan.Movies.Count(m => !m.OnDisk && m.FailAttempts <= MaxRetries), added.Count);

        var (code, json) = MovieSyncProcess.Run("status", "--home", _home.Path, "--json");
        Assert.Equal(0, code);
        Assert.DoesNotContain(TestDatabase.Password, json);
        using var status = JsonDocument.Parse(json);
        Assert.Equal(plan.Movies.Count(m => m.FailAttempts > MaxRetries), status.RootElement.GetProperty("permanent_failures").GetInt32());
        Assert.Equal(plan.Movies.Count(m => m.FailAttempts <= MaxRetries), status.RootElement.GetProperty("completed").GetInt32());
        Assert.Equal(0, status.RootElement.GetProperty("pending").GetInt32() + status.RootElement.GetProperty("failed").GetInt32());
    }

    private SimulationPlan Plan()
    {
        var movies = Enumerable.Range(1, 30).Select(i =>
        {
            var failAttempts = i % 10 == 0 ? 9 : i % 3 == 0 ? 2 : i % 4 == 0 ? 1 : 0;
            return new SimulatedMovie($"tt{1000000 + i}", $"Film {i}", 1990 + i, failAttempts, OnDisk: failAttempts == 0 && i % 7 == 0);
        }).ToList();
        return new SimulationPlan(movies, GrabSeconds: 0.4, DownloadSeconds: 3, _home.FileNamed("ledger.txt"), _home.Downloads);
    }

    private async Task<Dictionary<MovieId, MovieState>> KillWhenLedgerHas(string[] run, int lines)
    {
        using var process = MovieSyncProcess.Start(run);
        await WaitUntil(() => Task.FromResult(File.Exists(_home.FileNamed("ledger.txt")) &&
                                               File.ReadLines(_home.FileNamed("ledger.txt")).Count() >= lines),
            TimeSpan.FromSeconds(60), process);
        process.KillHard();
        process.WaitForExit(TimeSpan.FromSeconds(10));
        var snapshot = await Snapshot();
        Assert.Contains(snapshot.Values, m => m.Status is MovieStatus.Pending or MovieStatus.Failed or MovieStatus.Downloading);
        return snapshot;
    }

    /// <summary>A later life never has fewer failures or an earlier state than what the journal held before.</summary>
    private static void AssertNothingWentBack(Dictionary<MovieId, MovieState> earlier, Dictionary<MovieId, MovieState> later)
    {
        foreach (var (id, before) in earlier)
        {
            Assert.True(later.TryGetValue(id, out var now), $"{id} was lost");
            Assert.True(now.Failures >= before.Failures || now.Status == MovieStatus.Completed,
                $"{id}: retry count went from {before.Failures} to {now.Failures}");
            if (before.Status is MovieStatus.Completed or MovieStatus.PermanentFailure)
                Assert.Equal(before.Status, now.Status);
        }
    }

    private async Task<Dictionary<MovieId, MovieState>> Snapshot() => (await Movies()).ToDictionary(m => m.MovieId);

    private async Task<IReadOnlyList<MovieState>> Movies()
    {
        await using var journal = JournalReader.Open(_journal.InHome(_home.JournalFile));
        return await journal.MoviesAsync();
    }

    private static MovieStatus StateOfLastEvent(object e) => e switch
    {
        MovieQueued or RetryRequested => MovieStatus.Pending,
        AttemptFailed => MovieStatus.Failed,
        MovieFailedPermanently => MovieStatus.PermanentFailure,
        TorrentAdded => MovieStatus.Downloading,
        MovieCompleted => MovieStatus.Completed,
        _ => throw new InvalidOperationException($"unexpected last event {e.GetType().Name}"),
    };

    private static async Task WaitUntil(Func<Task<bool>> condition, TimeSpan timeout, MovieSyncProcess process)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (process.HasExited)
                throw new InvalidOperationException($"moviesync exited early:\n{process.Output}");
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"condition not met within {timeout}:\n{process.Output}");
            await Task.Delay(200);
        }
    }
}

public sealed class CrashRecoveryOnSqliteSpecs(ITestOutputHelper output) : CrashRecoverySpecs(output, JournalUnderTest.Sqlite());

public sealed class CrashRecoveryOnPostgreSqlSpecs(ITestOutputHelper output) : CrashRecoverySpecs(output, JournalUnderTest.PostgreSql()), IPostgreSqlSpec;
