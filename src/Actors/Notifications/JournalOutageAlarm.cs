using Akka.Actor;
using Akka.Event;
using MovieSync.Actors.Journal;
using MovieSync.Clients.Notifications;
using MovieSync.Messages;

namespace MovieSync.Actors.Notifications;

/// <summary>
/// The one notification that cannot be journaled before it is sent: the journal itself cannot be written. Every
/// <c>checkEvery</c> it asks the journal's health (<see cref="JournalHealthActor"/>); once the journal has been unwritable
/// for <c>alarmAfter</c>, it sends one <c>attention</c> straight to every channel that takes attentions, trying each again
/// at every check until it accepts or the journal works again. Its delivery id is a hash of when the outage began, so a
/// receiver can drop a repeat. When the journal is writable again it tells the notifier
/// (<see cref="JournalWritableAgain"/>), which journals and sends the all-clear like any other notification; told again
/// at every check until the notifier confirms (it may be starting again after the outage stopped it).
/// </summary>
public sealed class JournalOutageAlarm : ReceiveActor, IWithTimers
{
    public const string Name = "journal-alarm";
    private const string CheckTimer = "check";

    private readonly IReadOnlyList<OutboxSettings> _channels;
    private readonly IActorRef _journalHealth;
    private readonly IActorRef _notifier;
    private readonly TimeSpan _alarmAfter;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly CancellationTokenSource _stopping = new();
    private readonly HashSet<string> _unsent = new(StringComparer.Ordinal);
    private readonly HashSet<string> _sending = new(StringComparer.Ordinal);
    private readonly TimeSpan _checkEvery;
    private Outage? _outage;
    private JournalWritableAgain? _allClear;

    public JournalOutageAlarm(IReadOnlyList<OutboxSettings> channels, IActorRef journalHealth, IActorRef notifier, TimeSpan alarmAfter,
        TimeSpan checkEvery)
    {
        _channels = channels;
        _journalHealth = journalHealth;
        _notifier = notifier;
        _alarmAfter = alarmAfter;
        _checkEvery = checkEvery;
        Receive<CheckDue>(_ => _journalHealth.Tell(GetJournalHealth.Instance));
        Receive<JournalHealth>(OnHealth);
        Receive<Sent>(OnSent);
        Receive<JournalAllClearTaken>(taken =>
        {
            if (_allClear?.Since == taken.Since)
                _allClear = null;
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <param name="channels">Every configured channel; those whose <c>events</c> lack <c>attention</c> are left out.</param>
    /// <param name="alarmAfter">How long the journal must stay unwritable before the alarm (a lock held for seconds is not one).</param>
    public static Props Props(IReadOnlyList<OutboxSettings> channels, IActorRef journalHealth, IActorRef notifier, TimeSpan alarmAfter,
        TimeSpan checkEvery) =>
        Akka.Actor.Props.Create(() => new JournalOutageAlarm(channels, journalHealth, notifier, alarmAfter, checkEvery));

    private DateTimeOffset Now => Context.System.Scheduler.Now;

    protected override void PreStart() => Timers.StartPeriodicTimer(CheckTimer, CheckDue.Instance, _checkEvery);

    protected override void PostStop()
    {
        _stopping.Cancel();
        _stopping.Dispose();
        base.PostStop();
    }

    private void OnHealth(JournalHealth health)
    {
        if (health.Writable)
        {
            if (_outage is { Alarm: not null } ended)
                _allClear = new JournalWritableAgain(ended.Since, Now, ended.Cause);
            _outage = null;
            _unsent.Clear();
            if (_allClear is { } allClear)
                _notifier.Tell(allClear);
            return;
        }

        if (health.Since is not { } since)
            return;
        if (_outage?.Since != since)
            _outage = new Outage(since, health.Cause ?? "unknown", null);
        _outage = _outage with { Cause = health.Cause ?? _outage.Cause };
        if (_outage.Alarm is null && Now - since >= _alarmAfter)
            Raise(_outage);
        SendUnsent();
    }

    private void Raise(Outage outage)
    {
        var alarm = new Notification(Notification.DeliveryIdFor($"journal-unwritable/{outage.Since.UtcTicks}"), NotificationKind.Attention, Now,
            FormattableString.Invariant($"MovieSync cannot write its journal since {outage.Since.UtcDateTime:yyyy-MM-dd HH:mm} UTC ") +
            $"({outage.Cause}): nothing new is grabbed or recorded until it can; nothing recorded is lost. Check the disk's free space " +
            "and permissions (or the database). This alert is sent without being journaled, since the journal is what fails.", null);
        _outage = outage with { Alarm = alarm };
        foreach (var channel in _channels.Where(c => c.Events.Contains(alarm.Event, StringComparer.OrdinalIgnoreCase)))
            _unsent.Add(channel.Key);
        _log.Warning("Notification {0} (attention, not journaled): {1}", alarm.DeliveryId, alarm.Message);
    }

    /// <summary>Sends the alarm to each channel that has not accepted it yet and is not being sent to.</summary>
    private void SendUnsent()
    {
        if (_outage?.Alarm is not { } alarm)
            return;
        foreach (var channel in _channels.Where(c => _unsent.Contains(c.Key) && _sending.Add(c.Key)))
        {
            var key = channel.Key;
            var sender = channel.Sender;
            var token = _stopping.Token;
            Task.Run(() => sender.SendAsync(alarm, token), token).PipeTo(Self,
                success: outcome => new Sent(key, alarm.DeliveryId, outcome),
                failure: e => new Sent(key, alarm.DeliveryId, new DeliveryOutcome(DeliveryResult.Retry, e.Message)));
        }
    }

    private void OnSent(Sent sent)
    {
        _sending.Remove(sent.Key);
        if (_outage?.Alarm?.DeliveryId != sent.DeliveryId)
            return;
        var name = _channels.First(c => c.Key == sent.Key).Name;
        if (sent.Outcome.Result == DeliveryResult.Accepted)
        {
            _unsent.Remove(sent.Key);
            _log.Info("{0} accepted notification {1} (the journal alarm)", name, sent.DeliveryId);
        }
        else
            _log.Warning("{0} did not take notification {1} (the journal alarm): {2}; trying again at the next check", name, sent.DeliveryId,
                sent.Outcome.Detail);
    }

    private sealed record Outage(DateTimeOffset Since, string Cause, Notification? Alarm);

    private sealed record Sent(string Key, string DeliveryId, DeliveryOutcome Outcome) : INoSerializationVerificationNeeded;

    private sealed class CheckDue : INoSerializationVerificationNeeded
    {
        public static CheckDue Instance { get; } = new();
    }
}

/// <summary>The journal could not be written from <paramref name="Since"/> and can again at <paramref name="At"/>: the notifier's all-clear.</summary>
public sealed record JournalWritableAgain(DateTimeOffset Since, DateTimeOffset At, string Cause) : INoSerializationVerificationNeeded;

/// <summary>The notifier's answer: the all-clear of the outage that began at <paramref name="Since"/> is journaled (or was before).</summary>
public sealed record JournalAllClearTaken(DateTimeOffset Since) : INoSerializationVerificationNeeded;
