using MovieSync.Configuration;
using MovieSync.Tests.Support;
using Xunit;

namespace MovieSync.Tests.Configuration;

/// <summary>The <c>journal</c> section: SQLite by default, PostgreSQL with a connection string that is never printed.</summary>
public sealed class JournalConfigSpecs : IDisposable
{
    private const string Password = "hunter2-journal-secret";
    private const string ConnectionString = $"Host=db.example;Port=6543;Database=moviesync;Username=sync;Password={Password}";
    private readonly string _home = Directory.CreateTempSubdirectory("moviesync-config-").FullName;
    private readonly Dictionary<string, string?> _environment = new();

    public void Dispose() => Directory.Delete(_home, recursive: true);

    private MovieSyncOptions Load(string journal)
    {
        File.WriteAllText(Path.Combine(_home, "config.json"),
            $$"""{ "username": "alice", "download_directory": "/data/movies"{{(journal.Length > 0 ? ", \"journal\": " + journal : "")}} }""");
        return ConfigLoader.Load(_home, _environment);
    }

    private string Problem(string journal)
    {
        var problem = Assert.Throws<ConfigurationException>(() => Load(journal)).Message;
        Assert.DoesNotContain(Password, problem);
        return problem;
    }

    [Fact]
    public void Without_a_journal_section_the_journal_is_the_homes_SQLite_file()
    {
        var journal = Load("").Journal;

        Assert.Equal(JournalProvider.Sqlite, journal.Provider);
        Assert.Null(journal.ConnectionString);
        Assert.Equal(Path.Combine(_home, "moviesync.db"), journal.Describe(_home));
        Assert.Equal(JournalProvider.Sqlite, Load("""{ "provider": "sqlite", "connection_string": null }""").Journal.Provider);
    }

    [Fact]
    public void PostgreSQL_takes_its_connection_string_which_is_shown_only_without_the_password()
    {
        var journal = Load($$"""{ "provider": "PostgreSQL", "connection_string": "{{ConnectionString}}" }""").Journal;

        Assert.Equal(JournalProvider.PostgreSql, journal.Provider);
        Assert.Equal(ConnectionString, journal.ConnectionString);
        Assert.Equal("PostgreSQL at db.example:6543, database moviesync, user sync", journal.Describe(_home));
        Assert.DoesNotContain(Password, journal.ToString());
        Assert.Equal("could not log in with ********", journal.Redact($"could not log in with {Password}"));
    }

    [Fact]
    public void The_connection_string_may_come_from_the_environment()
    {
        _environment["MOVIESYNC_JOURNAL__CONNECTION_STRING"] = ConnectionString;

        Assert.Equal(ConnectionString, Load("""{ "provider": "postgresql" }""").Journal.ConnectionString);

        _environment["MOVIESYNC_JOURNAL__CONNECTION_STRING"] = $"Port=1;Password={Password}";
        Assert.Contains("MOVIESYNC_JOURNAL__CONNECTION_STRING (journal.connection_string): names no server", Problem("""{ "provider": "postgresql" }"""));
    }

    [Theory]
    [InlineData("""{ "provider": "mysql" }""", "journal.provider: expected \"sqlite\" or \"postgresql\", got \"mysql\"")]
    [InlineData("""{ "provider": "postgresql" }""", "journal.connection_string: required when journal.provider is \"postgresql\"")]
    [InlineData($$"""{ "provider": "postgresql", "connection_string": "Hots=db;Password={{Password}}" }""", "journal.connection_string: not a PostgreSQL connection string")]
    [InlineData($$"""{ "provider": "postgresql", "connection_string": "Password={{Password}}" }""", "journal.connection_string: names no server: add Host=")]
    [InlineData($$"""{ "connection_string": "{{ConnectionString}}" }""", "journal.connection_string: set, but journal.provider is \"sqlite\"")]
    [InlineData($$"""{ "provider": "postgresql", "conection_string": "{{ConnectionString}}" }""", "journal.conection_string: unknown key (did you mean journal.connection_string?)")]
    [InlineData($$"""  "{{ConnectionString}}" """, "journal: expected an object with its own keys, got a string")]
    public void A_bad_journal_section_names_the_key_and_never_prints_the_connection_string(string journal, string expected) =>
        Assert.Contains(expected, Problem(journal));

    [Fact]
    public void Commands_that_only_read_the_journal_find_it_in_an_incomplete_config_but_not_in_a_bad_journal_section()
    {
        File.WriteAllText(Path.Combine(_home, "config.json"), $$"""{ "journal": { "provider": "postgresql", "connection_string": "{{ConnectionString}}" } }""");
        _environment["MOVIESYNC_FILELIST__PASKEY"] = "a typo only `run` needs to report";

        Assert.Equal(ConnectionString, ConfigLoader.LoadJournal(_home, _environment).ConnectionString);
        Assert.Throws<ConfigurationException>(() => ConfigLoader.Load(_home, _environment)); // username, download_directory, the typo

        File.WriteAllText(Path.Combine(_home, "config.json"), """{ "journal": { "provider": "postgres" } }""");
        Assert.Contains("journal.provider", Assert.Throws<ConfigurationException>(() => ConfigLoader.LoadJournal(_home, _environment)).Message);
        Directory.Delete(_home, recursive: true);
        Directory.CreateDirectory(_home);
        Assert.Equal(JournalSettings.Sqlite, ConfigLoader.LoadJournal(_home, _environment)); // no config.json at all
    }

    [Fact]
    public void A_command_on_a_bad_journal_section_exits_2_naming_the_key()
    {
        using var home = new TestHome(config => config["journal"] = new System.Text.Json.Nodes.JsonObject
        {
            ["provider"] = "postgresql", ["connection_string"] = $"Hots=db;Password={Password}",
        });

        foreach (var command in new[] { "status", "list", "run" })
        {
            var (code, output) = MovieSyncProcess.Run(command, "--home", home.Path);
            Assert.Equal(2, code);
            Assert.Contains("journal.connection_string: not a PostgreSQL connection string", output);
            Assert.DoesNotContain(Password, output);
        }
    }
}
