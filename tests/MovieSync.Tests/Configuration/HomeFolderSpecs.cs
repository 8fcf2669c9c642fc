using MovieSync.Configuration;
using Xunit;

namespace MovieSync.Tests.Configuration;

public sealed class HomeFolderSpecs
{
    private static Func<string, string?> Environment(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;

    [Fact]
    public void The_option_wins_over_the_environment_which_wins_over_the_default()
    {
        var environment = Environment(("MOVIESYNC_HOME", "/from/env"), ("HOME", "/home/alice"));

        Assert.Equal("/from/option", HomeFolder.Resolve("/from/option", environment));
        Assert.Equal("/from/env", HomeFolder.Resolve(null, environment));
        Assert.Equal("/home/alice/.movie_sync", HomeFolder.Resolve(null, Environment(("HOME", "/home/alice"))));
        Assert.Equal("/home/alice/sync", HomeFolder.Resolve("~/sync", Environment(("HOME", "/home/alice"))));
    }

    [Fact]
    public void A_new_home_is_created_readable_only_by_its_owner()
    {
        var parent = Directory.CreateTempSubdirectory("moviesync-parent-").FullName;
        var home = Path.Combine(parent, "home");
        try
        {
            HomeFolder.Ensure(home);

            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(home));
            var secrets = Path.Combine(home, "secrets");
            HomeFolder.RestrictToOwner(secrets);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(secrets));
        }
        finally
        {
            Directory.Delete(parent, recursive: true);
        }
    }

    [Fact]
    public void A_home_that_cannot_be_written_is_a_clear_error()
    {
        var blocker = Path.GetTempFileName();
        try
        {
            var error = Assert.Throws<ConfigurationException>(() => HomeFolder.Ensure(Path.Combine(blocker, "home")));

            Assert.StartsWith($"home folder {blocker}/home is not writable", error.Message);
            Assert.Contains("--home or MOVIESYNC_HOME", error.Message);
        }
        finally
        {
            File.Delete(blocker);
        }
    }
}
