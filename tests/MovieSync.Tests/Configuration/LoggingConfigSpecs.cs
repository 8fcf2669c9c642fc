using System.Text.Json.Nodes;
using MovieSync.Configuration;
using MovieSync.Tests.Support;
using Xunit;

namespace MovieSync.Tests.Configuration;

/// <summary><c>logging.format</c>: "text" (the default) or "json", in any case; anything else is refused naming the key (exit 2).</summary>
public sealed class LoggingConfigSpecs : IDisposable
{
    private readonly string _home = Directory.CreateTempSubdirectory("moviesync-logging-config-").FullName;

    public void Dispose() => Directory.Delete(_home, recursive: true);

    [Fact]
    public void Without_the_section_the_log_is_text()
    {
        Assert.Equal(LogFormat.Text, Load(null).Logging.Format);
    }

    [Theory]
    [InlineData("text", LogFormat.Text)]
    [InlineData("json", LogFormat.Json)]
    [InlineData("JSON", LogFormat.Json)]
    public void The_format_is_read(string value, LogFormat format)
    {
        Assert.Equal(format, Load(new JsonObject { ["format"] = value }).Logging.Format);
    }

    [Fact]
    public void The_environment_sets_it_too()
    {
        File.WriteAllText(Path.Combine(_home, ConfigLoader.FileName), """{ "username": "alice", "download_directory": "/data/movies" }""");

        var options = ConfigLoader.Load(_home, new Dictionary<string, string?> { ["MOVIESYNC_LOGGING__FORMAT"] = "json" });

        Assert.Equal(LogFormat.Json, options.Logging.Format);
    }

    [Fact]
    public void Another_value_or_key_is_refused_naming_it()
    {
        Assert.Equal("logging.format: expected \"text\" or \"json\", got \"xml\"", Assert.Single(LoadFails("""{ "format": "xml" }""").Problems));
        Assert.Equal("logging.fromat: unknown key (did you mean logging.format?)", Assert.Single(LoadFails("""{ "fromat": "json" }""").Problems));
    }

    [Fact]
    public void Run_with_a_bad_format_exits_2_naming_the_key()
    {
        using var home = new TestHome(config => config["logging"] = new JsonObject { ["format"] = "yaml" });

        var (exit, output) = MovieSyncProcess.Run("run", "--home", home.Path);

        Assert.True(exit == 2, $"exit {exit}:\n{output}");
        Assert.Contains("logging.format: expected \"text\" or \"json\", got \"yaml\"", output);
    }

    private MovieSyncOptions Load(JsonObject? logging)
    {
        var config = new JsonObject { ["username"] = "alice", ["download_directory"] = "/data/movies" };
        if (logging is not null)
            config["logging"] = logging;
        File.WriteAllText(Path.Combine(_home, ConfigLoader.FileName), config.ToJsonString());
        return ConfigLoader.Load(_home, new Dictionary<string, string?>());
    }

    private ConfigurationException LoadFails(string logging)
    {
        File.WriteAllText(Path.Combine(_home, ConfigLoader.FileName),
            $$"""{ "username": "alice", "download_directory": "/data/movies", "logging": {{logging}} }""");
        return Assert.Throws<ConfigurationException>(() => ConfigLoader.Load(_home, new Dictionary<string, string?>()));
    }
}
