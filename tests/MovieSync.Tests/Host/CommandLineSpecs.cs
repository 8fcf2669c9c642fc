using System.Text.Json;
using MovieSync.Actors.Adapters.Simulation;
using MovieSync.Tests.Support;
using Xunit;

namespace MovieSync.Tests.Host;

/// <summary>The CLI as a user meets it: real processes, real homes, exit codes and one-line errors.</summary>
public sealed class CommandLineSpecs : IDisposable
{
    private readonly TestHome _home = new();

    public void Dispose() => _home.Dispose();

    private (int ExitCode, string Output) Moviesync(params string[] args) =>
        MovieSyncProcess.Run([.. args, "--home", _home.Path]);

    [Fact]
    public void Status_of_a_new_home_is_all_zero_and_json_has_the_contract_keys()
    {
        var (code, output) = Moviesync("status", "--json");

        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output);
        foreach (var key in new[] { "pending", "failed", "permanent_failures", "downloading", "completed" })
            Assert.Equal(0, json.RootElement.GetProperty(key).GetInt32());
    }

    [Fact]
    public async Task History_and_status_read_a_journal_a_run_left_behind()
    {
        var planFile = _home.FileNamed("plan.json");
        new SimulationPlan(
            [new("tt0133093", "The Matrix", 1999), new("tt0087182", "Dune", 1984, FailAttempts: 9)],
            GrabSeconds: 0.05, DownloadSeconds: 0.5, _home.FileNamed("ledger.txt"), _home.Downloads).Save(planFile);
        using (var run = MovieSyncProcess.Start("run", "--home", _home.Path, "--simulation", planFile))
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (!(run.Output.Contains("download complete") && run.Output.Contains("permanent failure after")) && DateTime.UtcNow < deadline)
                await Task.Delay(200);
            run.Terminate();
            Assert.Equal(0, run.WaitForExit(TimeSpan.FromSeconds(30)));
        }

        var (code, text) = Moviesync("history", "tt0087182");
        Assert.Equal(0, code);
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("movie-queued", lines[0]);
        Assert.Contains("title=\"Dune\" year=1984", lines[0]);
        Assert.Contains("attempt-failed", lines[1]);
        Assert.Contains("failures=1", lines[1]);
        Assert.Contains("movie-failed-permanently", lines[^1]);
        Assert.Contains("failures=4", lines[^1]);

        (code, text) = Moviesync("history", "tt0133093", "--json");
        Assert.Equal(0, code);
        using var history = JsonDocument.Parse(text);
        var events = history.RootElement.EnumerateArray().Select(e => e.GetProperty("event").GetString()).ToList();
        Assert.Equal(["movie-queued", "torrent-added", "movie-completed"], events);
        Assert.All(history.RootElement.EnumerateArray(), e => Assert.True(e.GetProperty("at").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddHours(-1)));

        (code, text) = Moviesync("status", "--json");
        using var status = JsonDocument.Parse(text);
        Assert.Equal(1, status.RootElement.GetProperty("completed").GetInt32());
        Assert.Equal(1, status.RootElement.GetProperty("permanent_failures").GetInt32());
    }

    [Theory]
    [InlineData("tt9999999", "ID 'tt9999999' is not a movie MovieSync has seen")]
    [InlineData("Not An Id!", "'Not An Id!' is not a movie id: expected an IMDb id such as tt0133093 or a Letterboxd slug such as the-matrix")]
    public void History_of_an_unknown_or_malformed_id_is_bad_usage(string id, string message)
    {
        var (code, output) = Moviesync("history", id);

        Assert.Equal(2, code);
        Assert.Contains(message, output);
    }

    [Fact]
    public void An_unknown_command_or_option_is_bad_usage()
    {
        Assert.Equal(2, Moviesync("frobnicate").ExitCode);
        var (code, output) = Moviesync("status", "--jsn");
        Assert.Equal(2, code);
        Assert.Contains("--jsn", output);
    }

    [Fact]
    public void A_config_that_is_not_json_is_one_line_exit_2_and_left_as_it_was()
    {
        const string broken = "{ \"username\": \"alice\", ";
        File.WriteAllText(_home.ConfigFile, broken);

        var (code, output) = Moviesync("run");

        Assert.Equal(2, code);
        var line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"error: {_home.ConfigFile}: not valid JSON at line 1, column", line);
        Assert.Equal(broken, File.ReadAllText(_home.ConfigFile));
        Assert.False(File.Exists(_home.JournalFile));
    }

    [Theory]
    [InlineData("""{ "username": "a", "download_directory": "/d", "chek_interval": 5 }""", "chek_interval: unknown key (did you mean check_interval?)")]
    [InlineData("""{ "username": "a", "download_directory": "/d", "max_retries": "five" }""", "max_retries: expected a whole number, 0 or more, got \"five\"")]
    public void A_bad_key_is_named_with_exit_2_and_nothing_overwritten(string config, string message)
    {
        File.WriteAllText(_home.ConfigFile, config);

        var (code, output) = Moviesync("run");

        Assert.Equal(2, code);
        Assert.Contains(message, output);
        Assert.Equal(config, File.ReadAllText(_home.ConfigFile));
    }

    [Fact]
    public void A_home_that_cannot_be_written_is_exit_2()
    {
        var blocker = _home.FileNamed("a-file");
        File.WriteAllText(blocker, "");

        var (code, output) = MovieSyncProcess.Run("status", "--home", Path.Combine(blocker, "home"));

        Assert.Equal(2, code);
        Assert.Contains($"home folder {blocker}/home is not writable", output);
    }

    [Theory]
    [InlineData("run")]
    [InlineData("status")]
    public void A_journal_that_is_not_sqlite_is_refused_and_left_untouched(string command)
    {
        var notes = "my notes, not a database\n"u8.ToArray();
        File.WriteAllBytes(_home.JournalFile, notes);

        var (code, output) = Moviesync(command);

        Assert.Equal(2, code);
        Assert.Contains($"{_home.JournalFile} is not a SQLite database", output);
        Assert.Equal(notes, File.ReadAllBytes(_home.JournalFile));
    }

    [Fact]
    public void Environment_overrides_reach_the_program()
    {
        var (code, output) = MovieSyncProcess.Run(new Dictionary<string, string> { ["MOVIESYNC_CHECK_INTERVAL"] = "0" },
            "run", "--home", _home.Path);

        Assert.Equal(2, code);
        Assert.Contains("MOVIESYNC_CHECK_INTERVAL (check_interval): expected a whole number of seconds, at least 1, got \"0\"", output);
    }

    [Theory]
    [InlineData("check-config")]
    [InlineData("run")]
    public void A_value_outside_a_keys_closed_set_stops_the_command_naming_the_key(string command)
    {
        var (code, output) = MovieSyncProcess.Run(new Dictionary<string, string> { ["MOVIESYNC_LETTERBOXD__SOURCE"] = "rss" },
            command, "--home", _home.Path);

        Assert.Equal(2, code);
        Assert.Contains("MOVIESYNC_LETTERBOXD__SOURCE (letterboxd.source): expected \"scrape\" or \"export\", got \"rss\"", output);
    }

    [Fact]
    public void The_home_comes_from_MOVIESYNC_HOME_and_is_created_for_its_owner_only()
    {
        var fresh = _home.FileNamed("fresh-home");

        var (code, output) = MovieSyncProcess.Run(new Dictionary<string, string> { ["MOVIESYNC_HOME"] = fresh }, "status", "--json");

        Assert.Equal(0, code);
        Assert.Contains("\"pending\"", output);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(fresh));
    }
}
