using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using MovieSync.Simulators.Letterboxd;
using MovieSync.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace MovieSync.Tests.Host;

/// <summary>
/// The real `run` with its download directory (and qBittorrent's save path) on a small tmpfs that a filler file keeps
/// below <c>disk.min_free_gb</c>: the films wait with the disk's reason and spend no FileList request; once the spec
/// deletes the filler they are grabbed, with no restart. Mounting needs root (as the test script runs); the mount is
/// the spec's own and is removed afterwards.
/// </summary>
public sealed class DiskSpaceRunSpecs(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly List<FakeFilm> _films = FakeFilm.Generated(3, first: 400).ToList();
    private readonly string _mount = Directory.CreateTempSubdirectory("moviesync-disk-").FullName;
    private string _downloads = null!;
    private string _filler = null!;
    private double _minFreeGb;
    private FakeServices _services = null!;

    public async Task InitializeAsync()
    {
        Shell("mount", "-t", "tmpfs", "-o", "size=48m", "tmpfs", _mount);
        _downloads = Directory.CreateDirectory(Path.Combine(_mount, "downloads")).FullName;
        // Leave about 8 MB free and ask for 6 MB more than that: deleting the filler frees about 40 MB.
        _filler = Path.Combine(_mount, "filler");
        File.WriteAllBytes(_filler, new byte[(int)(FreeBytes() - (8L << 20))]);
        _minFreeGb = (FreeBytes() + (6L << 20)) / (double)(1L << 30);
        _services = await FakeServices.StartAsync(_films, listed: _films, checkInterval: 1, configure: config =>
        {
            config["download_directory"] = _downloads;
            config["qbittorrent"]!["save_path"] = _downloads;
            config["disk"] = new JsonObject { ["min_free_gb"] = _minFreeGb };
        });
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        Shell("umount", "-l", _mount);
        Directory.Delete(_mount);
    }

    [Fact]
    public async Task Films_wait_for_room_without_a_FileList_request_and_are_grabbed_once_the_disk_has_room()
    {
        var required = _minFreeGb.ToString("0.0##", CultureInfo.InvariantCulture);
        using var run = MovieSyncProcess.Start([.. _services.Run(letterboxdDelayMs: 0), "--disk-recheck-seconds", "1"]);

        // Every film waits with the disk's reason, and looks again (each second here) without a FileList request.
        await _services.WaitUntil(() => _films.All(f => DiskWaits(run, f) >= 2), run, seconds: 45);
        Assert.Contains($"GB free, {required} GB required", run.Output);
        Assert.Empty(_services.FileList.Requests);
        Assert.Equal(0, _services.QBittorrent.AddRequests);

        var roomAt = Stopwatch.StartNew();
        File.Delete(_filler);
        await _services.WaitUntil(() => _services.QBittorrent.TorrentCount == _films.Count, run, seconds: 45);
        output.WriteLine($"grabbed {roomAt.Elapsed.TotalSeconds:0.0} s after the filler went");
        run.Terminate();
        Assert.Equal(0, run.WaitForExit(TimeSpan.FromSeconds(30)));
        output.WriteLine(run.Output);

        Assert.Equal(_films.Count, _services.FileList.SearchRequests);
        Assert.Equal(_films.Count, _services.QBittorrent.AddRequests);
        var lines = run.Output.Split('\n');
        // One line when the room ran out and one when it came back, however often the films looked.
        Assert.Single(lines, l => l.Contains($"GB free on {_downloads}, disk.min_free_gb is {required} GB"));
        Assert.Single(lines, l => l.Contains($"GB free on {_downloads} again"));
        Assert.DoesNotContain(lines, l => l.Contains("failed", StringComparison.OrdinalIgnoreCase) && l.Contains("disk:"));
    }

    /// <summary>How many times the film's wait for disk space was logged so far.</summary>
    private static int DiskWaits(MovieSyncProcess run, FakeFilm film) =>
        run.Output.Split('\n').Count(l => l.Contains($"{film.Title} ({film.Year}): waiting until") && l.Contains(": disk: "));

    private long FreeBytes() => new DriveInfo(_mount).AvailableFreeSpace;

    private static void Shell(string command, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(command, args) { RedirectStandardError = true })!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{command} {string.Join(' ', args)} failed ({process.ExitCode}): {error}");
    }
}
