using Akka.Actor;
using Akka.Persistence;
using MovieSync.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace MovieSync.Tests.Journal;

/// <summary>
/// Specs move the clock by hours while actors recover: that must not time out a recovery (Akka.Persistence times it with
/// the scheduler the spec moves), else a spec fails by how its threads happen to interleave.
/// </summary>
public sealed class SpecClockRecoverySpecs(ITestOutputHelper output) : PersistentSpec(output)
{
    private const int Events = 300;

    [Fact]
    public void A_recovery_survives_the_spec_clock_moving_hours_while_it_reads()
    {
        var writer = Sys.ActorOf(Props.Create(() => new Tally("tally")));
        var probe = CreateTestProbe();
        for (var i = 0; i < Events; i++)
            writer.Tell(1, probe.Ref);
        probe.ReceiveN(Events, TimeSpan.FromSeconds(20));
        Watch(writer);
        Sys.Stop(writer);
        ExpectTerminated(writer);

        // A new incarnation reads 300 events while the clock moves an hour at a time (recovery-event-timeout is 30 s).
        var reader = Sys.ActorOf(Props.Create(() => new Tally("tally")));
        Watch(reader);
        reader.Tell(Tally.Read, probe.Ref);
        var moves = 0;
        while (!probe.HasMessages && moves < 2000)
        {
            Clock.Advance(TimeSpan.FromHours(1));
            moves++;
            Thread.Sleep(1);
        }

        Assert.Equal(Events, probe.ExpectMsg<int>(TimeSpan.FromSeconds(20)));
        Assert.True(moves > 0, "the clock moved while the actor recovered");
        ExpectNoMsg(TimeSpan.FromMilliseconds(200)); // no Terminated: the recovery did not fail
    }

    [Fact]
    public void Writes_survive_the_spec_clock_moving_hours_while_they_run()
    {
        var writer = Sys.ActorOf(Props.Create(() => new Tally("writes")));
        Watch(writer);
        var probe = CreateTestProbe();
        for (var i = 0; i < Events; i++)
            writer.Tell(1, probe.Ref);
        // Each write is a transaction of its own: on a loaded machine 300 take seconds, while the clock moves an hour at a time.
        var (replies, moves) = (0, 0);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (replies < Events && DateTime.UtcNow < deadline)
        {
            Clock.Advance(TimeSpan.FromHours(1));
            moves++;
            replies += probe.ReceiveWhile(TimeSpan.FromMilliseconds(1), m => m).Count;
        }

        Assert.Equal(Events, replies);
        Assert.True(moves > 1, "the clock moved while the actor wrote");
        writer.Tell(Tally.Read, probe.Ref);
        Assert.Equal(Events, probe.ExpectMsg<int>(TimeSpan.FromSeconds(20)));
        ExpectNoMsg(TimeSpan.FromMilliseconds(200)); // no Terminated: no write failed
    }

    /// <summary>Counts what it is told, one event each; answers its count to <see cref="Read"/>.</summary>
    private sealed class Tally : ReceivePersistentActor
    {
        public const string Read = "read";
        private int _count;

        public Tally(string id)
        {
            PersistenceId = id;
            Recover<int>(n => _count += n);
            Command<int>(n => Persist(n, e =>
            {
                _count += e;
                Sender.Tell(_count);
            }));
            Command<string>(_ => Sender.Tell(_count));
        }

        public override string PersistenceId { get; }
    }
}
