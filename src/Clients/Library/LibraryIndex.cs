namespace MovieSync.Clients.Library;

/// <summary>A film folder or video file found in the download directory.</summary>
public sealed record LibraryEntry(string Path, string Key, int? Year, bool IsDirectory);

/// <summary>How far a build has come; reported every few hundred entries and once when done.</summary>
public sealed record LibraryBuildProgress(int DirectoriesScanned, int EntriesIndexed, bool Done);

/// <summary>
/// The films already on disk, keyed by normalised title and year, so a film can be skipped without grabbing it.
/// Lookups are dictionary hits; <see cref="Refresh"/> rescans only when the directory's signature (mtimes) changed.
/// Safe to query from several threads: a rebuild swaps in a new snapshot.
/// </summary>
public sealed class LibraryIndex
{
    public static readonly IReadOnlySet<string> VideoExtensions = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        ".mkv", ".mp4", ".avi", ".m4v", ".ts", ".m2ts", ".mov", ".wmv", ".mpg", ".mpeg", ".webm", ".iso", ".divx", ".ogm",
    };

    private const int ProgressEvery = 500;

    private readonly int _maxDepth;
    private volatile Snapshot _snapshot;

    private LibraryIndex(string directory, int maxDepth, Snapshot snapshot)
    {
        Directory = directory;
        _maxDepth = maxDepth;
        _snapshot = snapshot;
    }

    public string Directory { get; }

    public int Count => _snapshot.Entries.Count;

    public IReadOnlyList<LibraryEntry> Entries => _snapshot.Entries;

    /// <summary>
    /// Indexes folders and video files in <paramref name="directory"/>, and video files inside undated folders
    /// (collections) down to <paramref name="maxDepth"/> levels. A missing directory gives an empty index.
    /// </summary>
    public static LibraryIndex Build(string directory, Action<LibraryBuildProgress>? progress = null, int maxDepth = 2)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDepth, 1);
        var fullPath = Path.GetFullPath(directory);
        return new LibraryIndex(fullPath, maxDepth, Scan(fullPath, maxDepth, progress));
    }

    /// <summary>The path of a film on disk with this title and year (a year off by one is tolerated), or null.</summary>
    public string? FindMatch(string title, int? year)
    {
        var snapshot = _snapshot;
        if (Find(snapshot, TitleNormalizer.Key(title), year) is { } path) return path;
        // "Léon: The Professional" is often stored as just "Leon (1994)"; only an exact year makes that safe.
        var cut = title.IndexOfAny([':', '–', '—']);
        return cut > 0 && year is not null ? Find(snapshot, TitleNormalizer.Key(title[..cut]), year, exactYearOnly: true) : null;
    }

    /// <summary>Rescans when something in the directory changed since the last scan; answers whether it did.</summary>
    public bool Refresh(Action<LibraryBuildProgress>? progress = null)
    {
        if (Signature(Directory, _snapshot.Scanned) == _snapshot.Signature) return false;
        _snapshot = Scan(Directory, _maxDepth, progress);
        return true;
    }

    private static string? Find(Snapshot snapshot, string key, int? year, bool exactYearOnly = false)
    {
        if (key.Length == 0 || !snapshot.ByKey.TryGetValue(key, out var candidates)) return null;
        if (year is null) return candidates[0].Path;
        // A film with a known year never matches a yearless or different-year entry: "Dune" 1984 is not "Dune" 2021.
        return candidates.FirstOrDefault(c => c.Year == year)?.Path
               ?? (exactYearOnly ? null : candidates.FirstOrDefault(c => c.Year is { } y && Math.Abs(y - year.Value) == 1)?.Path);
    }

    private static Snapshot Scan(string root, int maxDepth, Action<LibraryBuildProgress>? progress)
    {
        var entries = new List<LibraryEntry>();
        var scanned = new List<string>();
        if (System.IO.Directory.Exists(root))
        {
            var pending = new Queue<(string Path, int Depth)>([(root, 0)]);
            while (pending.Count > 0)
            {
                var (current, depth) = pending.Dequeue();
                scanned.Add(current);
                foreach (var info in Children(current))
                {
                    var isDirectory = info is DirectoryInfo;
                    // Hidden folders hold no library: the trash of removed films (.moviesync-trash) must not count as on disk.
                    if (isDirectory && info.Name.StartsWith('.')) continue;
                    // Folders count as films only at the top level; deeper ones are extras or nested collections.
                    if (isDirectory ? depth > 0 : !VideoExtensions.Contains(info.Extension)) continue;
                    var release = ReleaseName.Parse(isDirectory ? info.Name : Path.GetFileNameWithoutExtension(info.Name));
                    // A dated folder is one film; only undated ones ("Collection", "Kubrick") are opened to find films inside.
                    if (isDirectory && release.Year is null && depth + 1 < maxDepth) pending.Enqueue((info.FullName, depth + 1));
                    var key = TitleNormalizer.Key(release.Title);
                    if (key.Length == 0) continue;
                    entries.Add(new LibraryEntry(info.FullName, key, release.Year, isDirectory));
                    if (entries.Count % ProgressEvery == 0) progress?.Invoke(new(scanned.Count, entries.Count, false));
                }
            }
        }
        entries.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        var byKey = entries.GroupBy(e => e.Key).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        progress?.Invoke(new(scanned.Count, entries.Count, true));
        return new Snapshot(entries, byKey, scanned, Signature(root, scanned));
    }

    private static IEnumerable<FileSystemInfo> Children(string directory)
    {
        try
        {
            return new DirectoryInfo(directory).EnumerateFileSystemInfos("*", new EnumerationOptions
            {
                IgnoreInaccessible = true, AttributesToSkip = FileAttributes.System, RecurseSubdirectories = false,
            }).ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return []; }
    }

    // A folder's mtime changes whenever an entry is added, removed or renamed in it; only the scanned folders matter.
    private static long Signature(string root, IReadOnlyList<string> scanned)
    {
        if (!System.IO.Directory.Exists(root)) return 0;
        var hash = new HashCode();
        hash.Add(System.IO.Directory.GetLastWriteTimeUtc(root).Ticks);
        foreach (var directory in scanned)
        {
            hash.Add(directory);
            hash.Add(System.IO.Directory.Exists(directory) ? System.IO.Directory.GetLastWriteTimeUtc(directory).Ticks : -1);
        }
        return (uint)hash.ToHashCode() + (1L << 40); // never 0, which means "missing"
    }

    private sealed record Snapshot(
        List<LibraryEntry> Entries, Dictionary<string, List<LibraryEntry>> ByKey, IReadOnlyList<string> Scanned, long Signature);
}
