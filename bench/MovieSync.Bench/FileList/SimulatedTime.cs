namespace MovieSync.Bench.FileList;

/// <summary>
/// The simulated clock as a <see cref="TimeProvider"/>, for the fakes (FileList stamps its requests and counts its own
/// budget with it; qBittorrent downloads by it). Bound to the scheduler once the actor system exists; until then the
/// clock cannot have moved, so it reads <see cref="SimulatedScheduler.Start"/>.
/// </summary>
internal sealed class SimulatedTime : TimeProvider
{
    public SimulatedScheduler? Scheduler { get; set; }

    public override DateTimeOffset GetUtcNow() => Scheduler?.Now ?? SimulatedScheduler.Start;
}
