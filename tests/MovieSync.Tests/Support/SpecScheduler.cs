using Akka.Actor;
using Akka.Configuration;
using Akka.Dispatch;
using Akka.Event;

namespace MovieSync.Tests.Support;

/// <summary>
/// The actor system's scheduler in a spec: its clock moves only when the spec advances it, and a spec can wait until an
/// actor has set the timer it is about to move the clock for (actors set timers on their own threads, after the spec
/// has seen what it waited for). Shared as a linked file by the test projects that run actors.
/// </summary>
public sealed class SpecScheduler : IScheduler, IAdvancedScheduler
{
    /// <summary>How long a spec waits for a timer before it fails.</summary>
    public static readonly TimeSpan TimerWait = TimeSpan.FromSeconds(20);

    private readonly object _gate = new();
    private readonly List<Work> _pending = [];
    private long _nowTicks = DateTimeOffset.UtcNow.UtcTicks;
    private long _elapsedTicks;
    private long _order;

    public SpecScheduler(Config config, ILoggingAdapter log)
    {
    }

    /// <summary>
    /// The configuration that makes an actor system use this scheduler. Akka.Persistence times a recovery with the same
    /// scheduler (a tick every recovery-event-timeout; a tick with no event since the last fails the recovery): a spec
    /// that moves the clock by an hour while a movie recovers would fail that recovery in a few real milliseconds (seen in
    /// DeferredAttemptSpecs on a loaded machine, where AwaitDue also took the recovery's tick for the timer it waited
    /// for). Recoveries here are timed out only after years of spec time, and their ticks are not timers to wait for.
    /// </summary>
    public static Config Configuration =>
        ConfigurationFactory.ParseString($"""
            akka.scheduler.implementation = "{typeof(SpecScheduler).AssemblyQualifiedName}"
            akka.persistence.journal-plugin-fallback.recovery-event-timeout = 3650d
            akka.persistence.journal.sql.recovery-event-timeout = 3650d
            """);

    public DateTimeOffset Now => new(Interlocked.Read(ref _nowTicks), TimeSpan.Zero);

    public TimeSpan MonotonicClock => TimeSpan.FromTicks(Interlocked.Read(ref _elapsedTicks));

    public TimeSpan HighResMonotonicClock => MonotonicClock;

    public IAdvancedScheduler Advanced => this;

    /// <summary>Moves the clock and runs, on this thread and in the order they are due, the work due by then.</summary>
    public void Advance(TimeSpan by)
    {
        if (by < TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(by), by, "the clock only moves forward");
        Interlocked.Add(ref _elapsedTicks, by.Ticks);
        Interlocked.Add(ref _nowTicks, by.Ticks);
        var elapsed = Interlocked.Read(ref _elapsedTicks);
        while (NextDue(elapsed) is { } work)
        {
            if (work.Interval is { } interval && !work.IsCancelled)
                Add(work with { DueTicks = work.DueTicks + interval.Ticks, Order = Interlocked.Increment(ref _order) });
            if (!work.IsCancelled)
                work.Run();
        }
    }

    /// <summary>
    /// Sets the wall clock (<see cref="Now"/>) forward or back without time passing, as a user or NTP stepping the system
    /// clock does: the monotonic clock and the timers (which run on it) do not move.
    /// </summary>
    public void StepWallClock(TimeSpan by) => Interlocked.Add(ref _nowTicks, by.Ticks);

    /// <summary>Waits until an actor's timer is due within <paramref name="by"/> from now, then advances by it.</summary>
    public void AdvanceWhenDue(TimeSpan by, IActorRef? receiver = null)
    {
        AwaitDue(within: by, receiver);
        Advance(by);
    }

