using Akka.Configuration;
using Akka.Persistence.Sql;
using Microsoft.Data.Sqlite;

namespace MovieSync.Host.Hosting;

/// <summary>The actor system's configuration: hocon/moviesync.hocon, then hocon/persistence.hocon for one journal.</summary>
public static class AkkaConfiguration
{
    public const string SqliteProvider = "SQLite.MS";

    /// <summary>The SQLite connection string of a journal file.</summary>
    public static string SqliteConnectionString(string journalFile) => $"Data Source={journalFile}";

    public static Config Build(string connectionString, string provider = SqliteProvider) =>
        ConfigurationFactory.ParseString(Read("moviesync.hocon"))
            .WithFallback(Persistence(connectionString, provider))
            .WithFallback(SqlPersistence.DefaultConfiguration);

    /// <summary>For a command's short-lived actor system (journal reads, an offline change): errors only, no banner.</summary>
    public static Config ForCommand(string connectionString, string provider = SqliteProvider) =>
        ConfigurationFactory.ParseString("akka.loglevel = ERROR, akka.stdout-loglevel = ERROR")
            .WithFallback(Build(connectionString, provider));

    public static Config Persistence(string connectionString, string provider) =>
        ConfigurationFactory.ParseString(Read("persistence.hocon")
            .Replace("@CONNECTION_STRING@", Escape(connectionString))
            .Replace("@PROVIDER@", Escape(provider))
            .Replace("@READ_ISOLATION@", ReadIsolation(connectionString, provider)));

    /// <summary>
    /// How reads are isolated (see hocon/persistence.hocon). SQLite reads run in deferred transactions, which let
    /// recoveries read side by side, once the journal's tables exist. While Akka still creates them (a new journal) reads
    /// take the write lock as before: a deferred read on a pooled connection could otherwise prepare its query against
    /// the schema as it was before the table was created and fail with "no such table".
    /// </summary>
    private static string ReadIsolation(string connectionString, string provider) =>
        provider == SqliteProvider && HasJournalTables(connectionString) ? "read-uncommitted" : "read-committed";

    private static bool HasJournalTables(string connectionString)
    {
        var file = new SqliteConnectionStringBuilder(connectionString).DataSource;
        if (!File.Exists(file))
            return false;
        try
        {
            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder(connectionString)
                { Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('journal', 'snapshot', 'tags')";
            return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 3;
        }
        catch (SqliteException)
        {
            return false; // not a journal (yet): the host reports a file that is not SQLite before it gets here
        }
    }

    private static string Read(string name)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "hocon", name);
        return File.Exists(path)
            ? File.ReadAllText(path)
            : throw new FileNotFoundException($"The actor system configuration {path} is missing from the installation", path);
    }

    private static string Escape(string value) => value.Replace("\\", "\\\\").Replace("\"", "\\\"");
}
