using Akka.Configuration;
using Akka.Persistence.Sql;
using MovieSync.Configuration;

namespace MovieSync.Actors.Hosting;

/// <summary>Where the event journal lives: a SQLite file (the default) or a PostgreSQL database.</summary>
public sealed record JournalOptions(string ConnectionString, string Provider = JournalOptions.SqliteProvider)
{
    public const string SqliteProvider = "SQLite.MS";
    public const string PostgreSqlProvider = "PostgreSQL.15";

    public bool IsSqlite => Provider == SqliteProvider;

    /// <summary>The journal in a SQLite file, opened as <see cref="SqliteJournal"/> says.</summary>
    public static JournalOptions Sqlite(string journalFile) => new(SqliteJournal.ConnectionString(journalFile));

    /// <summary>The journal in a PostgreSQL database, connected to as <see cref="PostgreSqlJournal"/> says.</summary>
    public static JournalOptions PostgreSql(string connectionString) =>
        new(PostgreSqlJournal.ConnectionString(connectionString), PostgreSqlProvider);

    /// <summary>The journal <paramref name="settings"/> name; SQLite's is <paramref name="sqliteFile"/>.</summary>
    public static JournalOptions Of(JournalSettings settings, string sqliteFile) => settings.Provider == JournalProvider.PostgreSql
        ? PostgreSql(settings.ConnectionString!)
        : Sqlite(sqliteFile);

    /// <summary>Where the journal is, never the password.</summary>
    public string Describe() => IsSqlite
        ? new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(ConnectionString).DataSource
        : PostgreSqlConnection.Describe(ConnectionString);

    // A record prints its properties; the connection string may hold a password.
    public override string ToString() => $"JournalOptions {{ {Describe()} }}";
}

/// <summary>
/// The actor system's configuration, from the files in hocon/ (copied beside every assembly that references this one):
/// what the hosting extensions add, and what a TestKit spec or a short-lived command starts its system with.
/// </summary>
public static class MovieSyncConfig
{
    /// <summary>hocon/serialization.hocon: every persisted and every protocol message through the MovieSync serializer.</summary>
    public static Config Serialization => ConfigurationFactory.ParseString(Read("serialization.hocon"));

    /// <summary>hocon/moviesync.hocon: the long-running host's logging and shutdown.</summary>
    public static Config Host => ConfigurationFactory.ParseString(Read("moviesync.hocon"));

    /// <summary>hocon/persistence.hocon for one journal, with the plugin's own defaults behind it.</summary>
    public static Config Persistence(JournalOptions journal)
    {
        if (journal.IsSqlite)
            SqliteJournal.UseWriteAheadLog(journal.ConnectionString);
        return ConfigurationFactory.ParseString(Read("persistence.hocon")
                .Replace("@CONNECTION_STRING@", Escape(journal.ConnectionString))
                .Replace("@PROVIDER@", Escape(journal.Provider))
                .Replace("@READ_ISOLATION@", ReadIsolation(journal))
                .Replace("@MAX_CONCURRENT_RECOVERIES@", journal.IsSqlite ? "200" : PostgreSqlJournal.MaxConcurrentRecoveries.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            .WithFallback(SqlPersistence.DefaultConfiguration);
    }

    /// <summary>Serialization and persistence: what an actor system that touches the journal needs (specs, benchmarks).</summary>
    public static Config ForJournal(JournalOptions journal) => Serialization.WithFallback(Persistence(journal));

    /// <summary>For a command's short-lived actor system (journal reads, an offline change): errors only, no banner.</summary>
    public static Config ForCommand(JournalOptions journal) =>
        ConfigurationFactory.ParseString("akka.loglevel = ERROR, akka.stdout-loglevel = ERROR")
            .WithFallback(ForJournal(journal));

    /// <summary>
    /// How reads are isolated (see hocon/persistence.hocon). SQLite reads run in deferred transactions, which let
    /// recoveries read side by side, once the journal's tables exist. While Akka still creates them (a new journal) reads
    /// take the write lock as before: a deferred read on a pooled connection could otherwise prepare its query against
    /// the schema as it was before the table was created and fail with "no such table".
    /// </summary>
    private static string ReadIsolation(JournalOptions journal) =>
        journal.IsSqlite && SqliteJournal.HasJournalTables(journal.ConnectionString) ? "read-uncommitted" : "read-committed";

    private static string Read(string name)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "hocon", name);
        return File.Exists(path)
            ? File.ReadAllText(path)
            : throw new FileNotFoundException($"The actor system configuration {path} is missing from the installation", path);
    }

    private static string Escape(string value) => value.Replace("\\", "\\\\").Replace("\"", "\\\"");
}
