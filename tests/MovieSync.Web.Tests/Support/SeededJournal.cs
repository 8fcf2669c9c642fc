using MovieSync.Actors.Hosting;
using MovieSync.Tests.Support;
using System.Globalization;
using MovieSync.Host.Journal;
using MovieSync.Actors.Adapters.Simulation;
using MovieSync.Messages;
using Xunit;

namespace MovieSync.Web.Tests.Support;

/// <summary>
/// A journal (and simulated download ledger) with every film of <see cref="Films"/> in its state, made once per test
/// run by two real simulated `run`s and copied into each spec's home: the first, with retries a second apart, completes
/// films and fails others for good; the second, with retries an hour apart, leaves films failed-and-waiting and
/// downloading.
/// </summary>
public sealed class SeededJournal
{
    /// <summary>How long a simulated download takes; downloads are seeded as started <see cref="Film.Progress"/> of it ago.</summary>
    public const double DownloadSeconds = 7200;

    private static readonly Lazy<Task<SeededJournal>> Instance = new(SeedAsync);
    private static readonly TimeSpan PhaseTimeout = TimeSpan.FromSeconds(60);
    private readonly TestHome _home;

    private SeededJournal(TestHome home) => _home = home;

    public static Task<SeededJournal> GetAsync() => Instance.Value;

    /// <summary>Gives a spec its own copy of the journal and the ledger.</summary>
    public TestHome CopyInto(TestHome home)
    {
        foreach (var file in Directory.GetFiles(_home.Path, "moviesync.db*").Append(_home.FileNamed("ledger.txt")))
            File.Copy(file, Path.Combine(home.Path, Path.GetFileName(file)));
        return home;
    }

    private static async Task<SeededJournal> SeedAsync()
    {
        var home = new TestHome(FastRetries);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => home.Dispose();
        var ledger = home.FileNamed("ledger.txt");

        // First life: three films complete, two fail four times in four seconds and for good.
        var first = Films.InState("completed").Concat(Films.InState("permanent_failure")).ToList();
        await RunUntilAsync(home, new SimulationPlan(first.Select(f => f.Simulated).ToList(), GrabSeconds: 0.05, DownloadSeconds: 0.3, ledger, home.Downloads),
            movies => first.All(f => StateOf(movies, f) == f.State), events => events.OfType<CoordinatorEvents.MovieSettled>().Count() == first.Count);

        // Second life: downloads started a while ago (the simulated client reads their start from its ledger), and
        // failures whose retry is an hour away, parked by the coordinator.
        home.Configure(null);
        var now = DateTimeOffset.UtcNow;
        File.AppendAllLines(ledger, Films.InState("downloading").Select(f =>
            $"added {f.Id} {(now - TimeSpan.FromSeconds(f.Progress!.Value * DownloadSeconds)).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)}"));
        var second = Films.InState("downloading").Concat(Films.InState("failed")).ToList();
        await RunUntilAsync(home, new SimulationPlan(second.Select(f => f.Simulated).ToList(), GrabSeconds: 0.05, DownloadSeconds, ledger, home.Downloads),
            movies => second.All(f => StateOf(movies, f) == f.State),
            events => events.OfType<CoordinatorEvents.MovieParked>().Count() == Films.InState("failed").Count());
        return new SeededJournal(home);
    }

    private static void FastRetries(System.Text.Json.Nodes.JsonObject config)
    {
        config["retry_interval"] = 1;
        config["max_retries"] = 3;
        config["backoff_multiplier"] = 1.0;
        config["max_retry_delay"] = 1;
    }

    private static async Task RunUntilAsync(TestHome home, SimulationPlan plan, Func<IReadOnlyList<MovieState>, bool> statesReached,
        Func<IEnumerable<object>, bool> coordinatorDone)
    {
        var planFile = home.FileNamed("plan.json");
        plan.Save(planFile);
        using var run = MovieSyncProcess.Start("run", "--home", home.Path, "--simulation", planFile);
        await using (var journal = JournalReader.Open(JournalOptions.Sqlite(home.JournalFile).ConnectionString))
        {
            var deadline = DateTime.UtcNow + PhaseTimeout;
            while (!await DoneAsync(journal, statesReached, coordinatorDone))
            {
                Assert.False(run.HasExited, $"the seeding run stopped early:\n{run.Output}");
                Assert.True(DateTime.UtcNow < deadline, $"the seeding run did not reach the expected states in {PhaseTimeout}:\n{run.Output}");
                await Task.Delay(200);
            }
        }

        run.Terminate();
        Assert.True(run.WaitForExit(TimeSpan.FromSeconds(30)) == 0, run.Output);
    }

    private static async Task<bool> DoneAsync(JournalReader journal, Func<IReadOnlyList<MovieState>, bool> statesReached,
        Func<IEnumerable<object>, bool> coordinatorDone)
    {
        try
        {
            return statesReached(await journal.MoviesAsync()) && coordinatorDone((await journal.AllEventsAsync()).Select(e => e.Event));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return false; // the journal's tables are not there yet
        }
    }

    private static string? StateOf(IReadOnlyList<MovieState> movies, Film film) =>
        movies.FirstOrDefault(m => m.MovieId.Value == film.Id) is { } movie ? MovieSync.Host.Journal.StateNames.Of(movie.Status) : null;
}
