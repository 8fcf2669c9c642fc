using Akka.Actor;
using MovieSync.Host.Home;
using MovieSync.Host.Journal;

namespace MovieSync.Host.Hosting;

/// <summary>How the actor system opens a home's journal: the layers below know the files, not the Akka configuration.</summary>
public static class HomeJournal
{
    extension(HomeLayout home)
    {
        /// <summary>The SQLite connection string of the home's journal.</summary>
        public string ConnectionString => AkkaConfiguration.SqliteConnectionString(home.JournalFile);
    }

    extension(JournalReader)
    {
        /// <summary>A reader on its own short-lived actor system, configured as a command's (errors only).</summary>
        public static JournalReader Open(string connectionString, string provider = AkkaConfiguration.SqliteProvider) =>
            new(ActorSystem.Create("moviesync-reader", AkkaConfiguration.ForCommand(connectionString, provider)));
    }
}
