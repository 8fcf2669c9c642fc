using System.Diagnostics;
using System.Globalization;
using MovieSync.Actors.Adapters.Grabbing;
using Xunit;

namespace MovieSync.Grabbing.Tests.Disk;

/// <summary>
/// The real free-space probe against what <c>df</c> (statvfs) says on this machine: on a small tmpfs of the spec's own
/// (mounting needs root, as the test script runs), where nothing else writes, the two agree to the byte as a file grows.
/// </summary>
public sealed class FreeSpaceProbeSpecs : IDisposable
{
    private readonly string _mount = Directory.CreateTempSubdirectory("moviesync-freespace-").FullName;

    public FreeSpaceProbeSpecs() => Run("mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", _mount);

    public void Dispose()
    {
        Run("umount", "-l", _mount);
        Directory.Delete(_mount);
    }

    [Fact]
    public void The_probe_says_what_df_says_for_a_directory_and_sees_a_file_take_room()
    {
        var directory = Directory.CreateDirectory(Path.Combine(_mount, "downloads")).FullName;
        var probe = FileSystemFreeSpace.Instance;

        var before = probe.FreeBytes(directory);
        Assert.Equal(Df(directory), before);
        Assert.InRange(before, 15L << 20, 16L << 20);

        File.WriteAllBytes(Path.Combine(directory, "film.mkv"), new byte[4 << 20]);
        var after = probe.FreeBytes(directory);

        Assert.Equal(Df(directory), after);
        Assert.Equal(4L << 20, before - after);
    }

    [Fact]
    public void A_directory_not_made_yet_is_measured_where_it_will_be_made()
    {
        var missing = Path.Combine(_mount, "not", "yet");

        Assert.Equal(Df(_mount), FileSystemFreeSpace.Instance.FreeBytes(missing));
        Assert.NotEqual(Df("/"), FileSystemFreeSpace.Instance.FreeBytes(missing)); // the tmpfs, not the root file system
    }

    /// <summary>df's "Avail" in bytes: statvfs's f_bavail × f_frsize.</summary>
    private static long Df(string directory) =>
        long.Parse(Run("df", "-B1", "--output=avail", directory).Split('\n', StringSplitOptions.RemoveEmptyEntries)[1].Trim(),
            CultureInfo.InvariantCulture);

    private static string Run(string command, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(command, args) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{command} {string.Join(' ', args)} failed ({process.ExitCode}): {error}");
        return output;
    }
}
