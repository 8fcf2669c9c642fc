using System.Text.Json;
using Microsoft.Data.Sqlite;
using MovieSync.Actors.Adapters.Simulation;
using MovieSync.Specs;
using MovieSync.Tests.Support;
using Npgsql;
using Xunit;

namespace MovieSync.Tests.Host;

/// <summary>
/// `journal copy --to-postgresql`: the SQLite journal a simulated `run` left (<see cref="LeftBehindJournal"/>) moved into
/// an empty PostgreSQL database row for row; the CLI then reads and changes it there as it did the file.
/// </summary>
public sealed class JournalCopySpecs(LeftBehindJournal seed) : IClassFixture<LeftBehindJournal>, IPostgreSqlSpec, IDisposable
{
    private readonly TestHome _home = seed.CopyInto(new TestHome());
    private readonly TestDatabase _database = TestPostgres.CreateDatabase();

    public void Dispose()
    {
        _home.Dispose();
        _database.Dispose();
    }

    [JournalFact]
    public void Every_row_is_copied_as_it_is_the_CLI_then_works_on_PostgreSQL_and_a_second_copy_is_refused()
    {
        var listed = Moviesync(_home, "list", "--json");
        var rows = SqliteRows();
        Assert.NotEmpty(rows);

        var (code, output) = MovieSyncProcess.Run("journal", "copy", "--to-postgresql", _database.ConnectionString, "--home", _home.Path);
        Assert.True(code == 0, output);
        Assert.Contains("both fold to the same states of 4 movies", output);
        Assert.DoesNotContain(TestDatabase.Password, output);
        Assert.Equal(rows, SqliteRows()); // the file keeps its journal

        // Row for row: the same ordering numbers, persistence ids, sequence numbers, times, manifests and payloads.
        Assert.Equal(rows, PostgreSqlRows());

        // A home configured with the PostgreSQL journal shows the same movies, and changes carry on after the copied rows.
        using var moved = new TestHome(config => config["journal"] = _database.ConfigSection);
        Assert.Equal(listed, Moviesync(moved, "list", "--json"));
        Assert.Equal(Moviesync(_home, "history", "tt0133093"), Moviesync(moved, "history", "tt0133093"));
        Moviesync(moved, "retry", "tt0087182");
        var pending = JsonDocument.Parse(Moviesync(moved, "list", "--state", "pending", "--json")).RootElement;
        Assert.Equal("tt0087182", Assert.Single(pending.EnumerateArray()).GetProperty("id").GetString());
        var last = rows[^1].Ordering;
        Assert.Equal(rows.Count, _database.Scalar<long>($"SELECT count(*) FROM journal WHERE ordering <= {last}"));
        Assert.True(_database.Scalar<long>($"SELECT count(*) FROM journal WHERE ordering > {last}") > 0, "the retry's events are numbered after the copied ones");

        // The target is no longer empty: a second copy is refused and changes nothing.
        var events = _database.Scalar<long>("SELECT count(*) FROM journal");
        var (again, refused) = MovieSyncProcess.Run("journal", "copy", "--to-postgresql", _database.ConnectionString, "--home", _home.Path);
        Assert.Equal(2, again);
        Assert.Contains($"database {_database.Name}, user postgres is not empty ({events} events", refused);
        Assert.DoesNotContain(TestDatabase.Password, refused);
        Assert.Equal(events, _database.Scalar<long>("SELECT count(*) FROM journal"));
    }

    [JournalFact]
    public async Task A_copy_is_refused_while_run_runs_in_the_home_and_nothing_is_created()
    {
        var plan = _home.FileNamed("plan.json");
        new SimulationPlan([new SimulatedMovie("tt0133093", "The Matrix", 1999)], GrabSeconds: 0.05, DownloadSeconds: 1,
            _home.FileNamed("ledger.txt"), _home.Downloads).Save(plan);
        using var run = MovieSyncProcess.Start("run", "--home", _home.Path, "--simulation", plan);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!run.Output.Contains("📋 Loaded"))
        {
            Assert.False(run.HasExited || DateTime.UtcNow > deadline, run.Output);
            await Task.Delay(100);
        }

