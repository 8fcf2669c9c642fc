using Microsoft.Data.Sqlite;

namespace MovieSync.Actors.Hosting;

/// <summary>How MovieSync opens a SQLite journal: deliberately, for one long-running writer and short-lived readers.</summary>
public static class SqliteJournal
{
    /// <summary>
    /// How long a statement waits for another connection's lock before it fails with "database is locked" (Microsoft.Data.Sqlite
    /// retries every 150 ms until then; its default is 30 s). Long enough to ride out a checkpoint or a backup's short lock,
    /// and shorter than the journal's circuit-breaker call-timeout (10 s, hocon/persistence.hocon), so a write that
    /// cannot get the lock fails with the database's own reason instead of a bare timeout.
    /// </summary>
    public const int BusyTimeoutSeconds = 5;

    /// <summary>The connection string of the journal in <paramref name="journalFile"/>, built by the provider's own builder.</summary>
    public static string ConnectionString(string journalFile) =>
        new SqliteConnectionStringBuilder { DataSource = journalFile, DefaultTimeout = BusyTimeoutSeconds }.ToString();

    /// <summary>
    /// Puts an existing journal file in write-ahead-log mode (a property of the file: once is enough, and a no-op after):
    /// readers (`status`, `history`, `events`, the dashboard) then never block the host's writes nor wait for them, and a
    /// commit appends to the log instead of rewriting pages through a rollback journal. A file that does not exist yet is
    /// left alone (the host creates it before it starts); one that cannot be switched now (locked) stays as it is.
    /// </summary>
    public static void UseWriteAheadLog(string connectionString)
    {
        var settings = new SqliteConnectionStringBuilder(connectionString);
        if (settings.Mode == SqliteOpenMode.Memory || settings.DataSource is "" or ":memory:" || !File.Exists(settings.DataSource))
            return;
        try
        {
            Query(connectionString, SqliteOpenMode.ReadWrite, "PRAGMA journal_mode = WAL");
        }
        catch (SqliteException)
        {
            // locked or read-only right now: the journal works in its current mode, and the next start tries again
        }
    }

    /// <summary>Whether the file holds the journal's tables already (false for a new or a foreign file).</summary>
    public static bool HasJournalTables(string connectionString)
    {
        if (!File.Exists(new SqliteConnectionStringBuilder(connectionString).DataSource))
            return false;
        try
        {
            return Convert.ToInt32(Query(connectionString, SqliteOpenMode.ReadOnly,
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('journal', 'snapshot', 'tags')"),
                System.Globalization.CultureInfo.InvariantCulture) == 3;
        }
        catch (SqliteException)
        {
            return false; // not a journal (yet): the host reports a file that is not SQLite before it gets here
        }
    }

    /// <summary>One statement on a connection of its own (not pooled: the file is then not held open).</summary>
    private static object? Query(string connectionString, SqliteOpenMode mode, string sql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder(connectionString) { Mode = mode, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
