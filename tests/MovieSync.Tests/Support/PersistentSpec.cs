using Akka.Actor;
using Akka.Configuration;
using Akka.TestKit;
using MovieSync.Actors.Hosting;
using Xunit.Abstractions;

namespace MovieSync.Tests.Support;

/// <summary>A TestKit spec with a SQLite journal in a temporary file and a scheduler the test moves by hand.</summary>
public abstract class PersistentSpec : Akka.TestKit.Xunit2.TestKit
{
    protected PersistentSpec(ITestOutputHelper output, string? journalFile = null)
        : base(Configure(journalFile ??= NewJournalFile()), output: output)
    {
        JournalFile = journalFile;
    }

    protected string JournalFile { get; }

    protected TestScheduler Clock => (TestScheduler)Sys.Scheduler;

    public static string NewJournalFile() =>
        Path.Combine(Directory.CreateTempSubdirectory("moviesync-spec-").FullName, "moviesync.db");

    // Every message is serialized as if it crossed nodes (serialize-messages): one our serializer cannot carry fails here.
    private static Config Configure(string journalFile) =>
        ConfigurationFactory.ParseString("""
            akka.scheduler.implementation = "Akka.TestKit.TestScheduler, Akka.TestKit"
            akka.loglevel = INFO
            """)
            .WithFallback(MovieSync.Specs.SerializationCheck.Config)
            .WithFallback(MovieSyncConfig.ForJournal(JournalOptions.Sqlite(journalFile)));

    /// <summary>Asks at the edge, as the CLI and API do, with an explicit timeout.</summary>
    protected static T Request<T>(IActorRef actor, object message) =>
        actor.Ask<T>(message, TimeSpan.FromSeconds(10)).GetAwaiter().GetResult();

    /// <summary>The coordinator's counts, once every movie actor it started has reported in.</summary>
    protected static MovieSync.Messages.MovieCounts Statistics(IActorRef coordinator) =>
        Request<MovieSync.Messages.MovieQueries.StatisticsResult>(coordinator, MovieSync.Messages.MovieQueries.GetStatistics.Instance).Counts;

    protected void AwaitCondition(Func<bool> condition, string because) =>
        AwaitCondition(condition, TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(20), because);
}
