namespace MovieSync.Actors.Adapters.Grabbing;

/// <summary>
/// The operating system's answer: statvfs of the directory's file system (<see cref="DriveInfo.AvailableFreeSpace"/>,
/// the space an unprivileged user may still write, as <c>df</c>'s "Avail"). A directory not created yet is measured
/// at its nearest existing parent, where it will be created.
/// </summary>
public sealed class FileSystemFreeSpace : IFreeSpaceProbe
{
    public static FileSystemFreeSpace Instance { get; } = new();

    public long FreeBytes(string directory)
    {
        var existing = NearestExisting(Path.GetFullPath(directory));
        try
        {
            return new DriveInfo(existing).AvailableFreeSpace;
        }
        catch (Exception e) when (e is DriveNotFoundException or UnauthorizedAccessException or ArgumentException)
        {
            throw new IOException($"cannot read the free space of {existing}: {e.Message}", e);
        }
    }

    private static string NearestExisting(string path)
    {
        for (var at = path; at is not null; at = Path.GetDirectoryName(at))
            if (Directory.Exists(at))
                return at;
        return Path.GetPathRoot(path) ?? path;
    }
}
