using MovieSync.Actors.Hosting;
using Xunit;

namespace MovieSync.Tests.Journal;

/// <summary>
/// `run` gives a new SQLite journal its tables before its actor system starts, so that even its first run reads in
/// deferred transactions (read-uncommitted) instead of taking the write lock for every recovery.
/// </summary>
public sealed class SqliteJournalTablesSpecs : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("moviesync-tables-").FullName;

    private string JournalFile => Path.Combine(_folder, "moviesync.db");

    private JournalOptions Journal => JournalOptions.Sqlite(JournalFile);

    [Fact]
    public async Task A_new_journal_gets_its_tables_and_is_then_read_without_the_write_lock()
    {
        Assert.Equal("read-committed", ReadIsolation());

        await SqliteJournalTables.EnsureAsync(Journal);

        Assert.True(SqliteJournal.HasJournalTables(Journal.ConnectionString));
        Assert.Equal("read-uncommitted", ReadIsolation());
    }

    [Fact]
    public async Task A_journal_with_its_tables_is_left_as_it_is()
    {
        await SqliteJournalTables.EnsureAsync(Journal);
        var file = new FileInfo(JournalFile);
        var (length, written) = (file.Length, file.LastWriteTimeUtc);

        await SqliteJournalTables.EnsureAsync(Journal);

        file.Refresh();
        Assert.Equal(length, file.Length);
        Assert.Equal(written, file.LastWriteTimeUtc);
    }

    private string ReadIsolation() =>
        MovieSyncConfig.Persistence(Journal).GetString("akka.persistence.journal.sql.read-isolation-level");

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
