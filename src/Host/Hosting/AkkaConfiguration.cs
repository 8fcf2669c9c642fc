using Akka.Configuration;
using Akka.Persistence.Sql;

namespace MovieSync.Host.Hosting;

/// <summary>The actor system's configuration: hocon/moviesync.hocon, then hocon/persistence.hocon for one journal.</summary>
public static class AkkaConfiguration
{
    public const string SqliteProvider = "SQLite.MS";

    /// <summary>The SQLite connection string of a journal file.</summary>
    public static string SqliteConnectionString(string journalFile) => $"Data Source={journalFile}";

    public static Config Build(string connectionString, string provider = SqliteProvider) =>
        ConfigurationFactory.ParseString(Read("moviesync.hocon"))
            .WithFallback(Persistence(connectionString, provider))
            .WithFallback(SqlPersistence.DefaultConfiguration);

    public static Config Persistence(string connectionString, string provider) =>
        ConfigurationFactory.ParseString(Read("persistence.hocon")
            .Replace("@CONNECTION_STRING@", Escape(connectionString))
            .Replace("@PROVIDER@", Escape(provider))
            .Replace("@READ_ISOLATION@", provider == SqliteProvider ? "read-uncommitted" : "read-committed"));

    private static string Read(string name)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "hocon", name);
        return File.Exists(path)
            ? File.ReadAllText(path)
            : throw new FileNotFoundException($"The actor system configuration {path} is missing from the installation", path);
    }

    private static string Escape(string value) => value.Replace("\\", "\\\\").Replace("\"", "\\\"");
}
