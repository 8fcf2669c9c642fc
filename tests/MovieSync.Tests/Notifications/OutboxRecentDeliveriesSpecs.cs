using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence;
using Akka.Persistence.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using MovieSync.Actors.Hosting;
using MovieSync.Actors.Notifications;
using MovieSync.Clients.Notifications;
using MovieSync.Messages;
using MovieSync.Specs;
using MovieSync.Tests.Support;
using Xunit;
using Xunit.Abstractions;
using static MovieSync.Messages.NotificationEvents;
using static MovieSync.Messages.NotificationQueries;
using static MovieSync.Specs.SpecWaits;

namespace MovieSync.Tests.Notifications;

/// <summary>
/// What an outbox's status tells of its channel (the dashboard's Notifications panel, issue 13): its last five deliveries
/// and give-ups, newest first, its failed tries, and the refusal that makes it failing, on a real journal: all but the
/// failed tries (not journaled) come back the same after the outbox starts again. Retries wait 50 ms here.
/// </summary>
public sealed class OutboxRecentDeliveriesSpecs : Akka.TestKit.Xunit2.TestKit
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private static readonly DateTimeOffset At = new(2026, 12, 1, 18, 0, 0, TimeSpan.Zero);
    private readonly JournalUnderTest _journal;
    private readonly SwitchedSender _sender = new();
    private IActorRef? _writer;
    private long _raised;

    public OutboxRecentDeliveriesSpecs(ITestOutputHelper output) : this(output, JournalUnderTest.Sqlite())
    {
    }

    private OutboxRecentDeliveriesSpecs(ITestOutputHelper output, JournalUnderTest journal)
        : base(ConfigurationFactory.ParseString("akka.loglevel = INFO\nakka.persistence.query.journal.sql.refresh-interval = 100ms")
            .WithFallback(SerializationCheck.Config).WithFallback(MovieSyncConfig.ForJournal(journal.Options)), output: output)
    {
        _journal = journal;
    }

    protected override void AfterAll()
    {
        base.AfterAll();
        _journal.Dispose();
    }

    private OutboxSettings Settings => new("recent", "webhook https://example.org/hook", ["grabbed", "completed", "permanent_failure", "attention"], _sender)
    {
        FirstRetry = TimeSpan.FromMilliseconds(50),
        MaxRetry = TimeSpan.FromMilliseconds(200),
    };

    [Fact]
    public void The_last_five_deliveries_newest_first_are_the_same_after_a_restart()
    {
        var outbox = StartOnEmptyJournal();
        var films = new[] { "Alien", "Brazil", "Casablanca", "Dune", "Eraserhead", "Fargo" };
        foreach (var film in films)
            Raise(NotificationKind.Grabbed, film);
        AwaitCondition(() => Status(outbox).Delivered == 6, Wait, Poll);

        var status = Status(outbox);
        Assert.Equal(["Grabbed Fargo (2000)", "Grabbed Eraserhead (2000)", "Grabbed Dune (2000)", "Grabbed Casablanca (2000)", "Grabbed Brazil (2000)"],
            status.Recent.Select(r => r.Headline));
        Assert.Equal(["id-Fargo", "id-Eraserhead", "id-Dune", "id-Casablanca", "id-Brazil"], status.Recent.Select(r => r.DeliveryId));
        Assert.All(status.Recent, r => Assert.Equal((NotificationKind.Grabbed, (int?)1, false, (string?)null), (r.Kind, r.Attempts, r.GivenUp, r.Reason)));
        Assert.Equal(status.LastDeliveredAt, status.Recent[0].At);
        Assert.Equal((0, 0, false), (status.FailedTries, status.GivenUp, status.Refusing));

        Stop(outbox);
        var again = Status(StartOutbox());

        Assert.Equal(status.Recent, again.Recent);
        Assert.Equal((6, 0), (again.Delivered, again.Waiting));
    }

    [Fact]
    public void A_refused_notification_is_given_up_and_the_channel_stays_failing_with_its_reason_after_a_restart_until_it_accepts_one()
    {
        var outbox = StartOnEmptyJournal();
        Raise(NotificationKind.Completed, "Alien");
        AwaitCondition(() => Status(outbox).Delivered == 1, Wait, Poll);
        _sender.Answer = new DeliveryOutcome(DeliveryResult.Refused, "HTTP 404 Not Found");

        Raise(NotificationKind.Grabbed, "Brazil");
        AwaitCondition(() => Status(outbox).Refusing, Wait, Poll);

        var refusing = Status(outbox);
        Assert.Equal(("HTTP 404 Not Found", 3, 1, 0), (refusing.LastError, refusing.FailedTries, refusing.GivenUp, refusing.Waiting));
        Assert.NotNull(refusing.LastErrorAt);
        Assert.Equal(["id-Brazil", "id-Alien"], refusing.Recent.Select(r => r.DeliveryId));
        Assert.Equal((true, "HTTP 404 Not Found", (int?)null), (refusing.Recent[0].GivenUp, refusing.Recent[0].Reason, refusing.Recent[0].Attempts));
        Assert.Equal("Downloaded Alien (2000)", refusing.Recent[1].Headline);

        // Started again: still refusing, with the reason journaled with the give-up; its failed tries were not journaled.
        Stop(outbox);
        outbox = StartOutbox();
        var restarted = Status(outbox);
        Assert.Equal((true, "HTTP 404 Not Found", refusing.LastErrorAt, 1, 0), (restarted.Refusing, restarted.LastError, restarted.LastErrorAt,
            restarted.GivenUp, restarted.FailedTries));
        Assert.Equal(refusing.Recent, restarted.Recent);

        // It accepts the next one: no longer failing, the give-up still among the last deliveries.
        _sender.Answer = DeliveryOutcome.Accepted("HTTP 200");
        Raise(NotificationKind.Attention, "Casablanca");
        AwaitCondition(() => Status(outbox).Delivered == 2, Wait, Poll);
        var accepted = Status(outbox);
        Assert.Equal((false, (string?)null, (DateTimeOffset?)null), (accepted.Refusing, accepted.LastError, accepted.LastErrorAt));
        Assert.Equal(["id-Casablanca", "id-Brazil", "id-Alien"], accepted.Recent.Select(r => r.DeliveryId));
        Assert.Equal("Needs your attention", accepted.Recent[0].Headline);
    }

    private IActorRef StartOnEmptyJournal()
    {
        // The notifier's journal exists (the outbox reads it to learn where it starts), then the outbox opens after it.
        Write(Notifier.Name, new NotifierStarted(0, At));
        var outbox = StartOutbox();
        AwaitCondition(() => EventsOf(Settings.PersistenceId).Any(e => e is OutboxOpened), Wait, Poll);
        return outbox;
    }

    private IActorRef StartOutbox() => Sys.ActorOf(ChannelOutbox.Props(Settings));

    /// <summary>The notifier raises a notification about <paramref name="film"/> (delivery id <c>id-FILM</c>).</summary>
    private void Raise(NotificationKind kind, string film)
    {
        var notification = new Notification("id-" + film, kind, At.AddMinutes(++_raised), $"{kind} {film}",
            kind == NotificationKind.Attention ? null : new NotifiedMovie(MovieId.Parse("tt00000" + (10 + _raised)), film, 2000));
        Write(Notifier.Name, new NotificationRaised(notification, null));
    }

    private ChannelStatus Status(IActorRef outbox)
    {
        var probe = CreateTestProbe();
        outbox.Tell(GetChannelStatus.Instance, probe.Ref);
        return probe.ExpectMsg<ChannelStatus>(TimeSpan.FromSeconds(10));
    }

    private void Stop(IActorRef actor)
    {
        Watch(actor);
        Sys.Stop(actor);
        ExpectTerminated(actor, Wait);
    }

    private void Write(string persistenceId, object @event)
    {
        _writer ??= Sys.ActorOf(JournalWriter.Props());
        _writer.Tell((persistenceId, @event), TestActor);
        ExpectMsg("written", Wait);
    }

    private IReadOnlyList<object> EventsOf(string persistenceId) => JournalWriter.EventsOf(Sys, persistenceId);

    /// <summary>A channel that answers what the spec sets (accepted at first).</summary>
    private sealed class SwitchedSender : INotificationSender
    {
        private volatile DeliveryOutcome _answer = DeliveryOutcome.Accepted("HTTP 200");

        public DeliveryOutcome Answer
        {
            get => _answer;
            set => _answer = value;
        }

        public Task<DeliveryOutcome> SendAsync(Notification notification, CancellationToken cancellationToken) => Task.FromResult(_answer);
    }
}
