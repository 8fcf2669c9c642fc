using System.Diagnostics;
using Microsoft.Extensions.Logging;
using MovieSync.Actors.Progress;
using MovieSync.Clients.Library;

namespace MovieSync.Actors.Adapters.Grabbing;

/// <summary>
/// The films already in the download directory, as the grabber consults them: indexed at first use with its progress in
/// the log (a large library on a network share takes a while), then rescanned only when the directory changed. A scan
/// runs on the thread pool, never on the caller's (an actor's) thread, and one scan serves every lookup that arrives
/// while it runs; a lookup whose token is cancelled stops waiting, and the scan goes on for the others.
/// </summary>
/// <param name="scanStarting">Called on the scan's thread as each scan or refresh starts (specs count or hold scans with it).</param>
public sealed class LibraryOnDisk(string directory, Akka.Actor.ITimeProvider clock, ILogger logger, Action? scanStarting = null)
{
    private readonly Lock _gate = new();
    private Task<LibraryIndex>? _scan;
    private LibraryIndex? _index;

    /// <summary>The path of the film on disk, or null; waits for the current scan (the first one builds the index).</summary>
    public async Task<string?> FindMatchAsync(string title, int? year, CancellationToken cancellationToken)
    {
        var index = await CurrentScan().WaitAsync(cancellationToken);
        return index.FindMatch(title, year);
    }

    /// <summary>The scan in flight, or a new one when none is: lookups during a scan share it.</summary>
    private Task<LibraryIndex> CurrentScan()
    {
        lock (_gate)
        {
            if (_scan is not { IsCompleted: false })
                _scan = Task.Run(Scan);
            return _scan;
        }
    }

    /// <summary>Runs alone (one scan at a time), so the index needs no lock of its own.</summary>
    private LibraryIndex Scan()
    {
        scanStarting?.Invoke();
        if (_index is null)
        {
            logger.LogInformation("📂 Indexing the download directory {Directory}...", directory);
            _index = LibraryIndex.Build(directory, Progress(first: true));
        }
        else
        {
            // Cheap when nothing changed: only the scanned folders' mtimes are compared.
            _index.Refresh(Progress(first: false));
        }
        return _index;
    }

    /// <summary>A line every few seconds while a scan runs, and its outcome (only the first scan's at Information).</summary>
    private Action<LibraryBuildProgress> Progress(bool first)
    {
        var throttle = new ProgressThrottle(ProgressThrottle.DefaultInterval, () => clock.Now);
        var started = Stopwatch.GetTimestamp();
        return progress =>
        {
            if (progress.Done)
                logger.Log(first ? LogLevel.Information : LogLevel.Debug,
                    "📂 Indexed {Entries} entries in {Folders} folders of {Directory} in {Seconds:0.0} s",
                    progress.EntriesIndexed, progress.DirectoriesScanned, directory, Stopwatch.GetElapsedTime(started).TotalSeconds);
            else if (throttle.ShouldReport())
                logger.LogInformation("📂 Indexing {Directory}: {Entries} entries in {Folders} folders so far",
                    directory, progress.EntriesIndexed, progress.DirectoriesScanned);
        };
    }
}
