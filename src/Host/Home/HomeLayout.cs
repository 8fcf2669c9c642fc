using System.Collections;
using MovieSync.Configuration;
using MovieSync.Actors.Hosting;
using MovieSync.Host.Journal;

namespace MovieSync.Host.Home;

/// <summary>
/// Where a home folder keeps its files, and the checks made before any of them is opened. How the actor system opens
/// the journal is MovieSyncConfig's part (src/Actors/Hosting).
/// </summary>
public sealed record HomeLayout(string Path)
{
    public string JournalFile => System.IO.Path.Combine(Path, "moviesync.db");

    public JournalOptions Journal => JournalOptions.Sqlite(JournalFile);

    public string ConnectionString => Journal.ConnectionString;

    public bool HasJournal => File.Exists(JournalFile) && new FileInfo(JournalFile).Length > 0;

    /// <summary>Refuses a journal that is not a SQLite database before Akka opens (and would rewrite) it.</summary>
    public void CheckJournal()
    {
        if (MovieSync.Host.Journal.JournalFile.Problem(JournalFile) is { } problem)
            throw new UsageException(problem);
    }

    /// <summary>config.json with the MOVIESYNC_* environment overrides.</summary>
    public MovieSyncOptions LoadOptions()
    {
        var environment = new Dictionary<string, string?>();
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
            environment[(string)entry.Key] = entry.Value as string;
        return ConfigLoader.Load(Path, environment);
    }
}
