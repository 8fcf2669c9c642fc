using System.Text.Json.Nodes;
using Npgsql;

namespace MovieSync.Specs;

/// <summary>
/// The PostgreSQL server the journal specs run against: test.sh starts a private one on loopback and names it in
/// <see cref="Variable"/> (a connection string without a database). Each spec gets a database of its own.
/// </summary>
public static class TestPostgres
{
    /// <summary>Not MOVIESYNC_*: MovieSync reads every such variable as a config key and refuses unknown ones.</summary>
    public const string Variable = "TEST_POSTGRES";

    public static string? Server => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } server ? server : null;

    /// <summary>
    /// Why the PostgreSQL specs are skipped: only outside CI, when no server is given. With CI=true they run and fail
    /// (<see cref="CreateDatabase"/>), so a CI without PostgreSQL never passes by skipping them.
    /// </summary>
    public static string? SkipReason => Server is null && !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase)
        ? $"PostgreSQL is not available: {Variable} is not set (./test.sh installs and starts a private server and sets it)"
        : null;

    /// <summary>A new, empty database on the server, dropped when disposed.</summary>
    public static TestDatabase CreateDatabase()
    {
        var server = Server ?? throw new InvalidOperationException(
            $"PostgreSQL is required here (CI=true) but {Variable} is not set: run the suite through ./test.sh, which installs and starts it");
        var name = "moviesync_" + Guid.NewGuid().ToString("N")[..12];
        using var admin = TestDatabase.Admin(server);
        using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
        create.ExecuteNonQuery();
        return new TestDatabase(server, name);
    }
}

/// <summary>One spec's database on the <see cref="TestPostgres"/> server.</summary>
public sealed class TestDatabase : IDisposable
{
    /// <summary>
    /// The connection string's password. The test server trusts loopback and ignores it; it is there to be looked for in
    /// everything MovieSync prints, logs and serves, where it must never appear.
    /// </summary>
    public const string Password = "pg-s3cret-0f9d27c4";

    private readonly string _server;

    internal TestDatabase(string server, string name)
    {
        _server = server;
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = name, Password = Password }.ConnectionString;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    /// <summary>config.json's journal section for this database.</summary>
    public JsonObject ConfigSection => new() { ["provider"] = "postgresql", ["connection_string"] = ConnectionString };

    /// <summary>A single value read with SQL (row counts, sequence values).</summary>
    public T Scalar<T>(string sql)
    {
        using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString) { Pooling = false }.ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        return (T)Convert.ChangeType(command.ExecuteScalar()!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Drops the database, closing whatever connections are still open on it (pooled ones of finished actor systems).</summary>
    public void Dispose()
    {
        using var admin = Admin(_server);
        using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)", admin);
        drop.ExecuteNonQuery();
    }

    internal static NpgsqlConnection Admin(string server)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Database = "postgres", Pooling = false }.ConnectionString);
        connection.Open();
        return connection;
    }
}
