using System.Diagnostics;
using Microsoft.Extensions.Logging;
using MovieSync.Actors.Progress;
using MovieSync.Clients.Library;

namespace MovieSync.Actors.Adapters.Grabbing;

/// <summary>
/// The films already in the download directory, as the grabber consults them: indexed at first use with its progress in
/// the log (a large library on a network share takes a while), then rescanned only when the directory changed.
/// </summary>
public sealed class LibraryOnDisk(string directory, Akka.Actor.ITimeProvider clock, ILogger logger)
{
    private readonly Lock _gate = new();
    private LibraryIndex? _index;

    /// <summary>The path of the film on disk, or null; the first call builds the index.</summary>
    public string? FindMatch(string title, int? year)
    {
        lock (_gate)
        {
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

            return _index.FindMatch(title, year);
        }
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
