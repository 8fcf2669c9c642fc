using System.Data.Common;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using MovieSync.Host.Home;
using MovieSync.Host.Journal;
using MovieSync.Simulators.Letterboxd;
using MovieSync.Specs;
using MovieSync.Tests.Support;
using Npgsql;
using Xunit;
using Xunit.Abstractions;

namespace MovieSync.Tests.Host;

/// <summary>
/// The real `run` on a journal where one downloading movie holds an event this version does not know (as after a
/// downgrade): the host starts, `status` and <c>/api/status</c> answer and name that movie as unreadable with its error,
/// and the other movies carry on (new films are grabbed). On SQLite and on PostgreSQL.
/// </summary>
public abstract class JournalUnreadableMovieSpecs(ITestOutputHelper output, JournalUnderTest journal) : IAsyncLifetime
{
    private const string NewerManifest = "movie-superseded.v9";
    private readonly List<FakeFilm> _films = FakeFilm.Generated(5, first: 400).ToList();
    private FakeServices _services = null!;

    public async Task InitializeAsync() =>
        _services = await FakeServices.StartAsync(_films, listed: _films.Take(3), checkInterval: 1, configure: journal.Configure);

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        journal.Dispose();
    }

    [JournalFact]
    public async Task A_movie_whose_journal_cannot_be_read_is_reported_and_the_rest_carry_on()
    {
        using (var first = MovieSyncProcess.Start(_services.Run(letterboxdDelayMs: 0)))
        {
            await _services.WaitUntil(() => _services.QBittorrent.TorrentCount == 3, first);
            await using (var reader = JournalReader.Open(journal.InHome(_services.Home.JournalFile)))
                await _services.WaitUntil(() => reader.AllAddedAsync(_films.Take(3)), first); // recorded, not only in qBittorrent
            first.Terminate();
            Assert.Equal(0, first.WaitForExit(TimeSpan.FromSeconds(30)));
        }

        var (_, before) = MovieSyncProcess.Run("status", "--json", "--home", _services.Home.Path);
        Assert.Equal(3, JsonDocument.Parse(before).RootElement.GetProperty("downloading").GetInt32()); // each has an actor at start
        var unreadable = _films[0].ImdbId!;
        AppendEventOfANewerVersion("movie-" + unreadable);
        _services.Letterboxd.AddFilms(FakeServices.User, _films.Skip(3));

        using var run = MovieSyncProcess.Start(_services.Run(letterboxdDelayMs: 0));
        await _services.WaitUntil(() => _services.QBittorrent.TorrentCount == _films.Count, run, seconds: 60);
        await _services.WaitUntil(() => run.Output.Contains("📋 Loaded:"), run, seconds: 30);

        var (exit, text) = MovieSyncProcess.Run("status", "--json", "--home", _services.Home.Path);
        Assert.Equal(0, exit);
        var status = JsonDocument.Parse(text).RootElement;
        AssertNamesTheUnreadableMovie(status, unreadable);
        Assert.Equal(5, status.GetProperty("total").GetInt32());

        var (humanExit, human) = MovieSyncProcess.Run("status", "--home", _services.Home.Path);
        Assert.Equal(0, humanExit);
        Assert.Contains($"Unreadable: {unreadable}", human);
        Assert.Contains(NewerManifest, human);

        var (historyExit, history) = MovieSyncProcess.Run("history", unreadable, "--home", _services.Home.Path);
        Assert.Equal(0, historyExit);
        Assert.Contains("unreadable", history);
        Assert.Contains(NewerManifest, history);

        using var http = new HttpClient { BaseAddress = RunLock.FindRunningHost(_services.Home.Path)!.ApiUrl };
        // While the host still reads its journal for the dashboard (loading), the counts are the coordinator's and the
        // unreadable list holds what was found so far: the complete answer follows.
        JsonElement apiStatus = default;
        await _services.WaitUntil(async () =>
        {
            apiStatus = JsonDocument.Parse(await http.GetStringAsync("api/status")).RootElement;
            return !apiStatus.GetProperty("loading").GetBoolean();
        }, run, seconds: 30);
        AssertNamesTheUnreadableMovie(apiStatus, unreadable);

        Assert.False(run.HasExited);
        run.Terminate();
        Assert.Equal(0, run.WaitForExit(TimeSpan.FromSeconds(30)));
        output.WriteLine(run.Output);
        Assert.DoesNotContain("Still loading the journal", run.Output);
        Assert.Contains($"movie-{unreadable} cannot be read", run.Output);
        Assert.Equal(_films.Count, _services.QBittorrent.AddRequests); // nothing grabbed twice, the unreadable one included
    }

    private static void AssertNamesTheUnreadableMovie(JsonElement status, string movieId)
    {
        Assert.Equal("ok", status.GetProperty("journal").GetProperty("state").GetString());
        var entry = Assert.Single(status.GetProperty("unreadable").EnumerateArray());
        Assert.Equal(movieId, entry.GetProperty("movie_id").GetString());
        Assert.Contains(NewerManifest, entry.GetProperty("error").GetString());
        Assert.Contains("newer MovieSync version", entry.GetProperty("error").GetString());
    }

    /// <summary>An event as a newer MovieSync would write it: its manifest is unknown to this version.</summary>
    private void AppendEventOfANewerVersion(string persistenceId)
    {
        using DbConnection connection = journal.Database is { } database
            ? new NpgsqlConnection(new NpgsqlConnectionStringBuilder(database.ConnectionString) { Pooling = false }.ConnectionString)
            : new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _services.Home.JournalFile, Pooling = false }.ToString());
        connection.Open();
        using var insert = connection.CreateCommand();
        insert.CommandText = """
            INSERT INTO journal (created, deleted, persistence_id, sequence_number, message, manifest, identifier, writer_uuid)
            SELECT @created, @deleted, @id, max(sequence_number) + 1, @message, @manifest, 4101, 'a-newer-moviesync'
            FROM journal WHERE persistence_id = @id
            """;
        Add(insert, "created", DateTime.UtcNow.Ticks);
        Add(insert, "deleted", false);
        Add(insert, "id", persistenceId);
        Add(insert, "message", """{"movie_id":"x","at":"2027-01-01T00:00:00+00:00"}"""u8.ToArray());
        Add(insert, "manifest", NewerManifest);
        Assert.Equal(1, insert.ExecuteNonQuery());
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}

public sealed class JournalUnreadableMovieOnSqliteSpecs(ITestOutputHelper output) : JournalUnreadableMovieSpecs(output, JournalUnderTest.Sqlite());

public sealed class JournalUnreadableMovieOnPostgreSqlSpecs(ITestOutputHelper output)
    : JournalUnreadableMovieSpecs(output, JournalUnderTest.PostgreSql()), IPostgreSqlSpec;
