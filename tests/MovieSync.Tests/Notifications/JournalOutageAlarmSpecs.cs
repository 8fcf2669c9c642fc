using System.Text.Json;
using Akka.Actor;
using Akka.Configuration;
using Akka.Event;
using Akka.TestKit;
using MovieSync.Actors.Journal;
using MovieSync.Actors.Notifications;
using MovieSync.Clients.Notifications;
using MovieSync.Messages;
using MovieSync.Simulators.Notifications;
using MovieSync.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace MovieSync.Tests.Notifications;

/// <summary>
/// The journal alarm on the spec clock, against loopback webhook receivers: a journal unwritable for less than the alarm's
/// delay sends nothing; past it, one attention to each channel that takes attentions (not journaled, one delivery id,
/// tried again at the next check until accepted, never repeated once accepted); and the notifier is told when the
/// journal is writable again.
/// </summary>
public sealed class JournalOutageAlarmSpecs : Akka.TestKit.Xunit2.TestKit, IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan CheckEvery = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(20);
    private readonly HttpClient _http = HttpDelivery.NewClient();
    private readonly TestProbe _journalHealth;
    private readonly TestProbe _notifier;
    private volatile JournalHealth _health = JournalHealth.Healthy;
    private int _asked;
    private FakeNotificationReceiver _attention = null!;
    private FakeNotificationReceiver _flaky = null!;
    private FakeNotificationReceiver _grabsOnly = null!;

    public JournalOutageAlarmSpecs(ITestOutputHelper output)
        : base(ConfigurationFactory.ParseString("akka.loglevel = INFO").WithFallback(SpecScheduler.Configuration), output: output)
    {
        _journalHealth = CreateTestProbe();
        _journalHealth.SetAutoPilot(new DelegateAutoPilot((sender, message) =>
        {
            if (message is GetJournalHealth)
            {
                sender.Tell(_health);
                Interlocked.Increment(ref _asked);
            }

            return AutoPilot.KeepRunning;
        }));
        _notifier = CreateTestProbe();
    }

    public async Task InitializeAsync()
    {
        _attention = await FakeNotificationReceiver.StartAsync();
        _flaky = await FakeNotificationReceiver.StartAsync();
        _grabsOnly = await FakeNotificationReceiver.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _attention.DisposeAsync();
        await _flaky.DisposeAsync();
        await _grabsOnly.DisposeAsync();
        _http.Dispose();
    }

    private SpecScheduler Clock => (SpecScheduler)Sys.Scheduler;

    private OutboxSettings Channel(FakeNotificationReceiver receiver, string key, params string[] events) =>
        new(key, $"webhook {key}", events, new WebhookSender(new HttpDelivery(_http, TimeSpan.FromSeconds(10), []), receiver.Url("hook")));

    /// <summary>Moves the clock to the next check and waits until the alarm has asked the journal's health once more.</summary>
    private void NextCheck(IActorRef alarm)
    {
        var asked = Volatile.Read(ref _asked);
        Clock.AdvanceWhenDue(CheckEvery, receiver: alarm);
        AwaitCondition(() => Volatile.Read(ref _asked) > asked, Wait, Poll);
    }

    [Fact]
    public void An_outage_past_the_delay_is_one_unjournaled_attention_per_channel_until_accepted_and_its_end_goes_to_the_notifier()
    {
        var since = Clock.Now;
        _health = new JournalHealth(false, "the disk is full", since, since, []);
        _flaky.FailNext(1);
        var alarm = Sys.ActorOf(JournalOutageAlarm.Props(
        [
            Channel(_attention, "a", "attention"), Channel(_flaky, "b", "grabbed", "attention"), Channel(_grabsOnly, "c", "grabbed"),
        ], _journalHealth.Ref, _notifier.Ref, TimeSpan.FromMinutes(2), CheckEvery));

        // Seven checks, 105 s into the outage: not yet an alarm.
        for (var i = 0; i < 7; i++)
            NextCheck(alarm);
        Thread.Sleep(200); // a send would have started by now
        Assert.Empty(_attention.Requests);

        // At two minutes: one attention to each channel that takes attentions; the flaky one refuses it the first time.
        var warnings = CreateTestProbe();
        Sys.EventStream.Subscribe(warnings.Ref, typeof(Warning));
        EventFilter.Warning(contains: "not journaled").ExpectOne(Wait, () => NextCheck(alarm));
        AwaitCondition(() => _attention.Accepted.Count == 1 && _flaky.Requests.Count == 1, Wait, Poll);
        // The alarm has taken the refusal in (a check while that send is under way would not send it again).
        warnings.FishForMessage<Warning>(w => w.Message.ToString()!.Contains("did not take notification"), Wait);
        using (var body = JsonDocument.Parse(_attention.Accepted[0].Body))
        {
            Assert.Equal("attention", body.RootElement.GetProperty("event").GetString());
            Assert.StartsWith("MovieSync cannot write its journal since", body.RootElement.GetProperty("message").GetString());
            Assert.Contains("(the disk is full)", body.RootElement.GetProperty("message").GetString());
            Assert.Equal(Notification.DeliveryIdFor($"journal-unwritable/{since.UtcTicks}"), body.RootElement.GetProperty("delivery_id").GetString());
        }

        // The next checks: the flaky channel gets it again (same delivery id) and takes it; nobody gets it a second time.
        NextCheck(alarm);
        AwaitCondition(() => _flaky.Accepted.Count == 1, Wait, Poll);
        NextCheck(alarm);
        NextCheck(alarm);
        Thread.Sleep(200);
        Assert.Single(_attention.Requests);
        Assert.Equal(2, _flaky.Requests.Count);
        Assert.Single(_flaky.Requests.Select(r => r.Header("X-MovieSync-Delivery")).Distinct());
        Assert.Empty(_grabsOnly.Requests);
        _notifier.ExpectNoMsg(TimeSpan.FromMilliseconds(100));

        // Writable again: the notifier is told (it journals the all-clear), again at each check until it confirms; the
        // alarm is not sent again.
        _health = JournalHealth.Healthy;
        NextCheck(alarm);
        var again = _notifier.ExpectMsg<JournalWritableAgain>(Wait);
        Assert.Equal((since, "the disk is full"), (again.Since, again.Cause));
        NextCheck(alarm);
        Assert.Equal(again, _notifier.ExpectMsg<JournalWritableAgain>(Wait));
        _notifier.Reply(new JournalAllClearTaken(since));
        NextCheck(alarm);
        NextCheck(alarm);
        _notifier.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        Assert.Single(_attention.Requests);
    }

    [Fact]
    public void A_short_outage_sends_nothing_and_tells_the_notifier_nothing()
    {
        var since = Clock.Now;
        _health = new JournalHealth(false, "database is locked", since, since, []);
        var alarm = Sys.ActorOf(JournalOutageAlarm.Props([Channel(_attention, "a", "attention")], _journalHealth.Ref, _notifier.Ref,
            TimeSpan.FromMinutes(2), CheckEvery));
        NextCheck(alarm);
        NextCheck(alarm);

        _health = JournalHealth.Healthy;
        NextCheck(alarm);
        _health = new JournalHealth(false, "database is locked", Clock.Now, Clock.Now, []);
        for (var i = 0; i < 7; i++)
            NextCheck(alarm); // a second outage of 105 s: its own clock, not the first one's

        Thread.Sleep(200);
        Assert.Empty(_attention.Requests);
        _notifier.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }
}
