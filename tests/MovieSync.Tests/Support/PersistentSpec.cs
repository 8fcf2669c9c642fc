using Akka.Actor;
using Akka.Configuration;
using MovieSync.Actors.Hosting;
using MovieSync.Messages;
using MovieSync.Specs;
using Xunit.Abstractions;
using static MovieSync.Messages.MovieQueries;

namespace MovieSync.Tests.Support;

/// <summary>
/// A TestKit spec with a journal of its own (a SQLite journal in a temporary file unless a derived class names another)
/// and a scheduler the test moves by hand.
/// </summary>
public abstract class PersistentSpec : Akka.TestKit.Xunit2.TestKit
{
    protected PersistentSpec(ITestOutputHelper output, string? journalFile = null)
        : this(output, JournalUnderTest.Sqlite(journalFile))
    {
    }

    protected PersistentSpec(ITestOutputHelper output, JournalUnderTest journal)
        : base(Configure(journal.Options), output: output)
    {
        Journal = journal;
    }

    protected JournalUnderTest Journal { get; }

    /// <summary>The SQLite journal's file (specs of the SQLite journal only).</summary>
    protected string JournalFile => Journal.File ?? throw new InvalidOperationException("this spec's journal is not a SQLite file");

    protected SpecScheduler Clock => (SpecScheduler)Sys.Scheduler;

    public static string NewJournalFile() =>
        Path.Combine(Directory.CreateTempSubdirectory("moviesync-spec-").FullName, "moviesync.db");

    // Every message is serialized as if it crossed nodes (serialize-messages): one our serializer cannot carry fails here.
    private static Config Configure(JournalOptions journal) =>
        ConfigurationFactory.ParseString("akka.loglevel = INFO")
            .WithFallback(SpecScheduler.Configuration)
            .WithFallback(MovieSync.Specs.SerializationCheck.Config)
            .WithFallback(MovieSyncConfig.ForJournal(journal));

    /// <summary>Drops the spec's PostgreSQL database once its actor system has stopped.</summary>
    protected override void AfterAll()
    {
        base.AfterAll();
        Journal.Dispose();
    }

    /// <summary>The reply to <paramref name="message"/>, received by a probe of its own.</summary>
    protected T Request<T>(IActorRef actor, object message)
    {
        var probe = CreateTestProbe();
        actor.Tell(message, probe.Ref);
        return probe.ExpectMsg<T>(TimeSpan.FromSeconds(10));
    }

    /// <summary>The coordinator's counts, once every movie actor it started has reported in.</summary>
    protected MovieCounts Statistics(IActorRef coordinator) => Request<StatisticsResult>(coordinator, GetStatistics.Instance).Counts;

    protected void AwaitCondition(Func<bool> condition, string because) =>
        AwaitCondition(condition, TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(20), because);
}
