using Akka.Actor;

namespace MovieSync.Actors.FileList;

/// <summary>
/// An account budget's time: the wall clock when the account's actor started, moved on by the scheduler's monotonic clock
/// since. A clock set forward or back while it runs neither frees nor blocks requests.
/// </summary>
internal sealed class BudgetClock(ITimeProvider scheduler)
{
    private readonly DateTimeOffset _wallAtStart = scheduler.Now;
    private readonly TimeSpan _monotonicAtStart = scheduler.MonotonicClock;

    /// <summary>The budget's time: the wall clock at start, moved on by the monotonic clock since.</summary>
    public DateTimeOffset Now => _wallAtStart + (scheduler.MonotonicClock - _monotonicAtStart);

    /// <summary>A budget time as the wall clock will show it (what movies schedule their timers against).</summary>
    public DateTimeOffset ToWall(DateTimeOffset budgetTime) => scheduler.Now + (budgetTime - Now);
}