        var (code, output) = MovieSyncProcess.Run("journal", "copy", "--to-postgresql", _database.ConnectionString, "--home", _home.Path);
        Assert.Equal(2, code);
        Assert.Contains($"`moviesync run` (pid {run.Id}) is using {_home.Path}: stop it first", output);
        Assert.Equal(0L, _database.Scalar<long>("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"));
    }

    private static string Moviesync(TestHome home, params string[] args)
    {
        var (code, output) = MovieSyncProcess.Run([.. args, "--home", home.Path]);
        Assert.True(code == 0, $"moviesync {string.Join(' ', args)} exited {code}:\n{output}");
        return output;
    }

    private List<Row> SqliteRows()
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
            { DataSource = _home.JournalFile, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = Row.Query;
        using var reader = command.ExecuteReader();
        return Row.ReadAll(reader);
    }

    private List<Row> PostgreSqlRows()
    {
        using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_database.ConnectionString) { Pooling = false }.ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand(Row.Query, connection);
        using var reader = command.ExecuteReader();
        return Row.ReadAll(reader);
    }

    private sealed record Row(long Ordering, string PersistenceId, long SequenceNumber, long Created, string? Manifest, string Message)
    {
        public const string Query = "SELECT ordering, persistence_id, sequence_number, created, manifest, message FROM journal ORDER BY ordering";

        public static List<Row> ReadAll(System.Data.Common.DbDataReader reader)
        {
            var rows = new List<Row>();
            while (reader.Read())
            {
                rows.Add(new Row(reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3),
                    reader.IsDBNull(4) ? null : reader.GetString(4), Convert.ToHexString((byte[])reader.GetValue(5))));
            }

            return rows;
        }
    }
}

/// <summary>`journal copy`'s arguments, checked before any database is reached.</summary>
public sealed class JournalCopyArgumentSpecs(LeftBehindJournal seed) : IClassFixture<LeftBehindJournal>, IDisposable
{
    private const string Password = "never-printed-4411";
    private readonly TestHome _home = seed.CopyInto(new TestHome());

    public void Dispose() => _home.Dispose();

    [Fact]
    public void A_connection_string_Npgsql_refuses_is_bad_usage_and_is_not_echoed()
    {
        var (code, output) = MovieSyncProcess.Run("journal", "copy", "--to-postgresql", $"Hots=db;Password={Password}", "--home", _home.Path);
        Assert.Equal(2, code);
        Assert.Contains("--to-postgresql: not a PostgreSQL connection string", output);
        Assert.DoesNotContain(Password, output);
    }

    [Fact]
    public void A_server_that_cannot_be_reached_fails_naming_it_and_copies_nothing()
    {
        var (code, output) = MovieSyncProcess.Run("journal", "copy", "--to-postgresql",
            $"Host=127.0.0.1;Port=1;Database=moviesync;Username=moviesync;Password={Password}", "--home", _home.Path);
        Assert.Equal(1, code);
        Assert.Contains("PostgreSQL at 127.0.0.1:1, database moviesync, user moviesync: Failed to connect to 127.0.0.1:1", output);
        Assert.Contains("nothing was copied", output);
        Assert.DoesNotContain(Password, output);
    }

    [Fact]
    public void A_home_without_a_journal_has_nothing_to_copy()
    {
        using var empty = new TestHome();
        var (code, output) = MovieSyncProcess.Run("journal", "copy", "--to-postgresql", "Host=127.0.0.1;Port=1", "--home", empty.Path);
        Assert.Equal(2, code);
        Assert.Contains($"{empty.JournalFile} holds no journal: nothing to copy", output);
    }
}
