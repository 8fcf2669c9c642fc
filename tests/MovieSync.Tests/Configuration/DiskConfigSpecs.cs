using System.Text.Json.Nodes;
using MovieSync.Actors.Hosting;
using MovieSync.Configuration;
using MovieSync.Tests.Support;
using Xunit;

namespace MovieSync.Tests.Configuration;

/// <summary>
/// The <c>disk</c> section: <c>min_free_gb</c> (default 10, decimals allowed, 0 = no check) and <c>budget_gb</c>
/// (default null = none), read when valid, refused naming the key otherwise (exit 2 from a command).
/// </summary>
public sealed class DiskConfigSpecs : IDisposable
{
    private readonly string _home = Directory.CreateTempSubdirectory("moviesync-disk-config-").FullName;
    private readonly Dictionary<string, string?> _environment = new();

    public void Dispose() => Directory.Delete(_home, recursive: true);

    [Fact]
    public void Without_the_section_ten_gigabytes_must_stay_free_and_there_is_no_budget()
    {
        var options = Load(null);

        Assert.Equal(10, options.Disk.MinFreeGb);
        Assert.Null(options.Disk.BudgetGb);
        var limits = SettingsFromOptions.Grabbing(options).Disk;
        Assert.Equal(10L << 30, limits.MinFreeBytes);
        Assert.Null(limits.BudgetBytes);
        Assert.Equal(TimeSpan.FromMinutes(5), limits.Recheck);
    }

    [Fact]
    public void The_contract_example_loads_as_written()
    {
        var options = Load(new JsonObject { ["min_free_gb"] = 10, ["budget_gb"] = null });

        Assert.Equal(10, options.Disk.MinFreeGb);
        Assert.Null(options.Disk.BudgetGb);
    }

    [Fact]
    public void Decimals_zero_and_a_budget_are_read()
    {
        var options = Load(new JsonObject { ["min_free_gb"] = 0.05, ["budget_gb"] = 250.5 });

        Assert.Equal(0.05, options.Disk.MinFreeGb);
        Assert.Equal(250.5, options.Disk.BudgetGb);
        var limits = SettingsFromOptions.Grabbing(options).Disk;
        Assert.Equal((long)(0.05 * (1L << 30)), limits.MinFreeBytes);
        Assert.Equal((long)(250.5 * (1L << 30)), limits.BudgetBytes);

        Assert.Equal(0, Load(new JsonObject { ["min_free_gb"] = 0 }).Disk.MinFreeGb);
    }

    [Fact]
    public void Both_can_come_from_the_environment()
    {
        _environment["MOVIESYNC_DISK__MIN_FREE_GB"] = "2.5";
        _environment["MOVIESYNC_DISK__BUDGET_GB"] = "40";

        var options = Load(null);

        Assert.Equal(2.5, options.Disk.MinFreeGb);
        Assert.Equal(40, options.Disk.BudgetGb);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("\"ten\"")]
    [InlineData("\"NaN\"")]
    [InlineData("\"Infinity\"")]
    [InlineData("1e300")]
    public void A_bad_minimum_is_refused_naming_the_key(string value)
    {
        var error = LoadFails($$"""{ "min_free_gb": {{value}} }""");

        Assert.StartsWith("disk.min_free_gb: expected a number of gigabytes, 0 or more (0: no check), got ", Assert.Single(error.Problems));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("\"lots\"")]
    [InlineData("true")]
    public void A_bad_budget_is_refused_naming_the_key(string value)
    {
        var error = LoadFails($$"""{ "budget_gb": {{value}} }""");

        Assert.StartsWith("disk.budget_gb: expected a number of gigabytes greater than 0, got ", Assert.Single(error.Problems));
    }

    [Fact]
    public void A_misspelt_key_and_a_section_given_as_a_number_are_refused()
    {
        Assert.Equal("disk.min_free: unknown key (did you mean disk.min_free_gb?)",
            Assert.Single(LoadFails("""{ "min_free": 3 }""").Problems));
        Assert.Equal("disk: expected an object with its own keys, got \"10\"", Assert.Single(LoadFailsWith("10").Problems));
    }

    [Fact]
    public void A_command_on_a_bad_disk_section_exits_2_naming_the_key()
    {
        using var home = new TestHome(config => config["disk"] = new JsonObject { ["budget_gb"] = -1 });

        var (exit, output) = MovieSyncProcess.Run("check-config", "--home", home.Path);

        Assert.True(exit == 2, $"exit {exit}:\n{output}");
        var line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("✘ config.json invalid:", line);
        Assert.Contains("disk.budget_gb: expected a number of gigabytes greater than 0, got \"-1\"", line);
    }

    private MovieSyncOptions Load(JsonObject? disk)
    {
        var config = new JsonObject { ["username"] = "alice", ["download_directory"] = "/data/movies" };
        if (disk is not null)
            config["disk"] = disk;
        File.WriteAllText(Path.Combine(_home, ConfigLoader.FileName), config.ToJsonString());
        return ConfigLoader.Load(_home, _environment);
    }

    private ConfigurationException LoadFails(string disk) => LoadFailsWith(disk);

    private ConfigurationException LoadFailsWith(string disk)
    {
        File.WriteAllText(Path.Combine(_home, ConfigLoader.FileName),
            $$"""{ "username": "alice", "download_directory": "/data/movies", "disk": {{disk}} }""");
        return Assert.Throws<ConfigurationException>(() => ConfigLoader.Load(_home, _environment));
    }
}
