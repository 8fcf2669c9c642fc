using System.Diagnostics;

namespace MovieSync.Bench.FileList;

/// <summary>
/// Moves simulated time the way a discrete-event simulation does: it waits until the process has nothing left to do at
/// the current instant (no thread-pool work queued, running or completing, no timer set, no actor recovering, for
/// <see cref="QuietFor"/> of real time), then jumps the clock to the next timer. Work that falls due at the current
/// instant runs as soon as it appears. Runs on a thread of its own, outside the thread pool it watches.
/// </summary>
/// <remarks>
/// An answer still awaited while nothing runs (an Ask to an actor that is down) only comes with its timeout, which runs
/// on real time: until it comes, simulated time runs at real speed, as it would in a real run.
/// </remarks>
/// <param name="answerAwaited">Whether an Ask is waiting for its answer.</param>
internal sealed class SimulationDriver(SimulatedScheduler clock, Func<bool> answerAwaited)
{
    /// <summary>Real time with nothing happening that counts as "done at this instant"; the loopback fakes answer in ~1 ms.</summary>
    public static readonly TimeSpan QuietFor = TimeSpan.FromMilliseconds(15);

    /// <summary>How long actors may look stuck in recovery before time moves on regardless (a real run's timeouts would fire too).</summary>
    private static readonly TimeSpan LongestRecoveryWait = TimeSpan.FromSeconds(5);

    /// <summary>Past this, something keeps the process busy at one instant for good: the bench stops instead of hanging.</summary>
    private static readonly TimeSpan LongestBusySpell = TimeSpan.FromMinutes(3);

    /// <summary>How many times the clock jumped to the next timer.</summary>
    public int Jumps { get; private set; }

    /// <summary>Real time spent idle but for awaited answers (simulated time ran at real speed meanwhile).</summary>
    public TimeSpan AwaitingAnswers { get; private set; }

    /// <summary>Waits until the process is idle at the current simulated instant, running the work due meanwhile.</summary>
    public void AwaitQuiet()
    {
        var last = Sample();
        var started = Stopwatch.GetTimestamp();
        var quietSince = started;
        var quietAt = clock.Elapsed;
        var tick = started;
        while (true)
        {
            var previousTick = tick;
            tick = Stopwatch.GetTimestamp();
            if (Stopwatch.GetElapsedTime(started) > LongestBusySpell)
                throw new TimeoutException($"the process never went idle at simulated +{clock.Elapsed} within {LongestBusySpell}: {last}");
            var ran = clock.RunDue();
            if (!ran)
                Thread.Sleep(1);
            var now = Sample();
            if (ran || now != last || !now.Idle)
            {
                last = now;
                quietSince = Stopwatch.GetTimestamp();
                quietAt = clock.Elapsed;
                continue;
            }

            var quiet = Stopwatch.GetElapsedTime(quietSince);
            if (quiet < QuietFor || (clock.Recovering() > 0 && quiet < LongestRecoveryWait))
                continue;
            if (!answerAwaited())
                return;
            // Idle but for answers that only a real-time timeout will bring: let simulated time keep pace with real time.
            AwaitingAnswers += Stopwatch.GetElapsedTime(previousTick, tick);
            if (clock.NextDue() is { } next && next <= quietAt + quiet)
                clock.AdvanceTo(next);
        }
    }

    /// <summary>Jumps the clock to the next timer unless it lies beyond <paramref name="limit"/>; false when it does not jump.</summary>
    public bool JumpToNextTimer(TimeSpan limit)
    {
        if (clock.NextDue() is not { } next || next > limit)
            return false;
        Jumps++;
        clock.AdvanceTo(next);
        return true;
    }

    private Activity Sample()
    {
        ThreadPool.GetMaxThreads(out var maxWorkers, out _);
        ThreadPool.GetAvailableThreads(out var availableWorkers, out _);
        return new Activity(ThreadPool.CompletedWorkItemCount, ThreadPool.PendingWorkItemCount, maxWorkers - availableWorkers,
            clock.Scheduled);
    }

    /// <param name="Busy">Thread-pool threads running a work item right now.</param>
    private readonly record struct Activity(long Completed, long Pending, int Busy, long Scheduled)
    {
        public bool Idle => Pending == 0 && Busy == 0;
    }
}
