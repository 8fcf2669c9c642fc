namespace MovieSync.Actors.Adapters.Grabbing;

/// <summary>How much room the file system of a directory has left (specs pass one they control).</summary>
public interface IFreeSpaceProbe
{
    /// <summary>Bytes free to MovieSync on the file system holding <paramref name="directory"/>; throws <see cref="IOException"/> when it cannot tell.</summary>
    long FreeBytes(string directory);
}
