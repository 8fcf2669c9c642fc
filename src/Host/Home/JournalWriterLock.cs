using System.Globalization;
using Npgsql;
using MovieSync.Actors.Hosting;

namespace MovieSync.Host.Home;

/// <summary>
/// The one writer of a PostgreSQL journal. run.lock keeps a second `run` out of a home, but not one on another machine
/// configured with the same database: this process holds a PostgreSQL advisory lock on a connection of its own for as
/// long as it writes, and the server lets go of it when the process ends, however it ends. A SQLite journal needs none
/// (its file is in the home, which run.lock guards).
/// </summary>
public sealed class JournalWriterLock : IDisposable
{
    /// <summary>The advisory lock's key ("Movi" "eSyn"), per database: one database holds one journal (its tables have fixed names).</summary>
    public const int KeyHigh = 0x4D6F7669;

    public const int KeyLow = 0x6553796E;

    /// <summary>How long a refused lock is asked for again: a holder killed just now is gone from the server within it.</summary>
    private static readonly TimeSpan SettleTime = TimeSpan.FromSeconds(3);

    private static readonly TimeSpan RetryEvery = TimeSpan.FromMilliseconds(250);

    private readonly JournalOptions _journal;
    private readonly string _holder;
    private NpgsqlConnection? _connection;

    private JournalWriterLock(JournalOptions journal, string holder, NpgsqlConnection? connection)
    {
        _journal = journal;
        _holder = holder;
        _connection = connection;
    }

    /// <summary>True for a PostgreSQL journal: the lock is then a connection that must stay alive (<see cref="CheckAsync"/>).</summary>
    public bool IsDatabaseLock => !_journal.IsSqlite;

    /// <summary>Makes this process the journal's one writer; <paramref name="command"/> names it for whoever is refused.</summary>
    /// <exception cref="JournalHeldException">Another process writes the journal.</exception>
    /// <exception cref="NpgsqlException">The server cannot be reached or refuses the connection.</exception>
    public static JournalWriterLock Acquire(JournalOptions journal, string command)
    {
        if (journal.IsSqlite)
            return new JournalWriterLock(journal, command, null);
        var holder = $"moviesync {command} on {Environment.MachineName} (pid {Environment.ProcessId.ToString(CultureInfo.InvariantCulture)})";
        return new JournalWriterLock(journal, holder, Take(journal, holder));
    }

    /// <summary>
    /// Checks that the lock's connection is alive; after the server dropped it (a restart, a network cut) takes the lock
    /// again on a new one.
    /// </summary>
    public async Task<WriterLockCheck> CheckAsync(CancellationToken cancellationToken)
    {
        if (!IsDatabaseLock || LostBecause is not null)
            return LostBecause is null ? WriterLockCheck.Held : WriterLockCheck.Lost;
        if (_connection is not null)
        {
            try
            {
                await using var ping = new NpgsqlCommand("SELECT 1", _connection);
                await ping.ExecuteScalarAsync(cancellationToken);
                return WriterLockCheck.Held;
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException)
            {
                await _connection.DisposeAsync();
                _connection = null;
            }
        }

        try
        {
            _connection = Take(_journal, _holder);
            return WriterLockCheck.TakenAgain;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            return WriterLockCheck.Unreachable; // the next check connects again; the journal's own writes fail meanwhile
        }
        catch (JournalHeldException e)
        {
            LostBecause = e.Message;
            return WriterLockCheck.Lost;
        }
    }

    /// <summary>Why this process may no longer write the journal (another one took it while the lock was lost); null while it may.</summary>
    public string? LostBecause { get; private set; }

    public void Dispose()
    {
        // Closing the session releases its advisory locks.
        _connection?.Dispose();
        _connection = null;
    }

    private static NpgsqlConnection Take(JournalOptions journal, string holder)
    {
        var settings = new NpgsqlConnectionStringBuilder(journal.ConnectionString)
        {
            Pooling = false, // the lock lives exactly as long as this connection
            ApplicationName = holder,
            // The server checks that this machine is still there, so a lock whose machine is gone is freed in about 25 s
            // (instead of the OS's two hours).
            Options = $"{new NpgsqlConnectionStringBuilder(journal.ConnectionString).Options} " +
                      "-c tcp_keepalives_idle=10 -c tcp_keepalives_interval=5 -c tcp_keepalives_count=3",
        };
        var connection = new NpgsqlConnection(settings.ConnectionString);
        try
        {
            connection.Open();
            var deadline = DateTime.UtcNow + SettleTime;
            while (!TryLock(connection))
            {
                if (DateTime.UtcNow > deadline)
                    throw new JournalHeldException(journal.Describe(), HolderOf(connection));
                Thread.Sleep(RetryEvery);
            }

            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private static bool TryLock(NpgsqlConnection connection)
    {
        using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(@high, @low)", connection);
        command.Parameters.AddWithValue("high", KeyHigh);
        command.Parameters.AddWithValue("low", KeyLow);
        return command.ExecuteScalar() is true;
    }

    /// <summary>Who holds the lock, as far as the server tells (a user without the right to see others' sessions sees less).</summary>
    private static string? HolderOf(NpgsqlConnection connection)
    {
        using var command = new NpgsqlCommand("""
            SELECT a.application_name, host(a.client_addr), a.backend_start
            FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE l.locktype = 'advisory' AND l.granted AND l.classid = CAST(@high AS oid) AND l.objid = CAST(@low AS oid) AND l.objsubid = 2
              AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
            """, connection);
        command.Parameters.AddWithValue("high", KeyHigh);
        command.Parameters.AddWithValue("low", KeyLow);
        using var reader = command.ExecuteReader();
        if (!reader.Read())
            return null;
        var name = reader.IsDBNull(0) || reader.GetString(0).Length == 0 ? "another session" : reader.GetString(0);
        var from = reader.IsDBNull(1) ? "" : $", connected from {reader.GetString(1)}";
        var since = reader.IsDBNull(2) ? "" : $" since {reader.GetDateTime(2).ToUniversalTime():yyyy-MM-dd HH:mm:ss} UTC";
        return name + from + since;
    }
}

/// <summary>What <see cref="JournalWriterLock.CheckAsync"/> found.</summary>
public enum WriterLockCheck
{
    Held,
    /// <summary>The server had dropped the lock's connection; the lock is held again on a new one.</summary>
    TakenAgain,
    /// <summary>The server cannot be reached now: nobody can write the journal meanwhile, this process included.</summary>
    Unreachable,
    /// <summary>Another process took the lock while this one had lost it: this one must stop writing.</summary>
    Lost,
}

/// <summary>Another process writes the journal: this one may not.</summary>
public sealed class JournalHeldException(string journal, string? holder) : Exception(
    $"the journal ({journal}) is being written by {holder ?? "another MovieSync"}; only one MovieSync may write a journal at a time");
