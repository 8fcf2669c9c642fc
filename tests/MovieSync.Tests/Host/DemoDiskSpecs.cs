using System.Diagnostics;
using System.Text.RegularExpressions;
using MovieSync.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace MovieSync.Tests.Host;

/// <summary>The real `demo --simulated-client`: a film waits for the disk budget until an earlier download completes, then is grabbed.</summary>
public sealed class DemoDiskSpecs(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_film_waits_for_the_disk_budget_and_is_grabbed_once_an_earlier_download_completes()
    {
        using var demo = MovieSyncProcess.Start("demo", "--simulated-client");
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < Patience && !demo.HasExited && WaitedThenAdded(demo.Output) is null)
            await Task.Delay(200);
        demo.Terminate();
        Assert.Equal(0, demo.WaitForExit(TimeSpan.FromSeconds(30)));
        var text = demo.Output;
        output.WriteLine(text);

        Assert.Contains("Disk budget: 55 GB (disk.budget_gb)", text);
        var film = WaitedThenAdded(text);
        Assert.True(film is not null, "no film waited for the disk budget and was added afterwards");
        // Held back by the download in progress, let go once one completed; added once.
        var waitedAt = text.IndexOf($"{film}: waiting until", StringComparison.Ordinal);
        var completedAt = text.IndexOf(": download complete at", waitedAt, StringComparison.Ordinal);
        var fitsAt = text.IndexOf($"💾 {film} fits the disk budget now", StringComparison.Ordinal);
        Assert.True(waitedAt < completedAt && completedAt < fitsAt, $"{film}: waited at {waitedAt}, a download completed at {completedAt}, fits at {fitsAt}");
        Assert.Single(Regex.Matches(text, Regex.Escape(film!) + @": torrent \S+ added"));
        Assert.DoesNotContain(text.Split('\n'), l => l.Contains(film!) && l.Contains("attempt failed", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>A film whose wait for the disk budget was logged and whose torrent was added after it; null while there is none.</summary>
    private static string? WaitedThenAdded(string text)
    {
        foreach (Match wait in Regex.Matches(text, @"\] (.+?): waiting until \S+ \S+: disk budget: "))
        {
            var film = wait.Groups[1].Value;
            var added = Regex.Match(text[wait.Index..], Regex.Escape(film) + @": torrent \S+ added");
            if (added.Success)
                return film;
        }

        return null;
    }
}
