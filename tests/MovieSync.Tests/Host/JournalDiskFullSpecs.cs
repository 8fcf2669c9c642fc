using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using MovieSync.Actors.Hosting;
using MovieSync.Host.Journal;
using MovieSync.Simulators.Letterboxd;
using MovieSync.Simulators.Notifications;
using MovieSync.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace MovieSync.Tests.Host;

/// <summary>
/// The real `run` with its home on a small tmpfs that fills up and then has room again: while full, the log says why
/// (once, not per failure), `status` reports the journal unavailable with the cause, a state change fails at once with
/// exit 1; once there is room every film added meanwhile is grabbed exactly once, with no restart of the process.
/// Mounting needs root (as the test script runs); the mount is the test's own and is removed afterwards.
/// </summary>
public sealed class JournalDiskFullSpecs(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly List<FakeFilm> _films = FakeFilm.Generated(8, first: 300).ToList();
    private readonly string _mount = Directory.CreateTempSubdirectory("moviesync-tmpfs-").FullName;
    private FakeServices _services = null!;
    private FakeNotificationReceiver _hook = null!;

    public async Task InitializeAsync()
    {
        Shell("mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", _mount);
        _hook = await FakeNotificationReceiver.StartAsync();
        _services = await FakeServices.StartAsync(_films, listed: _films.Take(4), checkInterval: 1, homeUnder: _mount,
            configure: config => config["notifications"] = new JsonArray(new JsonObject
            {
                ["type"] = "webhook", ["url"] = _hook.Url("hook").ToString(), ["events"] = new JsonArray("attention"),
            }));
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _hook.DisposeAsync();
        Shell("umount", "-l", _mount);
        Directory.Delete(_mount);
    }

    [Fact]
    public async Task Films_added_while_the_disk_is_full_are_grabbed_once_when_it_has_room_again()
    {
        // The journal alarm after 1 s instead of 2 min.
        using var run = MovieSyncProcess.Start([.. _services.Run(letterboxdDelayMs: 0), "--journal-alarm-seconds", "1"]);
        await _services.WaitUntil(() => _services.QBittorrent.TorrentCount == 4, run);
        // The add reaches qBittorrent before its TorrentAdded is written: wait for those too, or the disk fills between.
        // One reader per wait, closed before the disk fills (it is an actor system: not one per look).
        await using (var reader = OpenJournal())
            await _services.WaitUntil(() => reader.AllAddedAsync(_films.Take(4)), run);
        Assert.Equal("wal", Pragma("journal_mode"));

        // Empty the write-ahead log into the database, so that the next commit needs new room on the disk; then fill it.
        await TruncateWriteAheadLogAsync();
        var filler = Path.Combine(_mount, "filler");
        Fill(filler);
        var fullAt = Stopwatch.StartNew();
        _services.Letterboxd.AddFilms(FakeServices.User, _films.Skip(4));

        var journal = await WaitForJournalAsync(run, state => state == JournalView.Unavailable);
        Assert.Contains("disk is full", journal.GetProperty("cause").GetString());
        Assert.Equal(4, _services.QBittorrent.TorrentCount); // nothing recorded, nothing grabbed meanwhile

        var change = Stopwatch.StartNew();
        var (retryExit, retryOutput) = MovieSyncProcess.Run("retry", _films[0].ImdbId!, "--home", _services.Home.Path);
        change.Stop();
        Assert.Equal(1, retryExit);
        Assert.Contains("cannot be written", retryOutput);
        Assert.Contains("disk is full", retryOutput);
        Assert.True(change.Elapsed < TimeSpan.FromSeconds(10), $"retry took {change.Elapsed}");

        var (statusExit, statusOutput) = MovieSyncProcess.Run("status", "--home", _services.Home.Path);
        Assert.Equal(0, statusExit);
        Assert.Contains("Journal unavailable since", statusOutput);
        Assert.Contains("disk is full", statusOutput);

        // The channel is alerted although nothing can be journaled.
        await _services.WaitUntil(() => Messages().Any(m => m.StartsWith("MovieSync cannot write its journal since") && m.Contains("disk is full")), run);

        File.Delete(filler); // room again
        output.WriteLine($"disk full for {fullAt.Elapsed}");
        await _services.WaitUntil(() => _services.QBittorrent.TorrentCount == _films.Count, run, seconds: 60);
        await using var journalReader = OpenJournal();
        await _services.WaitUntil(() => journalReader.AllAddedAsync(_films), run); // recorded, not only in qBittorrent
        await WaitForJournalAsync(run, state => state == JournalView.Ok);
        await _services.WaitUntil(() => Messages().Any(m => m.StartsWith("The journal can be written again")), run);
        await Task.Delay(TimeSpan.FromSeconds(1)); // room for a second add, were there one
        Assert.False(run.HasExited);
        run.Terminate();
        Assert.Equal(0, run.WaitForExit(TimeSpan.FromSeconds(30)));
        output.WriteLine(run.Output);

        Assert.Equal(_films.Count, _services.QBittorrent.AddRequests);
        var lines = run.Output.Split('\n');
        Assert.Single(lines, l => l.Contains("The journal cannot be written") && l.Contains("disk is full"));
        Assert.Single(lines, l => l.Contains("The journal is writable again"));
        Assert.Equal(2, Messages().Count); // the alarm and the all-clear, each once
        Assert.DoesNotContain(lines, l => l.Contains("Failed to persist")); // each failure is not a line of its own
        Assert.All(await journalReader.TorrentsAddedAsync(_films), added => Assert.Single(added));
    }

    /// <summary>The messages of the notifications the webhook accepted.</summary>
    private List<string> Messages() =>
        _hook.Accepted.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("message").GetString()!).ToList();

    private JournalReader OpenJournal() => JournalReader.Open(JournalOptions.Sqlite(_services.Home.JournalFile).ConnectionString);

    /// <summary>`status --json`'s journal object once <paramref name="until"/> holds for its state (within 30 s).</summary>
    private async Task<JsonElement> WaitForJournalAsync(MovieSyncProcess run, Func<string?, bool> until)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var (exit, text) = MovieSyncProcess.Run("status", "--json", "--home", _services.Home.Path);
            Assert.Equal(0, exit);
            var journal = JsonDocument.Parse(text).RootElement.GetProperty("journal").Clone();
            if (until(journal.GetProperty("state").GetString()))
                return journal;
            if (run.HasExited || DateTime.UtcNow > deadline)
                throw new TimeoutException($"status still says {journal}\n{run.Output}");
            await Task.Delay(200);
        }
    }

    /// <summary>
    /// Checkpoints the write-ahead log until it is truncated to nothing. The host's readers (the dashboard follows the
    /// journal) can keep one checkpoint from truncating it, and a write-ahead log left at its size would take the next
    /// commits without needing new room on the disk.
    /// </summary>
    private async Task TruncateWriteAheadLogAsync()
    {
        var wal = new FileInfo(_services.Home.JournalFile + "-wal");
        for (var attempt = 0; ; attempt++)
        {
            var busy = Pragma("wal_checkpoint(TRUNCATE)");
            wal.Refresh();
            if (busy == "0" && wal.Exists && wal.Length == 0)
                return;
            if (attempt == 100)
                throw new TimeoutException($"the write-ahead log stays at {(wal.Exists ? wal.Length : -1)} bytes (busy: {busy})");
            await Task.Delay(50);
        }
    }

    private string? Pragma(string pragma)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
            { DataSource = _services.Home.JournalFile, Pooling = false, DefaultTimeout = 5 }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA " + pragma;
        return command.ExecuteScalar()?.ToString();
    }

    /// <summary>Writes <paramref name="file"/> until the file system has no room left.</summary>
    private static void Fill(string file)
    {
        var block = new byte[64 * 1024];
        using var stream = new FileStream(file, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.WriteThrough);
        try
        {
            while (true)
                stream.Write(block);
        }
        catch (IOException)
        {
            // full
        }

        try
        {
            stream.Write(block.AsSpan(0, 1)); // and the last few bytes
        }
        catch (IOException)
        {
        }
    }

    private static void Shell(string command, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(command, args) { RedirectStandardError = true })!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{command} {string.Join(' ', args)} failed ({process.ExitCode}): {error}");
    }
}
