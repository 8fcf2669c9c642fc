using System.Globalization;

namespace MovieSync.Clients.Library;

/// <summary>
/// <c>&lt;download_directory&gt;/.moviesync-trash</c>: where <c>letterboxd.on_removed: remove_files</c> moves a finished film's
/// files instead of deleting them. Each removal gets a folder named by its UTC time, holding the film's file or folder
/// under its own name; folders older than <see cref="KeptFor"/> are emptied. Nothing outside the trash is ever deleted.
/// </summary>
public sealed class FilmTrash
{
    public const string FolderName = ".moviesync-trash";
    private const string StampFormat = "yyyy-MM-dd'T'HH-mm-ss'Z'";

    /// <summary>How long a removed film stays in the trash.</summary>
    public static readonly TimeSpan KeptFor = TimeSpan.FromDays(30);

    private readonly string _downloadDirectory;
    private readonly IReadOnlyList<string> _protected;

    /// <param name="protectedPaths">Folders never moved, nor anything holding them (qBittorrent's save path).</param>
    public FilmTrash(string downloadDirectory, params IEnumerable<string?> protectedPaths)
    {
        _downloadDirectory = Path.TrimEndingDirectorySeparator(Path.GetFullPath(downloadDirectory));
        Folder = Path.Combine(_downloadDirectory, FolderName);
        _protected = protectedPaths.OfType<string>().Where(p => p.Length > 0).Select(p => Path.TrimEndingDirectorySeparator(Path.GetFullPath(p)))
            .Append(_downloadDirectory).ToList();
    }

    public string Folder { get; }

    /// <summary>
    /// Moves the film's file or folder at <paramref name="path"/> into the trash and answers where it went; null when
    /// nothing is there (already moved, or removed by hand).
    /// </summary>
    /// <exception cref="IOException">It could not be moved; the message names it. It is then where it was.</exception>
    /// <exception cref="InvalidOperationException">The path is one that must never be moved (a library or system folder).</exception>
    public string? MoveIn(string path, DateTimeOffset now)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        var isFile = File.Exists(full);
        if (!isFile && !Directory.Exists(full))
            return null;
        if (Refusal(full) is { } refusal)
            throw new InvalidOperationException($"'{full}' is not moved to the trash: {refusal}");

        var entry = Path.Combine(Folder, now.UtcDateTime.ToString(StampFormat, CultureInfo.InvariantCulture));
        Directory.CreateDirectory(entry);
        var target = Path.Combine(entry, Path.GetFileName(full));
        for (var n = 2; File.Exists(target) || Directory.Exists(target); n++)
            target = Path.Combine(entry, $"{Path.GetFileName(full)} ({n})");

        if (isFile)
            File.Move(full, target); // copies and deletes across file systems
        else
            MoveFolder(full, target);
        return target;
    }

    /// <summary>Deletes the trash's removals older than <see cref="KeptFor"/>; answers how many went.</summary>
    public int EmptyOlderThan(DateTimeOffset now)
    {
        if (!Directory.Exists(Folder))
            return 0;
        var emptied = 0;
        foreach (var entry in new DirectoryInfo(Folder).EnumerateDirectories())
        {
            // Only the folders this class made (named by their time): anything else put here is left alone.
            if (!DateTime.TryParseExact(entry.Name, StampFormat, CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at)
                || now - new DateTimeOffset(at, TimeSpan.Zero) < KeptFor)
                continue;
            entry.Delete(recursive: true);
            emptied++;
        }

        return emptied;
    }

    private string? Refusal(string full)
    {
        if (Path.GetPathRoot(full) is { } root && Path.TrimEndingDirectorySeparator(root) == full)
            return "it is the root of a file system";
        if (IsInside(full, Folder) || full == Folder)
            return "it is in the trash already";
        return _protected.FirstOrDefault(p => p == full || IsInside(p, full)) is { } held
            ? $"it is or holds {held}, which MovieSync keeps films in"
            : null;
    }

    private static bool IsInside(string path, string folder) =>
        path.StartsWith(Path.TrimEndingDirectorySeparator(folder) + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    /// <summary>A rename where it can; across file systems a copy whose source is deleted only once the copy is whole.</summary>
    private static void MoveFolder(string source, string target)
    {
        try
        {
            Directory.Move(source, target);
        }
        catch (IOException) when (Directory.Exists(source) && !Directory.Exists(target)) // another file system
        {
            Copy(new DirectoryInfo(source), target);
            Directory.Delete(source, recursive: true);
        }
    }

    private static void Copy(DirectoryInfo source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var file in source.EnumerateFiles())
            file.CopyTo(Path.Combine(target, file.Name));
        foreach (var folder in source.EnumerateDirectories())
            Copy(folder, Path.Combine(target, folder.Name));
    }
}