    /// <summary>
    /// Waits (up to <see cref="TimerWait"/>) until <paramref name="timers"/> timers, told to <paramref name="receiver"/>
    /// or to any actor, are due within <paramref name="within"/> from now; fails with what is scheduled otherwise.
    /// </summary>
    public void AwaitDue(TimeSpan within, IActorRef? receiver = null, int timers = 1)
    {
        var deadline = DateTime.UtcNow + TimerWait;
        lock (_gate)
        {
            while (DueTimers(within, receiver) < timers)
            {
                var left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero)
                    throw new TimeoutException(
                        $"{timers} timer(s) due within {within} (by {Now + within:u}){(receiver is null ? "" : " for " + receiver.Path)} " +
                        $"were not set within {TimerWait.TotalSeconds:0} s; scheduled: {Describe()}");
                Monitor.Wait(_gate, left);
            }
        }
    }

    /// <summary>Whether a timer (told to <paramref name="receiver"/>, or to any actor) is due within <paramref name="within"/>.</summary>
    public bool IsDue(TimeSpan within, IActorRef? receiver = null)
    {
        lock (_gate)
            return DueTimers(within, receiver) > 0;
    }

    public void ScheduleTellOnce(TimeSpan delay, ICanTell receiver, object message, IActorRef sender) =>
        ScheduleTellOnce(delay, receiver, message, sender, null);

    public void ScheduleTellOnce(TimeSpan delay, ICanTell receiver, object message, IActorRef sender, ICancelable? cancelable) =>
        Add(delay, null, cancelable, () => receiver.Tell(message, sender), receiver, message);

    public void ScheduleTellRepeatedly(TimeSpan initialDelay, TimeSpan interval, ICanTell receiver, object message, IActorRef sender) =>
        ScheduleTellRepeatedly(initialDelay, interval, receiver, message, sender, null);

    public void ScheduleTellRepeatedly(TimeSpan initialDelay, TimeSpan interval, ICanTell receiver, object message, IActorRef sender,
        ICancelable? cancelable) =>
        Add(initialDelay, interval, cancelable, () => receiver.Tell(message, sender), receiver, message);

    public void ScheduleOnce(TimeSpan delay, Action action) => ScheduleOnce(delay, action, null);

    public void ScheduleOnce(TimeSpan delay, Action action, ICancelable? cancelable) => Add(delay, null, cancelable, action, null, null);

    public void ScheduleOnce(TimeSpan delay, IRunnable action) => ScheduleOnce(delay, action, null);

    public void ScheduleOnce(TimeSpan delay, IRunnable action, ICancelable? cancelable) =>
        Add(delay, null, cancelable, action.Run, null, null);

    public void ScheduleRepeatedly(TimeSpan initialDelay, TimeSpan interval, Action action) =>
        ScheduleRepeatedly(initialDelay, interval, action, null);

    public void ScheduleRepeatedly(TimeSpan initialDelay, TimeSpan interval, Action action, ICancelable? cancelable) =>
        Add(initialDelay, interval, cancelable, action, null, null);

    public void ScheduleRepeatedly(TimeSpan initialDelay, TimeSpan interval, IRunnable action) =>
        ScheduleRepeatedly(initialDelay, interval, action, null);

    public void ScheduleRepeatedly(TimeSpan initialDelay, TimeSpan interval, IRunnable action, ICancelable? cancelable) =>
        Add(initialDelay, interval, cancelable, action.Run, null, null);

    private void Add(TimeSpan delay, TimeSpan? interval, ICancelable? cancelable, Action run, ICanTell? receiver, object? message) =>
        Add(new Work(Interlocked.Read(ref _elapsedTicks) + Math.Max(0, delay.Ticks), Interlocked.Increment(ref _order), interval, cancelable,
            run, receiver, message));

    private void Add(Work work)
    {
        lock (_gate)
        {
            _pending.RemoveAll(w => w.IsCancelled);
            _pending.Add(work);
            Monitor.PulseAll(_gate);
        }
    }

    private Work? NextDue(long nowTicks)
    {
        lock (_gate)
        {
            var next = _pending.Where(w => w.DueTicks <= nowTicks).MinBy(w => (w.DueTicks, w.Order));
            if (next is not null)
                _pending.Remove(next);
            return next;
        }
    }

    /// <summary>
    /// Live messages told to actors (timers) due by now + within. A receive timeout and a recovery's tick are the actor
    /// system's own bookkeeping (persistent actors set them while they recover), not timers a spec moves the clock for.
    /// </summary>
    private int DueTimers(TimeSpan within, IActorRef? receiver)
    {
        var by = Interlocked.Read(ref _elapsedTicks) + within.Ticks;
        return _pending.Count(w => w is { IsCancelled: false, Receiver: not null } && !IsBookkeeping(w.Message) &&
                                   w.DueTicks <= by && (receiver is null || receiver.Equals(w.Receiver)));
    }

    private static bool IsBookkeeping(object? message) =>
        message is ReceiveTimeout || message?.GetType().FullName == "Akka.Persistence.RecoveryTick";

    private string Describe()
    {
        var now = Interlocked.Read(ref _elapsedTicks);
        var live = _pending.Where(w => !w.IsCancelled).OrderBy(w => w.DueTicks).ToList();
        return live.Count == 0
            ? "nothing"
            : string.Join("; ", live.Select(w =>
                $"+{TimeSpan.FromTicks(w.DueTicks - now)} {(w.Receiver is IActorRef actor ? actor.Path.ToString() : w.Receiver?.ToString() ?? "an action")}" +
                (w.Message is null ? "" : $" <- {w.Message.GetType().Name}")));
    }

    private sealed record Work(long DueTicks, long Order, TimeSpan? Interval, ICancelable? Cancelable, Action Run, ICanTell? Receiver,
        object? Message)
    {
        public bool IsCancelled => Cancelable?.IsCancellationRequested ?? false;
    }
}
