using Akka.Actor;
using Akka.Event;
using static MovieSync.Messages.MovieQueries;

namespace MovieSync.Actors.Movies;

/// <summary>Logs the counts per state on a fixed period, but only when something changed since the last report.</summary>
public sealed class StatisticsReporter : ReceiveActor, IWithTimers
{
    private readonly IActorRef _coordinator;
    private readonly TimeSpan _period;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private long _reportedChanges;

    public StatisticsReporter(IActorRef coordinator, TimeSpan period)
    {
        _coordinator = coordinator;
        _period = period;
        Receive<ReportDue>(_ => _coordinator.Tell(GetStatistics.Instance));
        Receive<StatisticsResult>(OnStatistics);
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(IActorRef coordinator, TimeSpan period) =>
        Akka.Actor.Props.Create(() => new StatisticsReporter(coordinator, period));

    protected override void PreStart() => Timers.StartPeriodicTimer("report", ReportDue.Instance, _period);

    private void OnStatistics(StatisticsResult statistics)
    {
        if (statistics.Changes == _reportedChanges)
            return;
        _reportedChanges = statistics.Changes;
        _log.Info("📊 Statistics: {Counts}", statistics.Counts);
    }

    private sealed record ReportDue : INoSerializationVerificationNeeded
    {
        public static ReportDue Instance { get; } = new();
    }
}
