using System.Text.Json;
using System.Text.Json.Nodes;
using MovieSync.Simulators.Letterboxd;
using MovieSync.Tests.Support;
using Xunit;

namespace MovieSync.Tests.Host;

/// <summary>
/// <c>logging.format: "json"</c>: the real `run`, from its banner to its final statistics, writes one JSON object per line
/// (Microsoft.Extensions.Logging's JSON console formatter), the movie's id on its actor's entries, and no secret.
/// </summary>
public sealed class JsonLogRunSpecs : IAsyncLifetime
{
    private readonly List<FakeFilm> _films = FakeFilm.Generated(1, first: 401).ToList();
    private FakeServices? _services;

    private FakeServices Services => _services ?? throw new InvalidOperationException("no fakes started");

    public async Task InitializeAsync() =>
        _services = await FakeServices.StartAsync(_films, listed: _films, configure: config => config["logging"] = new JsonObject { ["format"] = "json" });

    public async Task DisposeAsync()
    {
        if (_services is not null)
            await Services.DisposeAsync();
    }

    [Fact]
    public async Task Every_line_is_a_json_log_entry_with_its_fields_and_no_secret()
    {
        using var run = MovieSyncProcess.Start(Services.Run(letterboxdDelayMs: 0));
        await Services.WaitUntil(() => Services.QBittorrent.TorrentCount == 1, run);
        await Services.WaitUntil(() => run.Output.Contains("Dashboard and API", StringComparison.Ordinal), run);
        // The add reaches qBittorrent before the movie logs it: stopping in between would lose the entry asserted below.
        await Services.WaitUntil(() => run.Output.Contains("torrent {Torrent} added", StringComparison.Ordinal), run);
        run.Terminate();
        Assert.Equal(0, run.WaitForExit(TimeSpan.FromSeconds(60)));

        var lines = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var entries = lines.Select(line => Parse(line, run.Output)).ToList();
        Assert.All(entries, entry =>
        {
            Assert.True(DateTimeOffset.TryParse(entry["Timestamp"]?.GetValue<string>(), out _), entry.ToJsonString());
            Assert.Contains(entry["LogLevel"]?.GetValue<string>(), new[] { "Trace", "Debug", "Information", "Warning", "Error", "Critical" });
            Assert.False(string.IsNullOrEmpty(entry["Category"]?.GetValue<string>()), entry.ToJsonString());
            Assert.NotNull(entry["Message"]);
        });
        // The banner, the dashboard's address and the final statistics are entries too.
        Assert.Contains(entries, e => e["Category"]!.GetValue<string>() == "moviesync" && e["Message"]!.GetValue<string>().Contains("MOVIE SYNC"));
        Assert.Contains(entries, e => e["Message"]!.GetValue<string>().Contains("Final Statistics"));
        // A movie actor's entries carry the movie's id, and the template's fields.
        var movieId = _films[0].ImdbId!;
        var added = Assert.Single(entries, e => e["State"]?["{OriginalFormat}"]?.GetValue<string>() == "{Movie}: torrent {Torrent} added ({Reason})");
        Assert.Equal($"movie-{movieId}", added["Category"]!.GetValue<string>());
        Assert.Contains(added["Scopes"]!.AsArray(), scope => scope?["MovieId"]?.GetValue<string>() == movieId);
        Assert.Equal(_films[0].DisplayName, added["State"]!["Movie"]!.GetValue<string>());
        Assert.Contains(_films[0].Title.Replace(' ', '.'), added["State"]!["Torrent"]!.GetValue<string>());

        Assert.DoesNotContain(Services.FileList.Passkey, run.Output);
        Assert.DoesNotContain("adminadmin", run.Output);
    }

    private static JsonObject Parse(string line, string output)
    {
        try
        {
            return JsonNode.Parse(line) as JsonObject ?? throw new JsonException("not an object");
        }
        catch (JsonException e)
        {
            throw new Xunit.Sdk.XunitException($"a line of the log is not a JSON object ({e.Message}): {line}\nwhole output:\n{output}");
        }
    }
}
