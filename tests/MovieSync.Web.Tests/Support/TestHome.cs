using System.Text.Json;
using System.Text.Json.Nodes;

namespace MovieSync.Web.Tests.Support;

/// <summary>A throw-away home folder with a valid config.json; the dashboard listens on 127.0.0.1, any free port.</summary>
public sealed class TestHome : IDisposable
{
    public TestHome(Action<JsonObject>? configure = null)
    {
        Path = Directory.CreateTempSubdirectory("moviesync-web-").FullName;
        Downloads = Directory.CreateDirectory(System.IO.Path.Combine(Path, "downloads")).FullName;
        Configure(configure);
    }

    public string Path { get; }

    public string Downloads { get; }

    public string JournalFile => FileNamed("moviesync.db");

    public string FileNamed(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Writes config.json afresh: the defaults below, then <paramref name="configure"/>'s changes.</summary>
    public void Configure(Action<JsonObject>? configure)
    {
        var config = new JsonObject
        {
            ["username"] = "test_user",
            ["download_directory"] = Downloads,
            ["check_interval"] = 3600,
            ["retry_interval"] = 3600,
            ["max_retries"] = 5,
            ["backoff_multiplier"] = 2.0,
            ["max_retry_delay"] = 86400,
            ["dashboard"] = new JsonObject { ["listen"] = "127.0.0.1:0" },
            // No free-space minimum: specs not about disk space must not wait on a test machine short of room.
            ["disk"] = new JsonObject { ["min_free_gb"] = 0 },
        };
        configure?.Invoke(config);
        File.WriteAllText(FileNamed("config.json"), config.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

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
