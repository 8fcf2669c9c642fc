using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MovieSync.Clients.QBittorrent;
using MovieSync.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace MovieSync.Tests.Host;

/// <summary>
/// The real `demo --simulated-client`: The Matrix's best torrent gets no peers, stalls after the demo's short
/// <c>qbittorrent.stalled_after</c> and is replaced by the next best; the first is gone from the client, the second is
/// in it, and the film's history shows the failed attempt with the stall and the rejected info-hash.
/// </summary>
public sealed class DemoStallSpecs(ITestOutputHelper output)
{
    private const string Film = "The Matrix (1999)";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task The_stalled_best_torrent_is_removed_and_the_next_best_added_and_history_says_why()
    {
        using var demo = MovieSyncProcess.Start("demo", "--simulated-client", "--keep");
        string? home = null;
        try
        {
            var waited = Stopwatch.StartNew();
            while (waited.Elapsed < Patience && !demo.HasExited && Added(demo.Output).Count < 2)
                await Task.Delay(200);
            var added = Added(demo.Output);
            Assert.True(added.Count == 2, $"{Film} added {added.Count} time(s) within {Patience}:\n{demo.Output}");
            home = Regex.Match(demo.Output, @"demo in a throw-away home: (\S+)").Groups[1].Value;

            // In the simulated client while the demo runs: the stalled one gone, its replacement there.
            var clientUrl = new Uri(Regex.Match(demo.Output, @"qBittorrent \(simulated[^)]*\): (\S+)").Groups[1].Value);
            using (var client = new QBittorrentClient(new QBittorrentConnection(clientUrl, "admin", "adminadmin")))
            {
                var names = (await client.GetTorrentsAsync()).Select(t => t.Name).ToList();
                Assert.DoesNotContain(added[0], names);
                Assert.Contains(added[1], names);
            }

            demo.Terminate();
            Assert.Equal(0, demo.WaitForExit(TimeSpan.FromSeconds(30)));
            var text = demo.Output;
            output.WriteLine(text);
            Assert.Contains($"demo: 🐌 {added[0]}: the simulated qBittorrent gives {Film}'s best torrent no peers", text);
            Assert.Matches(Regex.Escape($"{Film}: torrent {added[0]} stalled: no progress for ") + @"\S+ at 0\.0% \(stalledDL, 0 seeds\); removed from qBittorrent with its files", text);
            Assert.Contains("(1 stalled before)", text);

            // The history: added, failed as stalled with its info-hash rejected, the next best added.
            var (code, json) = MovieSyncProcess.Run("history", "tt0133093", "--json", "--home", home);
            Assert.True(code == 0, json);
            var events = JsonNode.Parse(json)!.AsArray().Select(e => e!.AsObject()).ToList();
            var adds = events.Where(e => (string?)e["event"] == "torrent-added").ToList();
            Assert.Equal(added, adds.Select(e => (string?)e["torrent_name"]));
            var failed = Assert.Single(events, e => (string?)e["event"] == "attempt-failed");
            Assert.StartsWith("stalled: no progress for ", (string?)failed["error"]);
            Assert.Equal((string?)adds[0]["info_hash"], (string?)failed["rejected_info_hash"]);
            Assert.NotEqual((string?)adds[0]["info_hash"], (string?)adds[1]["info_hash"]);
            Assert.True(events.IndexOf(failed) > events.IndexOf(adds[0]) && events.IndexOf(failed) < events.IndexOf(adds[1]));
        }
        finally
        {
            if (!string.IsNullOrEmpty(home) && Directory.Exists(home))
                Directory.Delete(home, recursive: true);
        }
    }

    /// <summary>The names of the film's torrents as the host logged them added, in order.</summary>
    private static List<string> Added(string text) =>
        Regex.Matches(text, Regex.Escape(Film) + @": torrent (\S+) added").Select(m => m.Groups[1].Value).ToList();
}
