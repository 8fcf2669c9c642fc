using System.Globalization;
using System.Text.Json;
using Akka.Actor;
using Akka.Persistence;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;
using MovieSync.Actors.Hosting;

namespace MovieSync.Host.Journal;

/// <summary>
/// Copies a SQLite journal into an empty PostgreSQL one, row for row: the same ordering numbers, persistence ids,
/// sequence numbers, timestamps and payloads, so both are the same journal. The caller makes sure nothing writes either.
/// </summary>
public static class JournalCopy
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Each table with its columns, as Akka.Persistence.Sql's default table mapping makes them on both databases.</summary>
    private static readonly (string Table, (string Name, NpgsqlDbType Type)[] Columns)[] Tables =
    [
        ("journal", [("ordering", NpgsqlDbType.Bigint), ("created", NpgsqlDbType.Bigint), ("deleted", NpgsqlDbType.Boolean),
            ("persistence_id", NpgsqlDbType.Text), ("sequence_number", NpgsqlDbType.Bigint), ("message", NpgsqlDbType.Bytea),
            ("manifest", NpgsqlDbType.Text), ("identifier", NpgsqlDbType.Integer), ("writer_uuid", NpgsqlDbType.Text)]),
        ("tags", [("ordering_id", NpgsqlDbType.Bigint), ("tag", NpgsqlDbType.Text), ("sequence_nr", NpgsqlDbType.Bigint),
            ("persistence_id", NpgsqlDbType.Text)]),
        ("snapshot", [("persistence_id", NpgsqlDbType.Text), ("sequence_number", NpgsqlDbType.Bigint), ("created", NpgsqlDbType.Bigint),
            ("snapshot", NpgsqlDbType.Bytea), ("manifest", NpgsqlDbType.Text), ("serializer_id", NpgsqlDbType.Integer)]),
    ];

    /// <summary>How many rows a journal's tables hold.</summary>
    public sealed record RowCounts(long Events, long Tags, long Snapshots)
    {
        public bool IsEmpty => Events + Tags + Snapshots == 0;

        public override string ToString() => $"{Events} events, {Snapshots} snapshots, {Tags} tags";
    }

    /// <summary>The rows of the target's tables; all zero while it has none of them yet.</summary>
    public static async Task<RowCounts> CountAsync(JournalOptions postgres, CancellationToken cancellationToken)
    {
        if (!PostgreSqlJournal.HasJournalTables(postgres.ConnectionString))
            return new RowCounts(0, 0, 0);
        await using var connection = new NpgsqlConnection(postgres.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        return new RowCounts(await CountAsync(connection, "journal", cancellationToken), await CountAsync(connection, "tags", cancellationToken),
            await CountAsync(connection, "snapshot", cancellationToken));
    }

    /// <summary>The rows of a SQLite journal's tables.</summary>
    public static RowCounts Count(string sqliteFile)
    {
        using var source = OpenSqlite(sqliteFile);
        return new RowCounts(Count(source, "journal"), Count(source, "tags"), Count(source, "snapshot"));
    }

    /// <summary>
    /// Has Akka.Persistence.Sql create its tables in the target, exactly as the host would on its first start: the write
    /// journal and the snapshot store are started and each answers one request once its tables exist.
    /// </summary>
    public static async Task CreateTablesAsync(JournalOptions postgres)
    {
        var system = ActorSystem.Create("moviesync-copy", MovieSyncConfig.ForCommand(postgres));
        try
        {
            var persistence = Persistence.Instance.Apply(system);
            var inbox = Inbox.Create(system);
            persistence.JournalFor(null).Tell(new ReplayMessages(1, 0, 0, "journal-copy", inbox.Receiver), inbox.Receiver);
            await ExpectAsync<RecoverySuccess>(inbox, "the journal's tables");
            persistence.SnapshotStoreFor(null).Tell(new LoadSnapshot("journal-copy", SnapshotSelectionCriteria.None, 0), inbox.Receiver);
            await ExpectAsync<LoadSnapshotResult>(inbox, "the snapshot store's table");
        }
        finally
        {
            await system.Terminate();
        }
    }

    /// <summary>Copies every row of <paramref name="sqliteFile"/> into the (empty) target in one transaction.</summary>
    public static async Task<RowCounts> CopyRowsAsync(string sqliteFile, JournalOptions postgres, CancellationToken cancellationToken)
    {
        using var source = OpenSqlite(sqliteFile);
        await using var target = new NpgsqlConnection(postgres.ConnectionString);
        await target.OpenAsync(cancellationToken);
        await using var transaction = await target.BeginTransactionAsync(cancellationToken);
        var copied = new Dictionary<string, long>();
        foreach (var (table, columns) in Tables)
            copied[table] = await CopyTableAsync(source, target, table, columns, cancellationToken);

        // New events continue after the last ordering number the SQLite journal ever gave (deleted rows included).
        var last = Math.Max(Scalar(source, "SELECT coalesce(max(ordering), 0) FROM journal"),
            Scalar(source, "SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'journal'), 0)"));
        if (last > 0)
        {
            await using var sequence = new NpgsqlCommand("SELECT setval(pg_get_serial_sequence('journal', 'ordering'), @last)", target, transaction);
            sequence.Parameters.AddWithValue("last", last);
            await sequence.ExecuteScalarAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return new RowCounts(copied["journal"], copied["tags"], copied["snapshot"]);
    }

    /// <summary>
    /// Null when both journals fold to the same movie states (and the same unreadable and cleaned-up ones), else which
    /// movies differ.
    /// </summary>
    public static async Task<string?> CompareAsync(JournalOptions sqlite, JournalOptions postgres, CancellationToken cancellationToken)
    {
        MovieStates before, after;
        await using (var reader = JournalReader.Open(sqlite))
            before = await reader.StatesAsync(cancellationToken);
        await using (var reader = JournalReader.Open(postgres))
            after = await reader.StatesAsync(cancellationToken);

        var differing = before.All.Keys.Union(after.All.Keys)
            .Where(id => Json(before.All.GetValueOrDefault(id)) != Json(after.All.GetValueOrDefault(id)))
            .Select(id => id.Value)
            .Order(StringComparer.Ordinal)
            .ToList();
        if (differing.Count > 0)
            return $"{differing.Count} movies fold to different states: {string.Join(", ", differing.Take(10))}{(differing.Count > 10 ? ", ..." : "")}";
        if (!before.CleanedUp.SetEquals(after.CleanedUp))
            return "the cleaned-up movies differ";
        return before.Unreadable.SequenceEqual(after.Unreadable) ? null : "the journals that cannot be read differ";
    }

    /// <summary>How many movies a journal's states hold (for the summary line).</summary>
    public static async Task<int> MovieCountAsync(JournalOptions journal, CancellationToken cancellationToken)
    {
        await using var reader = JournalReader.Open(journal);
        return (await reader.StatesAsync(cancellationToken)).All.Count;
    }

    private static async Task<long> CopyTableAsync(SqliteConnection source, NpgsqlConnection target, string table,
        (string Name, NpgsqlDbType Type)[] columns, CancellationToken cancellationToken)
    {
        var names = string.Join(", ", columns.Select(c => c.Name));
        using var read = source.CreateCommand();
        read.CommandText = $"SELECT {names} FROM {table} ORDER BY {columns[0].Name}";
        using var rows = read.ExecuteReader();
        // COPY writes identity columns as given (like INSERT ... OVERRIDING SYSTEM VALUE): the ordering numbers stay.
        await using var writer = await target.BeginBinaryImportAsync($"COPY {table} ({names}) FROM STDIN (FORMAT BINARY)", cancellationToken);
        long count = 0;
        while (rows.Read())
        {
            await writer.StartRowAsync(cancellationToken);
            for (var i = 0; i < columns.Length; i++)
            {
                if (rows.IsDBNull(i))
                    await writer.WriteNullAsync(cancellationToken);
                else
                    await writer.WriteAsync(Value(rows, i, columns[i].Type), columns[i].Type, cancellationToken);
            }

            count++;
        }

        await writer.CompleteAsync(cancellationToken);
        return count;
    }

    private static object Value(SqliteDataReader rows, int column, NpgsqlDbType type) => type switch
    {
        NpgsqlDbType.Bigint => rows.GetInt64(column),
        NpgsqlDbType.Integer => rows.GetInt32(column),
        NpgsqlDbType.Boolean => rows.GetInt64(column) != 0,
        NpgsqlDbType.Bytea => (byte[])rows.GetValue(column),
        _ => rows.GetString(column),
    };

    private static async Task ExpectAsync<T>(Inbox inbox, string what)
    {
        var reply = await inbox.ReceiveAsync(StartTimeout);
        if (reply is not T)
            throw new InvalidOperationException($"{what} could not be created: {reply}");
    }

    private static SqliteConnection OpenSqlite(string file)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = file, Mode = SqliteOpenMode.ReadOnly, Pooling = false, DefaultTimeout = SqliteJournal.BusyTimeoutSeconds,
        }.ToString());
        connection.Open();
        return connection;
    }

    private static long Count(SqliteConnection source, string table) => Scalar(source, $"SELECT count(*) FROM {table}");

    private static long Scalar(SqliteConnection source, string sql)
    {
        using var command = source.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private static async Task<long> CountAsync(NpgsqlConnection connection, string table, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"SELECT count(*) FROM {table}", connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    private static string Json(Messages.MovieState? state) => state is null ? "" : JsonSerializer.Serialize(state);
}
