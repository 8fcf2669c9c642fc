using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;
using MovieSync.Tests.Support;
using Xunit;

namespace MovieSync.Tests.Host;

/// <summary>
/// With <c>letterboxd.source: export</c> and <c>export_path</c> naming a folder, `status` names the export in use (the
/// newest of the member's) and its age, and says when it is older than 30 days (issue 13).
/// </summary>
public sealed class StatusExportSpecs : IDisposable
{
    private readonly DirectoryInfo _exports = Directory.CreateTempSubdirectory("moviesync-status-exports-");

    public void Dispose() => _exports.Delete(recursive: true);

    private string Export(DateTimeOffset exportedAt)
    {
        var path = Path.Combine(_exports.FullName,
            $"letterboxd-test_user-{exportedAt.UtcDateTime.ToString("yyyy-MM-dd-HH-mm", CultureInfo.InvariantCulture)}-utc.zip");
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        using var writer = new StreamWriter(zip.CreateEntry("watchlist.csv").Open());
        writer.Write("Date,Name,Year,Letterboxd URI\n2024-01-05,The Matrix,1999,https://boxd.it/2bg8\n");
        return path;
    }

    [Fact]
    public void Status_names_the_newest_export_and_its_age_and_flags_one_older_than_30_days()
    {
        Export(DateTimeOffset.UtcNow.AddDays(-60));
        var newest = Export(DateTimeOffset.UtcNow.AddDays(-45));
        using var home = new TestHome(config =>
            config["letterboxd"] = new JsonObject { ["source"] = "export", ["export_path"] = _exports.FullName });

        var (code, text) = MovieSyncProcess.Run("status", "--home", home.Path);
        var (jsonCode, json) = MovieSyncProcess.Run("status", "--json", "--home", home.Path);

        Assert.True(code == 0, text);
        Assert.Contains($"Watchlist export: {newest} (exported ", text);
        Assert.Contains("45d", text);
        Assert.Contains("older than 30 days: export your data again", text);
        Assert.True(jsonCode == 0, json);
        var export = JsonDocument.Parse(json).RootElement.GetProperty("watchlist_export");
        Assert.Equal(newest, export.GetProperty("path").GetString());
        Assert.Equal(45, export.GetProperty("age_days").GetInt32());
        Assert.True(export.GetProperty("stale").GetBoolean());
    }

    [Fact]
    public void Status_of_a_watchlist_read_from_the_site_says_nothing_of_exports()
    {
        using var home = new TestHome();

        var (code, json) = MovieSyncProcess.Run("status", "--json", "--home", home.Path);

        Assert.True(code == 0, json);
        Assert.False(JsonDocument.Parse(json).RootElement.TryGetProperty("watchlist_export", out _));
    }
}
