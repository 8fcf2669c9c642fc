using MovieSync.Actors.Adapters.Grabbing;
using MovieSync.Grabbing.Tests.Integration;
using Xunit;

namespace MovieSync.Grabbing.Tests.Library;

/// <summary>The grabber's view of the download directory: indexed at first use, with the scan's progress in the log.</summary>
public sealed class LibraryOnDiskSpecs : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("moviesync-library-").FullName;
    private readonly LogCapture _logs = new();

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private List<string> Lines => _logs.Lines.Select(l => l.TrimEnd()).ToList();

    private void Films(int count, int first = 0)
    {
        for (var i = first; i < first + count; i++)
            Directory.CreateDirectory(Path.Combine(_root, $"Film.Number.{i}.{1950 + i % 70}.1080p.BluRay.x264-GRP"));
    }

    [Fact]
    public void A_fast_first_scan_logs_its_start_and_outcome_only()
    {
        Films(1200);
        var library = new LibraryOnDisk(_root, new SteppingClock(TimeSpan.Zero), _logs.CreateLogger("library"));

        Assert.NotNull(library.FindMatch("Film Number 637", 1957));

        Assert.Equal(2, Lines.Count);
        Assert.Equal($"Information library: 📂 Indexing the download directory {_root}...", Lines[0]);
        Assert.Matches($@"^Information library: 📂 Indexed 1200 entries in 1 folders of {System.Text.RegularExpressions.Regex.Escape(_root)} in \d+[.,]\d s$", Lines[1]);
    }

    [Fact]
    public void A_slow_first_scan_logs_how_far_it_has_come_between()
    {
        Films(1200);
        // Every look at the clock is 11 s later: each progress report (every 500 entries) is due a line.
        var library = new LibraryOnDisk(_root, new SteppingClock(TimeSpan.FromSeconds(11)), _logs.CreateLogger("library"));

        library.FindMatch("Film Number 1", 1951);

        Assert.Equal(
        [
            $"Information library: 📂 Indexing {_root}: 500 entries in 1 folders so far",
            $"Information library: 📂 Indexing {_root}: 1000 entries in 1 folders so far",
        ], Lines.Where(l => l.Contains("so far")));
        Assert.StartsWith("Information library: 📂 Indexed 1200 entries", Lines[^1]);
    }

    [Fact]
    public void Later_lookups_rescan_only_a_changed_directory_and_log_its_outcome_quietly()
    {
        Films(3);
        var library = new LibraryOnDisk(_root, new SteppingClock(TimeSpan.Zero), _logs.CreateLogger("library"));
        Assert.Null(library.FindMatch("Dune", 2021));
        var afterFirst = Lines.Count;

        Assert.Null(library.FindMatch("Dune", 2021));
        Assert.Equal(afterFirst, Lines.Count);

        Directory.CreateDirectory(Path.Combine(_root, "Dune (2021)"));
        Assert.NotNull(library.FindMatch("Dune", 2021));
        Assert.StartsWith("Debug library: 📂 Indexed 4 entries", Assert.Single(Lines.Skip(afterFirst)));
    }

    /// <summary>A clock that moves on by a fixed step every time it is read.</summary>
    private sealed class SteppingClock(TimeSpan step) : Akka.Actor.ITimeProvider
    {
        private DateTimeOffset _now = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public DateTimeOffset Now => _now += step;

        public TimeSpan MonotonicClock => _now - DateTimeOffset.UnixEpoch;

        public TimeSpan HighResMonotonicClock => MonotonicClock;
    }
}
