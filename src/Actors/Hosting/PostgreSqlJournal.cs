using System.Data.Common;
using System.Globalization;
using Npgsql;

namespace MovieSync.Actors.Hosting;

/// <summary>How MovieSync connects to a PostgreSQL journal: the user's connection string, with bounded waits added.</summary>
public static class PostgreSqlJournal
{
    /// <summary>
    /// How long a statement waits for a lock another session holds on the journal's tables before it fails with
    /// PostgreSQL's "canceling statement due to lock timeout" (the default is to wait forever). As with SQLite's busy
    /// timeout, shorter than the journal's circuit-breaker call-timeout (10 s, hocon/persistence.hocon), so a blocked
    /// write fails with the database's own reason instead of a bare timeout.
    /// </summary>
    public const int LockTimeoutSeconds = 5;

    /// <summary>How long opening a connection may take (Npgsql's default is 15 s): shorter than the call-timeout too.</summary>
    public const int ConnectTimeoutSeconds = 5;

    /// <summary>Recoveries that run together (each holds a pooled connection; SQLite's 200 would empty the pool).</summary>
    public const int MaxConcurrentRecoveries = 32;

    /// <summary>The name MovieSync's connections show in pg_stat_activity, unless the connection string sets one.</summary>
    public const string ApplicationName = "moviesync";

    /// <summary>
    /// <paramref name="connectionString"/> with MovieSync's defaults for what it does not set itself: the lock timeout
    /// (through Options, as <c>-c lock_timeout=...</c>), the connect timeout and the application name.
    /// </summary>
    public static string ConnectionString(string connectionString)
    {
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        var settings = new NpgsqlConnectionStringBuilder(connectionString);
        if (settings.Options?.Contains("lock_timeout", StringComparison.OrdinalIgnoreCase) != true)
            settings.Options = $"{settings.Options} -c lock_timeout={LockTimeoutSeconds * 1000}".Trim();
        if (!given.ContainsKey("Timeout"))
            settings.Timeout = ConnectTimeoutSeconds;
        if (string.IsNullOrEmpty(settings.ApplicationName))
            settings.ApplicationName = ApplicationName;
        return settings.ConnectionString;
    }

    /// <summary>Whether the database holds the journal's tables already (false for a new one).</summary>
    /// <exception cref="NpgsqlException">The server cannot be reached or refuses the connection.</exception>
    public static bool HasJournalTables(string connectionString)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name IN ('journal', 'snapshot', 'tags')",
            connection);
        return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture) == 3;
    }
}
