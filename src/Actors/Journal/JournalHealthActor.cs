using Akka.Actor;
using Akka.Event;
using static MovieSync.Actors.Journal.JournalReports;

namespace MovieSync.Actors.Journal;

/// <summary>
/// Follows the journal's health from what its plugin reports (<see cref="MonitoredSqlJournal"/>): says once a minute,
/// not per failure, that it cannot be written and why, and once that it is writable again; answers the API and CLI.
/// While the journal is unavailable it writes a probe (<see cref="JournalProbe"/>) every <see cref="ProbePeriod"/>, so an
/// idle host, with nothing of its own to write, still learns that the journal works again.
/// </summary>
public sealed class JournalHealthActor : ReceiveActor, IWithTimers
{
    public const string Name = "journal-health";
    public static readonly TimeSpan ReminderPeriod = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan ProbePeriod = TimeSpan.FromSeconds(15);
    private const string ReminderTimer = "still-unavailable";
    private const string ProbeTimer = "probe";

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<string, UnreadableJournal> _unreadable = new(StringComparer.Ordinal);
    private JournalHealth _health = JournalHealth.Healthy;
    private readonly TimeSpan? _probeEvery;
    private int _failuresSinceLastLine;

    /// <param name="probeEvery">How often to probe the journal while it is unavailable; null: never (a node that only
    /// reads, or a spec of the reports alone).</param>
    public JournalHealthActor(TimeSpan? probeEvery)
    {
        _probeEvery = probeEvery;
        Receive<WriteFailed>(f => OnFailure(f.Cause));
        Receive<ReadFailed>(f => OnFailure(f.Cause));
        Receive<WriteSucceeded>(_ => OnWritten());
        Receive<ReplayUnreadable>(OnUnreadable);
        Receive<ReplaySucceeded>(r =>
        {
            if (_unreadable.Remove(r.PersistenceId))
                _log.Info("{PersistenceId} can be read again", r.PersistenceId);
        });
        // A call refused by the open circuit breaker never reaches the journal plugin; Akka logs it as the failure of the
        // actor's persist or recovery. It counts as a failure (with the cause that opened the breaker).
        Receive<Error>(e =>
        {
            if (e.Cause is { } cause && JournalFailure.IsCircuitOpen(cause))
                OnFailure(_health.Cause ?? "the journal's circuit breaker is open after repeated failures");
        });
        Receive<StillUnavailable>(_ => RemindStillUnavailable());
        Receive<ProbeDue>(_ =>
        {
            if (!_health.Writable && Context.Child(JournalProbe.Id).IsNobody())
                Context.ActorOf(JournalProbe.Props(), JournalProbe.Id);
        });
        Receive<GetJournalHealth>(_ => Sender.Tell(_health with { Unreadable = _unreadable.Values.OrderBy(u => u.PersistenceId).ToList() }));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(TimeSpan? probeEvery) => Akka.Actor.Props.Create(() => new JournalHealthActor(probeEvery));

    private DateTimeOffset Now => Context.System.Scheduler.Now;

    protected override void PreStart() => Context.System.EventStream.Subscribe(Self, typeof(Error));

    protected override void PostStop() => Context.System.EventStream.Unsubscribe(Self);

    private void OnFailure(string cause)
    {
        if (_health.Writable)
        {
            _health = new JournalHealth(false, cause, Now, Now, []);
            _failuresSinceLastLine = 0;
            _log.Warning("⚠️ The journal cannot be written: {Cause}. Nothing is lost; MovieSync carries on once it is writable", cause);
            Timers.StartPeriodicTimer(ReminderTimer, StillUnavailable.Instance, ReminderPeriod);
            if (_probeEvery is { } every)
                Timers.StartPeriodicTimer(ProbeTimer, ProbeDue.Instance, every);
            return;
        }

        _failuresSinceLastLine++;
        _health = _health with { Cause = cause, LastFailureAt = Now };
    }

    private void RemindStillUnavailable()
    {
        if (_health.Writable)
            return;
        _log.Warning("⚠️ The journal still cannot be written, since {Since:yyyy-MM-dd HH:mm:ss} UTC ({Failures} failed calls in the last minute): {Cause}",
            _health.Since!.Value.UtcDateTime, _failuresSinceLastLine, _health.Cause);
        _failuresSinceLastLine = 0;
    }

    private void OnWritten()
    {
        if (_health.Writable)
            return;
        Timers.Cancel(ReminderTimer);
        Timers.Cancel(ProbeTimer);
        _log.Info("✅ The journal is writable again, after {Duration} (last cause: {Cause})",
            Messages.ReadableDuration.Of(Now - _health.Since!.Value), _health.Cause);
        _health = JournalHealth.Healthy;
    }

    private void OnUnreadable(ReplayUnreadable unreadable)
    {
        if (_unreadable.ContainsKey(unreadable.PersistenceId))
            return; // said once; its supervisor keeps trying and failing the same way
        _unreadable[unreadable.PersistenceId] = new UnreadableJournal(unreadable.PersistenceId, unreadable.Error, Now);
        _log.Warning("❗ {PersistenceId} cannot be read and stays stopped (everything else carries on): {Error}",
            unreadable.PersistenceId, unreadable.Error);
    }

    private sealed record StillUnavailable : INoSerializationVerificationNeeded
    {
        public static StillUnavailable Instance { get; } = new();
    }

    private sealed record ProbeDue : INoSerializationVerificationNeeded
    {
        public static ProbeDue Instance { get; } = new();
    }
}
