using Akka.Actor;
using Akka.Configuration;
using Akka.Event;
using Akka.TestKit;
using MovieSync.Actors.Journal;
using MovieSync.Tests.Support;
using Xunit;
using Xunit.Abstractions;
using static MovieSync.Actors.Journal.JournalReports;

namespace MovieSync.Tests.Journal;

/// <summary>
/// The journal-health actor: a failing journal is logged once a minute with its latest cause (not once per failure),
/// once when it is writable again, and reported to whoever asks; an unreadable entity is said once.
/// </summary>
public sealed class JournalHealthActorSpecs(ITestOutputHelper output) : Akka.TestKit.Xunit2.TestKit(
    ConfigurationFactory.ParseString("akka.loglevel = INFO").WithFallback(SpecScheduler.Configuration), output: output)
{
    private const string Locked = "SQLite Error 5: 'database is locked'.";
    private const string Full = "SQLite Error 13: 'database or disk is full'.";
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(300);

    private SpecScheduler Clock => (SpecScheduler)Sys.Scheduler;

    [Fact]
    public void A_failing_journal_is_logged_at_once_then_once_a_minute_with_the_latest_cause_and_once_when_writable_again()
    {
        var log = LogProbe();
        var health = Sys.ActorOf(JournalHealthActor.Props(probeEvery: null), JournalHealthActor.Name);
        var start = Clock.Now;

        health.Tell(new WriteFailed(Locked));
        Assert.Contains(Locked, log.ExpectMsg<Warning>().Message.ToString());

        for (var i = 0; i < 25; i++)
            health.Tell(new WriteFailed(i < 20 ? Locked : Full));
        health.Tell(new ReadFailed(Full));
        log.ExpectNoMsg(Quiet); // 26 more failures, not one more line
        var unavailable = Ask(health);
        Assert.False(unavailable.Writable);
        Assert.Equal(Full, unavailable.Cause);
        Assert.Equal(start, unavailable.Since);

        Clock.AdvanceWhenDue(TimeSpan.FromMinutes(1), health);
        var reminder = log.ExpectMsg<Warning>().ToString();
        Assert.Contains(Full, reminder);
        Assert.Contains("26 failed calls in the last minute", reminder);
        log.ExpectNoMsg(Quiet);

        Clock.AdvanceWhenDue(TimeSpan.FromMinutes(1), health); // still failing, though nothing new failed: said again
        Assert.Contains("0 failed calls", log.ExpectMsg<Warning>().ToString());

        health.Tell(WriteSucceeded.Instance);
        health.Tell(WriteSucceeded.Instance);
        Assert.Contains("writable again, after 2m", log.ExpectMsg<Info>().ToString());
        log.ExpectNoMsg(Quiet); // once
        Assert.True(Ask(health).Writable);
        Clock.Advance(TimeSpan.FromMinutes(5));
        log.ExpectNoMsg(Quiet); // no reminder once it works
    }

    [Fact]
    public void Changes_are_refused_at_once_only_while_the_journal_failed_recently()
    {
        var health = Sys.ActorOf(JournalHealthActor.Props(probeEvery: null), JournalHealthActor.Name);
        Assert.False(Ask(health).RefusesChangesAt(Clock.Now));

        health.Tell(new WriteFailed(Full));
        Assert.True(Ask(health).RefusesChangesAt(Clock.Now));

        // Nothing else wrote meanwhile: a change is tried again, since it may be the write that proves the journal works.
        Clock.Advance(JournalHealth.RefuseChangesFor);
        var later = Ask(health);
        Assert.False(later.Writable);
        Assert.False(later.RefusesChangesAt(Clock.Now));
    }

    [Fact]
    public void A_call_refused_by_the_open_circuit_breaker_counts_as_a_failure_keeping_the_cause_that_opened_it()
    {
        var health = Sys.ActorOf(JournalHealthActor.Props(probeEvery: null), JournalHealthActor.Name);
        health.Tell(new WriteFailed(Full));
        Clock.Advance(TimeSpan.FromSeconds(9));

        // As Akka logs the persist that the breaker refused, without reaching the journal plugin.
        Sys.EventStream.Publish(new Error(new Akka.Pattern.OpenCircuitException("Circuit Breaker is open; calls are failing fast"),
            "akka://test/user/watchlist", typeof(object), "Failed to persist event"));
        AwaitAssert(() => Assert.Equal(Clock.Now, Ask(health).LastFailureAt));
        var health2 = Ask(health);
        Assert.Equal(Full, health2.Cause);
        Clock.Advance(TimeSpan.FromSeconds(9));
        Assert.True(Ask(health).RefusesChangesAt(Clock.Now));
    }

    [Fact]
    public void An_unreadable_entity_is_reported_once_and_kept_until_it_reads_again()
    {
        var log = LogProbe();
        var health = Sys.ActorOf(JournalHealthActor.Props(probeEvery: null), JournalHealthActor.Name);

        health.Tell(new ReplayUnreadable("movie-tt0133093", "Unknown MovieSync manifest 'movie-teleported.v9'"));
        health.Tell(new ReplayUnreadable("movie-tt0133093", "Unknown MovieSync manifest 'movie-teleported.v9'"));
        health.Tell(new ReplaySucceeded("movie-tt0110413"));
        Assert.Contains("movie-tt0133093", log.ExpectMsg<Warning>().ToString());
        log.ExpectNoMsg(Quiet);

        var reported = Ask(health);
        Assert.True(reported.Writable); // the database answers: only that movie is stuck
        var unreadable = Assert.Single(reported.Unreadable);
        Assert.Equal("movie-tt0133093", unreadable.PersistenceId);
        Assert.Contains("movie-teleported.v9", unreadable.Error);

        health.Tell(new ReplaySucceeded("movie-tt0133093"));
        Assert.Empty(Ask(health).Unreadable);
    }

    private TestProbe LogProbe()
    {
        var probe = CreateTestProbe();
        Sys.EventStream.Subscribe(probe.Ref, typeof(Warning));
        Sys.EventStream.Subscribe(probe.Ref, typeof(Info));
        // Only this actor's lines: the test system logs its own start-up too.
        probe.IgnoreMessages(m => m is LogEvent e && !e.LogSource.Contains(JournalHealthActor.Name, StringComparison.Ordinal));
        return probe;
    }

    private JournalHealth Ask(IActorRef health)
    {
        var probe = CreateTestProbe();
        health.Tell(GetJournalHealth.Instance, probe.Ref);
        return probe.ExpectMsg<JournalHealth>();
    }
}
