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
    public async Task A_fast_first_scan_logs_its_start_and_outcome_only()
    {
        Films(1200);
        var library = new LibraryOnDisk(_root, new SteppingClock(TimeSpan.Zero), _logs.CreateLogger("library"));

        Assert.NotNull(await library.FindMatchAsync("Film Number 637", 1957, CancellationToken.None));

        Assert.Equal(2, Lines.Count);
        Assert.Equal($"Information library: 📂 Indexing the download directory {_root}...", Lines[0]);
        Assert.Matches($@"^Information library: 📂 Indexed 1200 entries in 1 folders of {System.Text.RegularExpressions.Regex.Escape(_root)} in \d+[.,]\d s$", Lines[1]);
    }

    [Fact]
    public async Task A_slow_first_scan_logs_how_far_it_has_come_between()
    {
        Films(1200);
        // Every look at the clock is 11 s later: each progress report (every 500 entries) is due a line.
        var library = new LibraryOnDisk(_root, new SteppingClock(TimeSpan.FromSeconds(11)), _logs.CreateLogger("library"));

        await library.FindMatchAsync("Film Number 1", 1951, CancellationToken.None);

        Assert.Equal(
        [
            $"Information library: 📂 Indexing {_root}: 500 entries in 1 folders so far",
            $"Information library: 📂 Indexing {_root}: 1000 entries in 1 folders so far",
        ], Lines.Where(l => l.Contains("so far")));
        Assert.StartsWith("Information library: 📂 Indexed 1200 entries", Lines[^1]);
    }

    [Fact]
    public async Task Later_lookups_rescan_only_a_changed_directory_and_log_its_outcome_quietly()
    {
        Films(3);
        var library = new LibraryOnDisk(_root, new SteppingClock(TimeSpan.Zero), _logs.CreateLogger("library"));
        Assert.Null(await library.FindMatchAsync("Dune", 2021, CancellationToken.None));
        var afterFirst = Lines.Count;

        Assert.Null(await library.FindMatchAsync("Dune", 2021, CancellationToken.None));
        Assert.Equal(afterFirst, Lines.Count);

        Directory.CreateDirectory(Path.Combine(_root, "Dune (2021)"));
        Assert.NotNull(await library.FindMatchAsync("Dune", 2021, CancellationToken.None));
        Assert.StartsWith("Debug library: 📂 Indexed 4 entries", Assert.Single(Lines.Skip(afterFirst)));
    }

    [Fact]
    public async Task Lookups_that_arrive_during_a_scan_share_it()
    {
        Films(3);
        Directory.CreateDirectory(Path.Combine(_root, "Dune (2021)"));
        using var scan = new HeldScan();
        var library = new LibraryOnDisk(_root, new SteppingClock(TimeSpan.Zero), _logs.CreateLogger("library"), scan.Starting);

        var lookups = Enumerable.Range(0, 20).Select(_ => library.FindMatchAsync("Dune", 2021, CancellationToken.None)).ToList();
        await scan.Started.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.All(lookups, lookup => Assert.False(lookup.IsCompleted));
        scan.Release();

        var found = await Task.WhenAll(lookups).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.All(found, path => Assert.EndsWith("Dune (2021)", path));
        Assert.Equal(1, scan.Count);
    }

    [Fact]
    public async Task A_lookup_whose_attempt_times_out_stops_waiting_while_the_scan_goes_on_for_the_others()
    {
        Directory.CreateDirectory(Path.Combine(_root, "Dune (2021)"));
        using var scan = new HeldScan();
        var library = new LibraryOnDisk(_root, new SteppingClock(TimeSpan.Zero), _logs.CreateLogger("library"), scan.Starting);
        using var attempt = new CancellationTokenSource();

        var impatient = library.FindMatchAsync("Dune", 2021, attempt.Token);
        var patient = library.FindMatchAsync("Dune", 2021, CancellationToken.None);
        await scan.Started.WaitAsync(TimeSpan.FromSeconds(10));
        attempt.Cancel(); // the attempt's timeout, while the scan is still held on a slow share

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => impatient.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.False(patient.IsCompleted);
        scan.Release();
        Assert.EndsWith("Dune (2021)", await patient.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(1, scan.Count);
    }

    [Fact]
    public async Task A_scan_never_runs_on_the_callers_thread()
    {
        using var scan = new HeldScan();
        var library = new LibraryOnDisk(_root, new SteppingClock(TimeSpan.Zero), _logs.CreateLogger("library"), scan.Starting);

        // Were the scan run on the caller's thread, this call would not return before the scan is released.
        var lookup = library.FindMatchAsync("Dune", 2021, CancellationToken.None);

        Assert.False(lookup.IsCompleted);
        await scan.Started.WaitAsync(TimeSpan.FromSeconds(10));
        scan.Release();
        Assert.Null(await lookup.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    /// <summary>Holds every scan at its start until released, and counts the scans.</summary>
    private sealed class HeldScan : IDisposable
    {
        private readonly ManualResetEventSlim _released = new();
        private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _count;

        public Task Started => _started.Task;

        public int Count => Volatile.Read(ref _count);

        public void Starting()
        {
            Interlocked.Increment(ref _count);
            _started.TrySetResult();
            _released.Wait(TimeSpan.FromSeconds(30));
        }

        public void Release() => _released.Set();

        // Not disposed: a held scan may still be waiting on it.
        public void Dispose() => _released.Set();
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
