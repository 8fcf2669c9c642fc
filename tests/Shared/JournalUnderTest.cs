using System.Text.Json.Nodes;
using MovieSync.Actors.Hosting;

namespace MovieSync.Specs;

/// <summary>The journal a spec runs on: a SQLite file of its own, or a PostgreSQL database of its own.</summary>
public sealed class JournalUnderTest : IDisposable
{
    private readonly TestDatabase? _database;

    private JournalUnderTest(JournalOptions options, string? file, TestDatabase? database)
    {
        Options = options;
        File = file;
        _database = database;
    }

    public JournalOptions Options { get; }

    /// <summary>The SQLite file; null on PostgreSQL.</summary>
    public string? File { get; }

    /// <summary>The PostgreSQL database; null on SQLite.</summary>
    public TestDatabase? Database => _database;

    public bool IsPostgreSql => _database is not null;

    /// <summary>A new SQLite journal in <paramref name="file"/> (a new temporary file by default).</summary>
    public static JournalUnderTest Sqlite(string? file = null)
    {
        file ??= Path.Combine(Directory.CreateTempSubdirectory("moviesync-spec-").FullName, "moviesync.db");
        return new JournalUnderTest(JournalOptions.Sqlite(file), file, null);
    }

    /// <summary>A new PostgreSQL journal in a database of its own on the <see cref="TestPostgres"/> server.</summary>
    public static JournalUnderTest PostgreSql()
    {
        var database = TestPostgres.CreateDatabase();
        return new JournalUnderTest(JournalOptions.PostgreSql(database.ConnectionString), null, database);
    }

    /// <summary>
    /// Points a home's config.json at this journal: nothing for SQLite (the home's own moviesync.db is the default; this
    /// instance's file is not used), the journal section for PostgreSQL.
    /// </summary>
    public void Configure(JsonObject config)
    {
        if (_database is not null)
            config["journal"] = _database.ConfigSection;
    }

    /// <summary>The journal a `run` in a home set up with <see cref="Configure"/> writes: the home's own file on SQLite.</summary>
    public JournalOptions InHome(string homeJournalFile) => IsPostgreSql ? Options : JournalOptions.Sqlite(homeJournalFile);

    public override string ToString() => IsPostgreSql ? "PostgreSQL" : "SQLite";

    public void Dispose() => _database?.Dispose();
}
