using Akka.Actor;
using Akka.Configuration;
using Akka.Dispatch;
using Akka.Event;

namespace MovieSync.Bench.FileList;

/// <summary>
/// The actor system's scheduler on a simulated clock (<c>akka.scheduler.implementation</c>): time stands still while the
/// actors work and moves only when the bench's driver (<see cref="SimulationDriver"/>) jumps it to the next timer. Timers,
/// <c>Scheduler.Now</c> and the monotonic clock all read it, which is every seam through which the actors see time.
/// </summary>
public sealed class SimulatedScheduler : IScheduler, IAdvancedScheduler
{
    /// <summary>Where simulated time starts (a fixed instant, so runs compare).</summary>
    public static readonly DateTimeOffset Start = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);

    private readonly Lock _gate = new();
    private readonly PriorityQueue<Work, (long Due, long Order)> _pending = new();
    private long _elapsedTicks;
    private long _order;

    public SimulatedScheduler(Config config, ILoggingAdapter log)
    {
    }

    /// <summary>The configuration line that makes an actor system use this scheduler.</summary>
    public static Config Configuration =>
        ConfigurationFactory.ParseString($"akka.scheduler.implementation = \"{typeof(SimulatedScheduler).AssemblyQualifiedName}\"");

    /// <summary>Simulated time since <see cref="Start"/>.</summary>
    public TimeSpan Elapsed => TimeSpan.FromTicks(Interlocked.Read(ref _elapsedTicks));

    /// <summary>How many pieces of work were ever scheduled: a change means some actor did something.</summary>
    public long Scheduled => Interlocked.Read(ref _order);

    public DateTimeOffset Now => Start + Elapsed;

    public TimeSpan MonotonicClock => Elapsed;

    public TimeSpan HighResMonotonicClock => Elapsed;

    public IAdvancedScheduler Advanced => this;

    /// <summary>Runs, on the caller's thread and in order, the work due by now; true when there was any.</summary>
    public bool RunDue()
    {
        var ran = false;
        while (true)
        {
            Work work;
            lock (_gate)
            {
                if (!TryPeekLive(out work) || work.Due > _elapsedTicks)
                    return ran;
                _pending.Dequeue();
                if (work.Interval is { } interval)
                    Enqueue(work with { Due = work.Due + Math.Max(1, interval.Ticks) });
            }

            work.Run();
            ran = true;
        }
    }

    /// <summary>When the next live timer is due (simulated time since <see cref="Start"/>); null when none is set.</summary>
    public TimeSpan? NextDue()
    {
        lock (_gate)
            return TryPeekLive(out var work) ? TimeSpan.FromTicks(work.Due) : null;
    }

    /// <summary>Moves the clock to <paramref name="at"/> (never back) and runs the work due by then.</summary>
    public void AdvanceTo(TimeSpan at)
    {
        lock (_gate)
            _elapsedTicks = Math.Max(_elapsedTicks, at.Ticks);
        RunDue();
    }

    /// <summary>
    /// Persistent actors set a receive timeout while they recover: one that is still live means an actor is reading its
    /// journal, and moving the clock past it would fail that recovery for a reason no real run has.
    /// </summary>
    public int Recovering()
    {
        lock (_gate)
            return _pending.UnorderedItems.Count(w => w.Element.Message is ReceiveTimeout && !w.Element.IsCancelled);
    }

    public void ScheduleTellOnce(TimeSpan delay, ICanTell receiver, object message, IActorRef sender) =>
        ScheduleTellOnce(delay, receiver, message, sender, null);

    public void ScheduleTellOnce(TimeSpan delay, ICanTell receiver, object message, IActorRef sender, ICancelable? cancelable) =>
        Add(delay, null, cancelable, () => receiver.Tell(message, sender), message);

    public void ScheduleTellRepeatedly(TimeSpan initialDelay, TimeSpan interval, ICanTell receiver, object message, IActorRef sender) =>
        ScheduleTellRepeatedly(initialDelay, interval, receiver, message, sender, null);

    public void ScheduleTellRepeatedly(TimeSpan initialDelay, TimeSpan interval, ICanTell receiver, object message, IActorRef sender,
        ICancelable? cancelable) =>
        Add(initialDelay, interval, cancelable, () => receiver.Tell(message, sender), message);

    public void ScheduleOnce(TimeSpan delay, Action action) => ScheduleOnce(delay, action, null);

    public void ScheduleOnce(TimeSpan delay, Action action, ICancelable? cancelable) => Add(delay, null, cancelable, action, null);

    public void ScheduleOnce(TimeSpan delay, IRunnable action) => ScheduleOnce(delay, action, null);

    public void ScheduleOnce(TimeSpan delay, IRunnable action, ICancelable? cancelable) => Add(delay, null, cancelable, action.Run, null);

    public void ScheduleRepeatedly(TimeSpan initialDelay, TimeSpan interval, Action action) =>
        ScheduleRepeatedly(initialDelay, interval, action, null);

    public void ScheduleRepeatedly(TimeSpan initialDelay, TimeSpan interval, Action action, ICancelable? cancelable) =>
        Add(initialDelay, interval, cancelable, action, null);

    public void ScheduleRepeatedly(TimeSpan initialDelay, TimeSpan interval, IRunnable action) =>
        ScheduleRepeatedly(initialDelay, interval, action, null);

    public void ScheduleRepeatedly(TimeSpan initialDelay, TimeSpan interval, IRunnable action, ICancelable? cancelable) =>
        Add(initialDelay, interval, cancelable, action.Run, null);

    private void Add(TimeSpan delay, TimeSpan? interval, ICancelable? cancelable, Action run, object? message)
    {
        lock (_gate)
            Enqueue(new Work(_elapsedTicks + Math.Max(0, delay.Ticks), interval, cancelable, run, message));
    }

    private void Enqueue(Work work) => _pending.Enqueue(work, (work.Due, ++_order));

    /// <summary>The earliest work that is not cancelled; cancelled work is dropped on the way (timers are cancelled often).</summary>
    private bool TryPeekLive(out Work work)
    {
        while (_pending.TryPeek(out work!, out _))
        {
            if (!work.IsCancelled)
                return true;
            _pending.Dequeue();
        }

        return false;
    }

    private sealed record Work(long Due, TimeSpan? Interval, ICancelable? Cancelable, Action Run, object? Message)
    {
        public bool IsCancelled => Cancelable?.IsCancellationRequested ?? false;
    }
}
