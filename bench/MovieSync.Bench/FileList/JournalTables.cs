using Akka.Actor;
using Akka.Configuration;
using MovieSync.Actors.Hosting;
using MovieSync.Bench.Journal;
using MovieSync.Messages;

namespace MovieSync.Bench.FileList;

/// <summary>Gives a new journal its tables, as the first start of a host leaves them: one event persisted by a short-lived actor system.</summary>
internal static class JournalTables
{
    public static async Task CreateAsync(JournalOptions journal)
    {
        var config = ConfigurationFactory.ParseString("akka.loglevel = WARNING").WithFallback(MovieSyncConfig.ForJournal(journal));
        using var system = ActorSystem.Create("bench-journal-tables", config);
        var writer = system.ActorOf(Props.Create(() => new ChangeWriter("bench-journal-tables")));
        var id = MovieId.Parse("tt0000001");
        await writer.Ask<ChangeWriter.Done>(new MovieEvents.MovieQueued(id, "Journal tables", null, DateTimeOffset.UtcNow), TimeSpan.FromMinutes(1));
        await system.Terminate();
    }
}
