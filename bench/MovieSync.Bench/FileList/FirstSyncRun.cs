using Akka.Actor;
using MovieSync.Actors.Movies;
using MovieSync.Messages;
using MovieSync.Simulators.FileList;
using static MovieSync.Messages.MovieQueries;

namespace MovieSync.Bench.FileList;

/// <summary>
/// Drives the simulated clock until every film is grabbed and its download completed (or the clock passes twice the
/// time the budget needs), and takes the process's measure once the first grabs are made and the rest wait in line.
/// </summary>
internal sealed class FirstSyncRun(ActorSystem system, SimulatedScheduler clock, IActorRef coordinator, FakeFileList fileList,
    int films, int requestsPerHour)
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromMinutes(1);
    private System.Reflection.PropertyInfo? _hasChildren;

    public FirstSyncResult Drive()
    {
        var driver = new SimulationDriver(clock, AnswerAwaited);
        var needed = TimeSpan.FromHours(Math.Ceiling(films / Math.Max(1, requestsPerHour / 2.0)));
        var limit = needed * 2 + TimeSpan.FromHours(2);
        WhileWaiting? waiting = null;
        long peakHeap = 0;
        var verbose = Environment.GetEnvironmentVariable("BENCH_VERBOSE") is not null;
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var before = watch.Elapsed;
            driver.AwaitQuiet();
            if (verbose)
                Console.Error.WriteLine($"{watch.Elapsed.TotalSeconds,8:0.000} s real: quiet at +{clock.Elapsed} after {(watch.Elapsed - before).TotalMilliseconds:0} ms; next timer +{clock.NextDue()}; FileList searches {fileList.SearchRequests}, downloads {fileList.DownloadRequests}");
            peakHeap = Math.Max(peakHeap, GC.GetTotalMemory(forceFullCollection: false));
            waiting ??= Measure(driver);
            var done = fileList.DownloadRequests >= films && Statistics() is { Completed: var completed } && completed >= films;
            if (done || !driver.JumpToNextTimer(limit))
                return new FirstSyncResult(done, clock.Elapsed, driver.Jumps, driver.AwaitingAnswers, Statistics(), waiting, peakHeap);
        }
    }

    /// <summary>The first idle instant: the first films are grabbed, the others wait in line for the budget.</summary>
    private WhileWaiting Measure(SimulationDriver driver)
    {
        var collector = system.ActorOf(Props.Create(() => new IdentityCount()), "bench-identities");
        system.ActorSelection($"/user/{MovieCoordinator.Name}/{MovieCoordinator.Name}/movie-*")
            .Tell(new Identify(null), collector);
        driver.AwaitQuiet();
        var actors = collector.Ask<int>(IdentityCount.Get.Instance, AskTimeout).GetAwaiter().GetResult();
        system.Stop(collector);
        var liveHeap = GC.GetTotalMemory(forceFullCollection: true);
        return new WhileWaiting(clock.Elapsed, Statistics(), actors, liveHeap, ProcessMemory.Read("VmRSS"));
    }

    /// <summary>
    /// Whether an Ask waits for its answer: each has a temporary actor in the provider's temp container until it is
    /// answered or times out. Akka keeps that container's type internal, so its public <c>HasChildren</c> is read by name.
    /// </summary>
    private bool AnswerAwaited()
    {
        var temporary = ((ExtendedActorSystem)system).Provider.TempContainer;
        _hasChildren ??= temporary.GetType().GetProperty("HasChildren")
                         ?? throw new MissingMemberException(temporary.GetType().FullName, "HasChildren");
        return (bool)_hasChildren.GetValue(temporary)!;
    }

    private MovieCounts Statistics() =>
        coordinator.Ask<StatisticsResult>(GetStatistics.Instance, AskTimeout).GetAwaiter().GetResult().Counts;

    /// <summary>Counts the actors that answer an <see cref="Identify"/> sent to a selection.</summary>
    private sealed class IdentityCount : ReceiveActor
    {
        private int _count;

        public IdentityCount()
        {
            Receive<ActorIdentity>(identity => _count += identity.Subject is null ? 0 : 1);
            Receive<Get>(_ => Sender.Tell(_count));
        }

        public sealed record Get
        {
            public static Get Instance { get; } = new();
        }
    }
}

/// <param name="Finished">Every film grabbed and completed before the clock limit.</param>
/// <param name="SimulatedTime">Simulated time when the run ended.</param>
/// <param name="Jumps">How many times the clock jumped to the next timer.</param>
/// <param name="AwaitingAnswers">Real time the process was idle but for Asks awaiting their (timed-out) answers.</param>
internal sealed record FirstSyncResult(bool Finished, TimeSpan SimulatedTime, int Jumps, TimeSpan AwaitingAnswers, MovieCounts Counts, WhileWaiting Waiting,
    long PeakHeapBytes);

/// <summary>The process at the first idle instant, with the first films grabbed and the rest in line.</summary>
internal sealed record WhileWaiting(TimeSpan At, MovieCounts Counts, int MovieActors, long LiveHeapBytes, long RssBytes);

/// <summary>The process's memory as Linux reports it in /proc/self/status.</summary>
internal static class ProcessMemory
{
    /// <summary>A field of /proc/self/status in bytes (<c>VmRSS</c>: resident now, <c>VmHWM</c>: the peak); 0 where there is none.</summary>
    public static long Read(string field)
    {
        const string path = "/proc/self/status";
        if (!File.Exists(path))
            return 0;
        var line = File.ReadLines(path).FirstOrDefault(l => l.StartsWith(field + ":", StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0]) * 1024;
    }
}
