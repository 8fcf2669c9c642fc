using System.Text.Json.Nodes;
using MovieSync.Actors.Hosting;
using MovieSync.Configuration;
using MovieSync.Messages;
using MovieSync.Tests.Support;
using Xunit;

namespace MovieSync.Tests.Configuration;

/// <summary>
/// <c>letterboxd.on_removed</c> (keep, forget (default), remove_torrent, remove_files) and <c>letterboxd.removal_grace</c>
/// (seconds, default 604800): read when valid, refused naming the key otherwise (exit 2 from a command).
/// </summary>
public sealed class RemovalConfigSpecs : IDisposable
{
    private readonly string _home = Directory.CreateTempSubdirectory("moviesync-removal-config-").FullName;
    private readonly Dictionary<string, string?> _environment = new();

    public void Dispose() => Directory.Delete(_home, recursive: true);

    [Fact]
    public void Without_the_keys_removed_films_are_forgotten_after_a_week()
    {
        var options = Load(null);

        Assert.Equal(OnRemoved.Forget, options.Letterboxd.OnRemoved);
        Assert.Equal(TimeSpan.FromDays(7), options.Letterboxd.RemovalGrace);
        Assert.Equal(new RemovalRules(RemovalAction.Forget, TimeSpan.FromDays(7)), SettingsFromOptions.Watchlist(options).Removals);
        Assert.Equal(Path.Combine("/data/movies", ".moviesync-trash"), SettingsFromOptions.Movies(options).Trash!.Folder);
    }

    [Theory]
    [InlineData("keep", RemovalAction.Keep)]
    [InlineData("forget", RemovalAction.Forget)]
    [InlineData("remove_torrent", RemovalAction.RemoveTorrent)]
    [InlineData("REMOVE_FILES", RemovalAction.RemoveFiles)]
    public void Each_action_is_read(string value, RemovalAction action)
    {
        var options = Load(new JsonObject { ["on_removed"] = value, ["removal_grace"] = 0 });

        Assert.Equal(new RemovalRules(action, TimeSpan.Zero), SettingsFromOptions.Watchlist(options).Removals);
    }

    [Fact]
    public void Both_can_come_from_the_environment()
    {
        _environment["MOVIESYNC_LETTERBOXD__ON_REMOVED"] = "remove_files";
        _environment["MOVIESYNC_LETTERBOXD__REMOVAL_GRACE"] = "86400";

        var options = Load(null);

        Assert.Equal(OnRemoved.RemoveFiles, options.Letterboxd.OnRemoved);
        Assert.Equal(TimeSpan.FromDays(1), options.Letterboxd.RemovalGrace);
    }

    [Theory]
    [InlineData("\"delete\"")]
    [InlineData("\"remove-files\"")]
    [InlineData("true")]
    public void An_unknown_action_is_refused_naming_the_key_and_the_accepted_values(string value)
    {
        var error = LoadFails($$"""{ "on_removed": {{value}} }""");

        Assert.StartsWith("letterboxd.on_removed: expected \"keep\", \"forget\", \"remove_torrent\" or \"remove_files\", got ",
            Assert.Single(error.Problems));
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("\"a week\"")]
    [InlineData("1.5")]
    public void A_bad_grace_is_refused_naming_the_key(string value)
    {
        var error = LoadFails($$"""{ "removal_grace": {{value}} }""");

        Assert.StartsWith("letterboxd.removal_grace: expected a whole number of seconds, 0 or more, got ", Assert.Single(error.Problems));
    }

    [Fact]
    public void A_command_on_a_bad_action_exits_2_naming_the_key()
    {
        using var home = new TestHome(config => config["letterboxd"] = new JsonObject { ["on_removed"] = "delete" });

        var (exit, output) = MovieSyncProcess.Run("check-config", "--home", home.Path);

        Assert.True(exit == 2, $"exit {exit}:\n{output}");
        Assert.Contains("letterboxd.on_removed: expected \"keep\", \"forget\", \"remove_torrent\" or \"remove_files\", got \"delete\"", output);
    }

    private MovieSyncOptions Load(JsonObject? letterboxd)
    {
        var config = new JsonObject { ["username"] = "alice", ["download_directory"] = "/data/movies" };
        if (letterboxd is not null)
            config["letterboxd"] = letterboxd;
        File.WriteAllText(Path.Combine(_home, ConfigLoader.FileName), config.ToJsonString());
        return ConfigLoader.Load(_home, _environment);
    }

    private ConfigurationException LoadFails(string letterboxd)
    {
        File.WriteAllText(Path.Combine(_home, ConfigLoader.FileName),
            $$"""{ "username": "alice", "download_directory": "/data/movies", "letterboxd": {{letterboxd}} }""");
        return Assert.Throws<ConfigurationException>(() => ConfigLoader.Load(_home, _environment));
    }
}
