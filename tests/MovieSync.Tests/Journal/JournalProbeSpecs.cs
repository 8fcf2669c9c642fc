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
/// An idle host learns that its journal works again: while the journal is unavailable the journal-health actor writes
/// a probe every <see cref="JournalHealthActor.ProbePeriod"/>, and its write clears the outage without any other write.
/// </summary>
public sealed class JournalProbeSpecs(ITestOutputHelper output) : Akka.TestKit.Xunit2.TestKit(
    ConfigurationFactory.ParseString("""
        akka.loglevel = INFO
        akka.persistence.journal.plugin = "akka.persistence.journal.inmem"
        """).WithFallback(SpecScheduler.Configuration), output: output)
{
    private const string Full = "SQLite Error 13: 'database or disk is full'.";

    private SpecScheduler Clock => (SpecScheduler)Sys.Scheduler;

    [Fact]
    public async Task While_unavailable_a_probe_write_proves_the_journal_writable_again_without_any_other_write()
    {
        var log = CreateTestProbe();
        Sys.EventStream.Subscribe(log.Ref, typeof(Info));
        log.IgnoreMessages(m => m is LogEvent e && !e.LogSource.EndsWith("/" + JournalHealthActor.Name, StringComparison.Ordinal));
        var health = Sys.ActorOf(JournalHealthActor.Props(JournalHealthActor.ProbePeriod), JournalHealthActor.Name);

        health.Tell(new WriteFailed(Full));
        Assert.False(Ask(health).Writable);
        log.ExpectNoMsg(TimeSpan.FromMilliseconds(200)); // nothing probed before its time

        Clock.AdvanceWhenDue(JournalHealthActor.ProbePeriod, health);
        Assert.Contains("writable again, after 15s", log.ExpectMsg<Info>().ToString());
        Assert.True(Ask(health).Writable);

        // The probe deleted what it wrote and stopped; a later outage probes again.
        await AwaitConditionAsync(async () => !await ProbeRunningAsync(health));
        health.Tell(new WriteFailed(Full));
        Assert.False(Ask(health).Writable);
        Clock.AdvanceWhenDue(JournalHealthActor.ProbePeriod, health);
        Assert.Contains("writable again", log.ExpectMsg<Info>().ToString());
    }

    [Fact]
    public async Task A_healthy_journal_is_never_probed()
    {
        var health = Sys.ActorOf(JournalHealthActor.Props(JournalHealthActor.ProbePeriod), JournalHealthActor.Name);
        Assert.True(Ask(health).Writable);

        Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.True(Ask(health).Writable);
        Assert.False(await ProbeRunningAsync(health));
    }

    private async Task<bool> ProbeRunningAsync(IActorRef health)
    {
        try
        {
            await Sys.ActorSelection(health.Path / JournalProbe.Id).ResolveOne(TimeSpan.FromMilliseconds(500));
            return true;
        }
        catch (ActorNotFoundException)
        {
            return false;
        }
    }

    private JournalHealth Ask(IActorRef health)
    {
        var probe = CreateTestProbe();
        health.Tell(GetJournalHealth.Instance, probe.Ref);
        return probe.ExpectMsg<JournalHealth>();
    }
}
