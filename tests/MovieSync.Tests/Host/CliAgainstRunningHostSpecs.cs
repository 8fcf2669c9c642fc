using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using MovieSync.Host.Home;
using MovieSync.Actors.Adapters.Simulation;
using MovieSync.Tests.Support;
using Xunit;

namespace MovieSync.Tests.Host;

/// <summary>
/// `retry` and `forget` while `moviesync run` runs in the home: they go through the running host's API, the running
/// host takes the change up, and the journal keeps its one writer (the command never opens a coordinator of its own).
/// </summary>
public sealed class CliAgainstRunningHostSpecs(LeftBehindJournal journal) : IClassFixture<LeftBehindJournal>, IDisposable
{
    private const string Dune = "tt0087182";
    private const string PerfectDays = "perfect-days-2023";
    private const string Token = "running-host-spec-token-of-32-chars";
    private TestHome _home = null!;

    public void Dispose() => _home?.Dispose();

    [Fact]
    public async Task Retry_goes_through_the_running_host_which_takes_the_movie_up_and_forget_is_recorded_by_the_host()
    {
        using var run = await StartHost();
        var before = Events();

        var (code, output) = Moviesync("retry", Dune);

        Assert.True(code == 0, output);
        Assert.Contains($"{Dune} is pending again", output);
        // The host's grabber makes the attempt (a command's own coordinator would only defer it and grab nothing).
        await WaitFor(() => Task.FromResult(Ledger().Contains($"attempt {Dune} 1") ? "" : null), run);
        // The running host's own view, and the journal it wrote, both show the movie pending with a fresh count.
        var pending = await WaitFor(async () => (await Api("api/movies?state=pending")).AsArray().FirstOrDefault(m => Id(m) == Dune), run);
        Assert.Equal(0, pending["retries"]!.GetValue<int>());
        var listed = Assert.Single(Json("list", "--state", "pending", "--json").AsArray());
        Assert.Equal(Dune, Id(listed));
        Assert.Equal(1, Json("status", "--json")["pending"]!.GetValue<int>());

        (code, output) = Moviesync("forget", PerfectDays);

        Assert.True(code == 0, output);
        Assert.Contains($"{PerfectDays} is forgotten", output);
        var forgotten = Json("history", PerfectDays, "--json").AsArray()[^1]!;
        Assert.Equal("movie-forgotten", forgotten["event"]!.GetValue<string>());
        Assert.Equal("asked through the API", forgotten["reason"]!.GetValue<string>()); // the host's reason, not the command's
        Assert.DoesNotContain((await Api("api/movies")).AsArray(), m => Id(m) == PerfectDays);

        // One writer: exactly the events the two changes call for were added, each once, and the host still writes.
        var added = Events().Skip(before.Count).ToList();
        Assert.Equal(1, added.Count(e => Is(e, "coordinator", "movie-reopened") && e["movie_id"]!.GetValue<string>() == Dune));
        Assert.Equal(["retry-requested"], added.Where(e => e["persistence_id"]!.GetValue<string>() == $"movie-{Dune}").Select(Name));
        Assert.Equal(["movie-forgotten"], added.Where(e => e["persistence_id"]!.GetValue<string>() == $"movie-{PerfectDays}").Select(Name));
        Assert.False(run.HasExited, run.Output);
        run.Terminate();
        Assert.Equal(0, run.WaitForExit(TimeSpan.FromSeconds(30)));
        Assert.DoesNotContain("UNIQUE constraint", run.Output);
        Assert.Matches(@"Pending: 1\b", run.Output); // the final statistics of the host that took the retry
    }

    [Fact]
    public async Task Refused_changes_through_the_running_host_keep_their_exit_statuses_and_write_nothing()
    {
        using var run = await StartHost(token: Token);
        var before = Events();

        var (code, output) = Moviesync("retry", "tt9999999");
        Assert.Equal(2, code);
        Assert.Contains("ID 'tt9999999':", output);
        Assert.Contains("is not a movie MovieSync has seen", output);

        (code, output) = Moviesync("retry", "tt0133093");
        Assert.Equal(1, code);
        Assert.Contains("tt0133093 is completed, not failed", output);

        (code, output) = MovieSyncProcess.Run(new Dictionary<string, string> { ["MOVIESYNC_DASHBOARD__TOKEN"] = "not-the-token-but-long-enough-to-pass" },
            "forget", PerfectDays, "--home", _home.Path);
        Assert.Equal(1, code);
        Assert.Contains("the running host refused POST /api/movies/perfect-days-2023/forget (401)", output);
        Assert.Contains("check dashboard.token", output);
        Assert.DoesNotContain("not-the-token-but-long-enough-to-pass", output);
        Assert.DoesNotContain(Token, output);

        Assert.Equal(before.Select(e => e.ToJsonString()), (Events()).Select(e => e.ToJsonString()));
        Assert.False(run.HasExited, run.Output);
    }

