using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using MovieSync.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace MovieSync.Tests.Host;

/// <summary>The real `demo --accounts N`: two FileList accounts on the simulated FileList, the second one rejected halfway.</summary>
public sealed class DemoAccountsSpecs(ITestOutputHelper output)
{
    /// <summary>The demo's films with a torrent on the simulated FileList (Amélie is already on disk, the others have none).</summary>
    private static readonly string[] Films =
    [
        "The Matrix (1999)", "Léon: The Professional (1994)", "WALL·E (2008)", "Se7en (1995)", "Dune (2021)", "Spirited Away (2001)",
        "Dune (1984)", "Perfect Days (2023)", "Parasite (2019)",
    ];

    /// <summary>The demo's films with no torrent: each fails its first attempt and waits for a retry.</summary>
    private static readonly string[] NoTorrent = ["8½ (1963)", "A Quiet Festival Short (2024)"];

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(45);

    [Fact]
    public async Task Both_accounts_serve_films_the_second_is_shown_rejected_and_every_film_is_grabbed_once_with_no_passkey_shown()
    {
        using var demo = MovieSyncProcess.Start("demo", "--accounts", "2", "--simulated-client", "--keep");
        string? home = null;
        try
        {
            // Every film added, both films without a torrent failed once (the watchlist's last film is tracked after
            // the others are added: stopping before that left it pending), and the host saw bob's rejection; then
            // Ctrl+C (SIGTERM) prints the final report.
            var waited = Stopwatch.StartNew();
            while (waited.Elapsed < Patience && !demo.HasExited &&
                   !(Films.All(f => Added(demo.Output, f) > 0) && NoTorrent.All(f => demo.Output.Contains($"{f}: retry 1 in")) &&
                     demo.Output.Contains("FileList rejected the credentials of account bob")))
                await Task.Delay(200);
            home = Regex.Match(demo.Output, @"demo in a throw-away home: (\S+)").Groups[1].Value;
            demo.Terminate();
            Assert.Equal(0, demo.WaitForExit(TimeSpan.FromSeconds(30)));
            var text = demo.Output;
            output.WriteLine(text);

            // Which account served which film: both served, each film once.
            Assert.Contains("the simulated FileList served its .torrent to alice", text);
            Assert.Contains("the simulated FileList served its .torrent to bob", text);
            Assert.All(Films, f => Assert.Equal(1, Regex.Count(text, Regex.Escape($"📥 {f}: the simulated FileList served its .torrent to "))));
            Assert.All(Films, f => Assert.True(Added(text, f) == 1, $"{f} added {Added(text, f)} times"));
            Assert.Contains("The simulated FileList served 9 .torrent files, for 9 of the 9 films that have one: each film once", text);

            // The moment bob is rejected, FileList's answer, the host noticing, and alice carrying on after it.
            var rejectedAt = text.IndexOf("from now on the simulated FileList rejects bob's passkey", StringComparison.Ordinal);
            Assert.True(rejectedAt > 0, "the rejection is announced");
            Assert.Contains("⛔ The simulated FileList refused a search by bob: 403 {\"error\":\"Invalid passkey/username!\"}", text);
            Assert.Contains("warn: account[0] FileList rejected the credentials of account bob", text);
            Assert.True(text.LastIndexOf("served its .torrent to alice", StringComparison.Ordinal) > rejectedAt, "alice serves films after bob is rejected");

            // The accounts table at the end.
            var rows = Regex.Matches(text, @"^\s+(alice|bob)\s+local\s+(\S+)\s+(\d+)/150\s+(\d+)\s+(\d+)$", RegexOptions.Multiline)
                .ToDictionary(m => m.Groups[1].Value, m => (State: m.Groups[2].Value, Downloads: int.Parse(m.Groups[5].Value)));
            Assert.Equal("ok", rows["alice"].State);
            Assert.Equal("credentials_rejected", rows["bob"].State);
            Assert.True(rows["alice"].Downloads >= 1 && rows["bob"].Downloads >= 1, $"downloads: alice {rows["alice"].Downloads}, bob {rows["bob"].Downloads}");
            Assert.Equal(9, rows["alice"].Downloads + rows["bob"].Downloads);

            // The journal agrees: the 9 films and Amélie (on disk) are downloading or complete, the two without a
            // torrent failed (permanently after 3 retries, on a slow machine), none waits.
            var (code, json) = MovieSyncProcess.Run("status", "--json", "--home", home);
            Assert.True(code == 0, json);
            var status = JsonDocument.Parse(json).RootElement;
            Assert.Equal(10, status.GetProperty("downloading").GetInt32() + status.GetProperty("completed").GetInt32());
            Assert.Equal(0, status.GetProperty("pending").GetInt32());
            Assert.Equal(2, status.GetProperty("failed").GetInt32() + status.GetProperty("permanent_failures").GetInt32());

            // filelist.accounts holds both accounts; neither passkey is ever shown.
            var accounts = JsonDocument.Parse(File.ReadAllText(Path.Combine(home, "config.json"))).RootElement
                .GetProperty("filelist").GetProperty("accounts").EnumerateArray().ToList();
            Assert.Equal(["alice", "bob"], accounts.Select(a => a.GetProperty("username").GetString()));
            foreach (var passkey in accounts.Select(a => a.GetProperty("passkey").GetString()!))
            {
                Assert.Matches("^[0-9a-f]{32}$", passkey);
                Assert.DoesNotContain(passkey, text + json, StringComparison.OrdinalIgnoreCase);
            }
        }
        finally
        {
            if (!string.IsNullOrEmpty(home) && Directory.Exists(home))
                Directory.Delete(home, recursive: true);
        }
    }

    [Theory]
    [InlineData("0")]
    [InlineData("5")]
    public void Accounts_outside_one_to_four_is_bad_usage_naming_the_option(string count)
    {
        var (code, text) = MovieSyncProcess.Run("demo", "--accounts", count);

        Assert.Equal(2, code);
        Assert.Contains($"--accounts must be from 1 to 4, got {count}", text);
    }

    /// <summary>How many times the host logged the film's torrent as added to qBittorrent.</summary>
    private static int Added(string text, string film) => Regex.Count(text, Regex.Escape(film) + @": torrent \S+ added");
}
