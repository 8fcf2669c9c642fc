using System.Text.Json;
using System.Text.Json.Nodes;

namespace MovieSync.Tests.Support;

/// <summary>A throw-away home folder with a valid config.json whose retry schedule runs in seconds.</summary>
public sealed class TestHome : IDisposable
{
    /// <param name="under">A folder to make the home in (a small file system, say); a new temporary folder by default.</param>
    public TestHome(Action<JsonObject>? configure = null, string? under = null)
    {
        Path = under is null
            ? Directory.CreateTempSubdirectory("moviesync-home-").FullName
            : Directory.CreateDirectory(System.IO.Path.Combine(under, "home")).FullName;
        Downloads = Directory.CreateDirectory(System.IO.Path.Combine(Path, "downloads")).FullName;
        var config = new JsonObject
        {
            ["username"] = "test_user",
            ["download_directory"] = Downloads,
            ["check_interval"] = 3600,
            ["retry_interval"] = 1,
            ["max_retries"] = 3,
            ["backoff_multiplier"] = 2.0,
            ["max_retry_delay"] = 2,
            ["dashboard"] = new JsonObject { ["listen"] = "127.0.0.1:0" },
            // No free-space minimum: specs not about disk space must not wait on a test machine short of room.
            ["disk"] = new JsonObject { ["min_free_gb"] = 0 },
        };
        configure?.Invoke(config);
        File.WriteAllText(ConfigFile, config.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        // Owner-only, as MovieSync writes it: a config open to others is warned about.
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(ConfigFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    public string Path { get; }

    public string Downloads { get; }

    public string ConfigFile => System.IO.Path.Combine(Path, "config.json");

    public string JournalFile => System.IO.Path.Combine(Path, "moviesync.db");

    public string FileNamed(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // a child process may still hold the journal; the OS cleans temp folders
        }
    }
}
