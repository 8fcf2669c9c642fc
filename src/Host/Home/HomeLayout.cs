using System.Collections;
using Npgsql;
using MovieSync.Actors.Hosting;
using MovieSync.Actors.Journal;
using MovieSync.Configuration;

namespace MovieSync.Host.Home;

/// <summary>
/// Where a home folder keeps its files, which journal it uses (config.json's <c>journal</c> section: its own SQLite file
/// by default, or a PostgreSQL database), and the checks made before the journal is opened. How the actor system opens
/// the journal is MovieSyncConfig's part (src/Actors/Hosting).
/// </summary>
public sealed record HomeLayout(string Path)
{
    private JournalSettings? _journalSettings;

    /// <summary>The SQLite journal's file: the journal itself unless config.json names a PostgreSQL one.</summary>
    public string JournalFile => System.IO.Path.Combine(Path, "moviesync.db");

    /// <summary>config.json's <c>journal</c> section alone (read once): the read-only commands need nothing else.</summary>
    /// <exception cref="ConfigurationException">A journal key is unacceptable.</exception>
    public JournalSettings JournalSettings => _journalSettings ??= ConfigLoader.LoadJournal(Path, EnvironmentVariables());

    public JournalOptions Journal => JournalOf(JournalSettings);

    /// <summary>The journal that <paramref name="settings"/> (a whole config's, for `run`) name for this home.</summary>
    public JournalOptions JournalOf(JournalSettings settings) => JournalOptions.Of(settings, JournalFile);

    /// <summary>Whether the journal has been created: the SQLite file exists, or the PostgreSQL database has its tables.</summary>
    /// <exception cref="OperationFailedException">The PostgreSQL server cannot be reached or refuses the connection.</exception>
    public bool HasJournal
    {
        get
        {
            var journal = Journal;
            if (journal.IsSqlite)
                return File.Exists(JournalFile) && new FileInfo(JournalFile).Length > 0;
            try
            {
                return PostgreSqlJournal.HasJournalTables(journal.ConnectionString);
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                throw Unreachable(journal, e);
            }
        }
    }

    /// <summary>The error a command ends with when the journal's database cannot be reached (exit 1).</summary>
    public OperationFailedException Unreachable(JournalOptions journal, Exception failure) =>
        new(JournalSettings.Redact($"the journal ({journal.Describe()}) cannot be reached: {JournalFailure.CauseOf(failure)}"));

    /// <summary>Refuses a journal file that is not a SQLite database before Akka opens (and would rewrite) it.</summary>
    public void CheckJournal()
    {
        if (Journal.IsSqlite && MovieSync.Host.Journal.JournalFile.Problem(JournalFile) is { } problem)
            throw new UsageException(problem);
    }

    /// <summary>config.json with the MOVIESYNC_* environment overrides.</summary>
    public MovieSyncOptions LoadOptions() => ConfigLoader.Load(Path, EnvironmentVariables());

    private static Dictionary<string, string?> EnvironmentVariables()
    {
        var environment = new Dictionary<string, string?>();
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
            environment[(string)entry.Key] = entry.Value as string;
        return environment;
    }
}