    [Fact]
    public async Task Cleanup_goes_through_the_running_host_with_the_dashboard_token_and_prints_its_step_when_piped()
    {
        using var run = await StartHost(token: Token);

        var (code, output) = Moviesync("cleanup", "--days", "0");

        Assert.True(code == 0, output);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Matches(@"^… Asking the running host at http://127\.0\.0\.1:\d+/ to drop completed movies older than 0 days$", lines[0]);
        Assert.Equal("Removed 2 completed movies older than 0 days; their history stays (`moviesync history ID`).", lines[1]);
        Assert.DoesNotContain(Token, output);
        Assert.DoesNotContain((await Api("api/movies")).AsArray(), m => m!["state"]!.GetValue<string>() == "completed");
        Assert.Equal(0, Json("status", "--json")["completed"]!.GetValue<int>());
        Assert.Equal(2, Events().Count(e => Name(e) == "movie-cleaned-up"));
        Assert.False(run.HasExited, run.Output);
    }

    /// <summary>
    /// Starts `run` on a copy of the left-behind journal. Its plan lets Dune succeed now, but each grab takes two minutes:
    /// a movie the host takes up stays pending for the whole spec.
    /// </summary>
    private async Task<MovieSyncProcess> StartHost(string? token = null)
    {
        _home = journal.CopyInto(new TestHome(config =>
        {
            if (token is not null)
                config["dashboard"]!["token"] = token;
        }));
        var planFile = _home.FileNamed("plan.json");
        new SimulationPlan(
            [
                new("tt0133093", "The Matrix", 1999),
                new("tt0114369", "Se7en", 1995, OnDisk: true),
                new(Dune, "Dune", 1984),
                new(PerfectDays, "Perfect Days", 2023),
            ],
            GrabSeconds: 120, DownloadSeconds: 1, _home.FileNamed("ledger.txt"), _home.Downloads).Save(planFile);
        var run = MovieSyncProcess.Start("run", "--home", _home.Path, "--simulation", planFile);
        try
        {
            await WaitFor(async () => RunLock.FindRunningHost(_home.Path)?.ApiUrl is null ? null : await Api("api/health", json: false), run);
            return run;
        }
        catch
        {
            run.Dispose();
            throw;
        }
    }

    private (int ExitCode, string Output) Moviesync(params string[] args) => MovieSyncProcess.Run([.. args, "--home", _home.Path]);

    private JsonNode Json(params string[] args)
    {
        var (code, output) = Moviesync(args);
        Assert.True(code == 0, $"moviesync {string.Join(' ', args)} exited {code}:\n{output}");
        return JsonNode.Parse(output)!;
    }

    private IReadOnlyList<JsonNode> Events()
    {
        var (code, output) = Moviesync("events", "--json");
        Assert.True(code == 0, output);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToList();
    }

    private string Ledger() => File.Exists(_home.FileNamed("ledger.txt")) ? File.ReadAllText(_home.FileNamed("ledger.txt")) : "";

    /// <summary>GET on the running host's API with the configured token; the body as JSON (or text).</summary>
    private async Task<JsonNode> Api(string path, bool json = true)
    {
        var host = RunLock.FindRunningHost(_home.Path)?.ApiUrl ?? throw new InvalidOperationException("no running host");
        using var http = new HttpClient { BaseAddress = host, Timeout = TimeSpan.FromSeconds(20) };
        var token = JsonNode.Parse(File.ReadAllText(_home.ConfigFile))!["dashboard"]?["token"]?.GetValue<string>();
        if (token is not null)
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var body = await http.GetStringAsync(path);
        return json ? JsonNode.Parse(body)! : JsonValue.Create(body);
    }

    private static string? Id(JsonNode? movie) => movie?["id"]?.GetValue<string>();

    private static string Name(JsonNode e) => e["event"]!.GetValue<string>();

    private static bool Is(JsonNode e, string persistenceId, string name) =>
        e["persistence_id"]!.GetValue<string>() == persistenceId && e["event"]!.GetValue<string>() == name;

    /// <summary>Polls until <paramref name="probe"/> answers non-null; fails early if the host exits.</summary>
    private static async Task<T> WaitFor<T>(Func<Task<T?>> probe, MovieSyncProcess run) where T : class
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            Assert.False(run.HasExited, $"moviesync run exited:\n{run.Output}");
            try
            {
                if (await probe() is { } found)
                    return found;
            }
            catch (HttpRequestException)
            {
                // the API is not listening yet
            }

            Assert.True(DateTime.UtcNow < deadline, $"timed out; host output so far:\n{run.Output}");
            await Task.Delay(200);
        }
    }
}
