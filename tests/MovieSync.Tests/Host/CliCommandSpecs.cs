using MovieSync.Actors.Hosting;
using System.Text.Json;
using MovieSync.Host.Journal;
using MovieSync.Actors.Adapters.Simulation;
using MovieSync.Messages;
using MovieSync.Tests.Support;
using Xunit;

namespace MovieSync.Tests.Host;

/// <summary>
/// list, failures, retry, forget, cleanup and events as a user meets them: real `moviesync` processes on a journal
/// that a simulated `run` left behind (made once, copied into each test's home).
/// </summary>
public sealed class CliCommandSpecs(LeftBehindJournal journal) : IClassFixture<LeftBehindJournal>, IDisposable
{
    private readonly TestHome _home = journal.CopyInto(new TestHome());

    public void Dispose() => _home.Dispose();

    private (int ExitCode, string Output) Moviesync(params string[] args) =>
        MovieSyncProcess.Run([.. args, "--home", _home.Path]);

    private string[] Lines(params string[] args)
    {
        var (code, output) = Moviesync(args);
        Assert.True(code == 0, $"moviesync {string.Join(' ', args)} exited {code}:\n{output}");
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    private JsonElement Json(params string[] args)
    {
        var (code, output) = Moviesync(args);
        Assert.True(code == 0, $"moviesync {string.Join(' ', args)} exited {code}:\n{output}");
        return JsonDocument.Parse(output).RootElement.Clone();
    }

    private static string[] Fields(string[] lines, string id) =>
        Assert.Single(lines, l => l.StartsWith(id + "\t", StringComparison.Ordinal)).Split('\t');

    [Fact]
    public void List_prints_one_tab_separated_row_per_movie_when_piped()
    {
        var lines = Lines("list");

        Assert.Equal(LeftBehindJournal.Ids.Order(StringComparer.Ordinal), lines.Select(l => l.Split('\t')[0]));
        Assert.All(lines, l => Assert.Equal(9, l.Split('\t').Length));
        Assert.Equal(["tt0087182", "Dune", "1984", "permanent_failure", "4", "-", "simulated failure of attempt 4", "-", "normal"], Fields(lines, "tt0087182"));
        Assert.Equal(["tt0133093", "The Matrix", "1999", "completed", "0", "-", "-", "-", "normal"], Fields(lines, "tt0133093"));
    }

    [Fact]
    public void List_filters_by_state_and_prints_json_with_snake_case_keys()
    {
        Assert.Equal(["tt0114369", "tt0133093"], Lines("list", "--state", "completed").Select(l => l.Split('\t')[0]));

        var movies = Json("list", "--state", "permanent_failure", "--json").EnumerateArray().ToList();
        Assert.Equal(["perfect-days-2023", "tt0087182"], movies.Select(m => m.GetProperty("id").GetString()));
        var dune = movies[1];
        Assert.Equal(["id", "title", "year", "state", "retries", "next_retry_at", "last_error", "progress", "download_speed", "eta_seconds", "priority", "waiting_reason"],
            dune.EnumerateObject().Select(p => p.Name));
        Assert.Equal(JsonValueKind.Null, dune.GetProperty("progress").ValueKind);
        Assert.Equal(1984, dune.GetProperty("year").GetInt32());
        Assert.Equal("permanent_failure", dune.GetProperty("state").GetString());
        Assert.Equal(4, dune.GetProperty("retries").GetInt32());
        Assert.Equal(JsonValueKind.Null, dune.GetProperty("next_retry_at").ValueKind);
        Assert.Equal("simulated failure of attempt 4", dune.GetProperty("last_error").GetString());
    }

    [Fact]
    public void A_bad_state_is_bad_usage_naming_the_accepted_values()
    {
        var (code, output) = Moviesync("list", "--state", "finished");

        Assert.Equal(2, code);
        Assert.Contains("--state: 'finished' is not a state; accepted values: pending, failed, permanent_failure, downloading, completed", output);
    }

    [Fact]
    public void Failures_lists_the_permanent_failures_with_their_last_error()
    {
        var lines = Lines("failures");

        Assert.Equal(2, lines.Length);
        Assert.Equal("simulated failure of attempt 4", Fields(lines, "perfect-days-2023")[6]);
        var json = Json("failures", "--json").EnumerateArray().ToList();
        Assert.Equal(["perfect-days-2023", "tt0087182"], json.Select(m => m.GetProperty("id").GetString()));
    }

    [Fact]
    public void Retry_with_the_host_stopped_records_the_request_and_the_movie_is_pending_again()
    {
        var (code, output) = Moviesync("retry", "tt0087182");

        Assert.True(code == 0, output);
        Assert.Contains("tt0087182 is pending again", output);
        Assert.Contains("retry-requested", Lines("history", "tt0087182")[^1]);
        var status = Json("status", "--json");
        Assert.Equal(1, status.GetProperty("pending").GetInt32());
        Assert.Equal(1, status.GetProperty("permanent_failures").GetInt32());
        Assert.Equal(["tt0087182", "Dune", "1984", "pending", "0", "-", "simulated failure of attempt 4", "-", "normal"], Fields(Lines("list"), "tt0087182"));
        Assert.False(File.Exists(_home.FileNamed("run.json")));
    }

    [Fact]
    public void Retry_of_a_movie_that_did_not_fail_is_refused_with_exit_1()
    {
        var before = Lines("events", "--json");

        var (code, output) = Moviesync("retry", "tt0133093");

        Assert.Equal(1, code);
        Assert.Contains("tt0133093 is completed, not failed", output);
        Assert.Equal(before, Lines("events", "--json"));
    }

    [Fact]
    public void Forget_stops_tracking_a_movie()
    {
        var (code, output) = Moviesync("forget", "perfect-days-2023");

        Assert.True(code == 0, output);
        Assert.Contains("perfect-days-2023 is forgotten", output);
        Assert.DoesNotContain(Lines("list"), l => l.StartsWith("perfect-days-2023", StringComparison.Ordinal));
        Assert.Equal(3, Json("status", "--json").GetProperty("total").GetInt32());
        Assert.Contains("movie-forgotten", Lines("history", "perfect-days-2023")[^1]);
    }

    [Fact]
    public void Cleanup_drops_completed_movies_from_status_and_list_but_history_keeps_them()
    {
        var (code, output) = Moviesync("cleanup", "--days", "30");
        Assert.True(code == 0, output);
        Assert.Contains("Removed 0 completed movies older than 30 days", output);

        (code, output) = Moviesync("cleanup", "--days", "0");

        Assert.True(code == 0, output);
        // Piped, the progress is one plain line per step, then the outcome: no bar, no terminal escapes.
        Assert.Equal(
        [
            "… Opening the journal",
            "… Dropping completed movies older than 0 days",
            "… Closing the journal",
            "Removed 2 completed movies older than 0 days; their history stays (`moviesync history ID`).",
        ], output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.DoesNotContain('\u001b', output);
        Assert.Equal(0, Json("status", "--json").GetProperty("completed").GetInt32());
        Assert.Equal(["perfect-days-2023", "tt0087182"], Lines("list").Select(l => l.Split('\t')[0]));
        Assert.Contains("movie-completed", Lines("history", "tt0133093")[^1]);
        Assert.Equal(2, Lines("events").Count(l => l.Contains("movie-cleaned-up")));
    }

    [Theory]
    [InlineData("retry", "tt9999999", "ID 'tt9999999': tt9999999 is not a tracked movie")]
    [InlineData("forget", "no-such-film", "ID 'no-such-film': no-such-film is not a tracked movie")]
    [InlineData("retry", "Not An Id!", "'Not An Id!' is not a movie id: expected an IMDb id such as tt0133093")]
    [InlineData("cleanup", "--days=-1", "--days must be from 0 to 36500, got -1")]
    [InlineData("cleanup", "--days=2147483647", "--days must be from 0 to 36500, got 2147483647")]
    public void Bad_ids_and_days_are_bad_usage_and_change_nothing(string command, string argument, string message)
    {
        var before = Lines("events", "--json");

        var (code, output) = Moviesync(command, argument);

        Assert.Equal(2, code);
        Assert.Contains(message, output);
        Assert.Equal(before, Lines("events", "--json"));
    }

    [Fact]
    public void A_change_while_the_host_has_no_api_address_yet_is_refused_and_nothing_is_written()
    {
        var before = Lines("events", "--json");
        string output;
        using (new FileStream(_home.FileNamed("run.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            int code;
            (code, output) = Moviesync("retry", "tt0087182");
            Assert.Equal(1, code);
        }

        Assert.Contains("the running host has no API address yet; try again", output);
        Assert.Equal(before, Lines("events", "--json"));
    }

    [Fact]
    public void Events_prints_every_event_in_journal_order_and_json_lines_parse()
    {
        var text = Lines("events");
        var json = Lines("events", "--json").Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();

        Assert.Equal(text.Length, json.Count);
        var offsets = json.Select(e => e.GetProperty("offset").GetInt64()).ToList();
        Assert.Equal(offsets.Order(), offsets);
        Assert.Equal(json.Count, offsets.Distinct().Count());
        Assert.Contains(json, e => e.GetProperty("persistence_id").GetString() == "coordinator" && e.GetProperty("event").GetString() == "movie-tracked");
        var matrix = json.Where(e => e.GetProperty("persistence_id").GetString() == "movie-tt0133093").ToList();
        Assert.Equal(["movie-queued", "torrent-added", "movie-completed"], matrix.Select(e => e.GetProperty("event").GetString()));
        Assert.Equal([1L, 2L, 3L], matrix.Select(e => e.GetProperty("sequence_nr").GetInt64()));
        var line = Assert.Single(text, l => l.Contains("movie-tt0087182") && l.Contains("movie-failed-permanently"));
        Assert.Matches(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC  movie-tt0087182 +#\d+  movie-failed-permanently +failures=4 error=""simulated failure of attempt 4""$", line);
    }

    [Fact]
    public async Task Events_follow_prints_new_events_until_stopped()
    {
        var known = Lines("events").Length;
        using var follow = MovieSyncProcess.Start("events", "--follow", "--home", _home.Path);
        await WaitFor(() => follow.Output.Split('\n').Length >= known, follow);

        Assert.Equal(0, Moviesync("forget", "perfect-days-2023").ExitCode);

        await WaitFor(() => follow.Output.Contains("movie-forgotten"), follow);
        follow.Terminate();
        Assert.Equal(0, follow.WaitForExit(TimeSpan.FromSeconds(20)));
    }

    private static async Task WaitFor(Func<bool> condition, MovieSyncProcess process)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.False(process.HasExited, process.Output);
            Assert.True(DateTime.UtcNow < deadline, $"timed out; output so far:\n{process.Output}");
            await Task.Delay(100);
        }
    }
}

/// <summary>
/// The journal a simulated `run` leaves: two completed movies and two permanent failures, host stopped. Made once per
/// test run (the first spec class that asks waits for it) and copied into each test's home.
/// </summary>
public sealed class LeftBehindJournal : IAsyncLifetime
{
    public static readonly string[] Ids = ["tt0133093", "tt0114369", "tt0087182", "perfect-days-2023"];

    private static readonly Lazy<Task<TestHome>> Seeded = new(SeedAsync);
    private TestHome _home = null!;

    public async Task InitializeAsync() => _home = await Seeded.Value;

    private static async Task<TestHome> SeedAsync()
    {
        var home = new TestHome();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => home.Dispose();
        var planFile = home.FileNamed("plan.json");
        new SimulationPlan(
            [
                new("tt0133093", "The Matrix", 1999),
                new("tt0114369", "Se7en", 1995, OnDisk: true),
                new("tt0087182", "Dune", 1984, FailAttempts: 9),
                new("perfect-days-2023", "Perfect Days", 2023, FailAttempts: 9),
            ],
            GrabSeconds: 0.05, DownloadSeconds: 0.5, home.FileNamed("ledger.txt"), home.Downloads).Save(planFile);
        using var run = MovieSyncProcess.Start("run", "--home", home.Path, "--simulation", planFile);
        await using (var journal = JournalReader.Open(JournalOptions.Sqlite(home.JournalFile).ConnectionString))
        {
            // Settled once the coordinator has recorded every movie as needing no actor.
            var deadline = DateTime.UtcNow.AddSeconds(90);
            while (!await SettledAsync(journal) && DateTime.UtcNow < deadline && !run.HasExited)
                await Task.Delay(200);
            Assert.True(await SettledAsync(journal), run.Output);
        }

        run.Terminate();
        Assert.Equal(0, run.WaitForExit(TimeSpan.FromSeconds(30)));
        return home;
    }

    private static async Task<bool> SettledAsync(JournalReader journal)
    {
        try
        {
            return (await journal.AllEventsAsync()).Count(e => e.Event is CoordinatorEvents.MovieSettled) == Ids.Length;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return false; // the journal's tables are not there yet
        }
    }

    /// <summary>Gives a test its own copy of the journal.</summary>
    public TestHome CopyInto(TestHome home)
    {
        foreach (var file in Directory.GetFiles(_home.Path, "moviesync.db*"))
            File.Copy(file, Path.Combine(home.Path, Path.GetFileName(file)));
        return home;
    }

    public Task DisposeAsync() => Task.CompletedTask; // the seed is shared; it goes when the test process ends
}
