using Microsoft.Data.Sqlite;
using MovieSync.Host.Journal;
using MovieSync.Simulators.Letterboxd;
using MovieSync.Specs;
using MovieSync.Tests.Support;
using Npgsql;
using Xunit;
using Xunit.Abstractions;

namespace MovieSync.Tests.Host;

/// <summary>
/// The real `run` while another process locks its journal: the actors whose writes fail stop, are started again by their
/// supervisors, the host says why in the database's own words, and once the journal is writable every film is grabbed
/// exactly once, with no restart of the process. On SQLite an exclusive transaction on the file; on PostgreSQL an
/// exclusive lock on the journal table (reads go on, writes wait and fail after the lock timeout).
/// </summary>
public abstract class JournalOutageSpecs(ITestOutputHelper output, JournalUnderTest journal) : IAsyncLifetime
{
    private readonly List<FakeFilm> _films = FakeFilm.Generated(9).ToList();
    private FakeServices _services = null!;

    protected JournalUnderTest Journal => journal;

    /// <summary>How long the journal stays locked: long enough for writes to fail and the circuit breaker to open.</summary>
    protected abstract TimeSpan Outage { get; }

    /// <summary>What the host says the journal's trouble is: the database's own reason.</summary>
    protected abstract string Cause { get; }

    /// <summary>Locks the journal the way another process would, until disposed.</summary>
    protected abstract Task<IAsyncDisposable> LockJournalAsync(TestHome home);

    public async Task InitializeAsync() =>
        _services = await FakeServices.StartAsync(_films, listed: _films.Take(5), checkInterval: 2, configure: journal.Configure);

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        journal.Dispose();
    }

    [JournalFact]
    public async Task Films_added_while_the_journal_is_locked_are_grabbed_once_after_it_is_released()
    {
        using var run = MovieSyncProcess.Start(_services.Run(letterboxdDelayMs: 0));
        await _services.WaitUntil(() => _services.QBittorrent.TorrentCount == 5, run);

        await using (await LockJournalAsync(_services.Home))
        {
            _services.Letterboxd.AddFilms(FakeServices.User, _films.Skip(5));
            await Task.Delay(Outage); // the outage itself: its length is the point of the spec
            Assert.Equal(5, _services.QBittorrent.TorrentCount); // nothing recorded, nothing grabbed meanwhile
            Assert.Contains($"The journal cannot be written: {Cause}", run.Output);
        } // released

        // The guarantee is the journal's: every film recorded as added. qBittorrent alone is not enough, since an add that
        // reached it just before the lock may have had its TorrentAdded refused: that movie's actor stops, is started
        // again once the journal answers, finds the torrent already in qBittorrent and records it then.
        await using var reader = JournalReader.Open(journal.InHome(_services.Home.JournalFile));
        await _services.WaitUntil(() => _services.QBittorrent.TorrentCount == _films.Count, run, seconds: 150);
        await _services.WaitUntil(() => reader.AllAddedAsync(_films), run, seconds: 150);
        await Task.Delay(TimeSpan.FromSeconds(1)); // room for a second add, were there one
        Assert.False(run.HasExited);
        run.Terminate();
        Assert.Equal(0, run.WaitForExit(TimeSpan.FromSeconds(30)));
        output.WriteLine(run.Output);
        Assert.DoesNotContain(TestDatabase.Password, run.Output);

        Assert.Equal(_films.Count, _services.QBittorrent.AddRequests);
        Assert.All(await reader.TorrentsAddedAsync(_films), added => Assert.Single(added));
    }
}

public sealed class JournalOutageOnSqliteSpecs(ITestOutputHelper output) : JournalOutageSpecs(output, JournalUnderTest.Sqlite())
{
    protected override TimeSpan Outage => TimeSpan.FromSeconds(25);

    protected override string Cause => "SQLite Error 5: 'database is locked'";

    protected override Task<IAsyncDisposable> LockJournalAsync(TestHome home)
    {
        var locker = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = home.JournalFile, Pooling = false }.ToString());
        locker.Open();
        using var exclusive = locker.CreateCommand();
        exclusive.CommandText = "BEGIN EXCLUSIVE";
        exclusive.ExecuteNonQuery();
        return Task.FromResult<IAsyncDisposable>(locker);
    }
}

public sealed class JournalOutageOnPostgreSqlSpecs(ITestOutputHelper output)
    : JournalOutageSpecs(output, JournalUnderTest.PostgreSql()), IPostgreSqlSpec
{
    protected override TimeSpan Outage => TimeSpan.FromSeconds(15);

    protected override string Cause => "PostgreSQL 55P03: canceling statement due to lock timeout";

    protected override async Task<IAsyncDisposable> LockJournalAsync(TestHome home)
    {
        var locker = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(Journal.Database!.ConnectionString)
            { Pooling = false, ApplicationName = "spec" }.ConnectionString);
        await locker.OpenAsync();
        await using var exclusive = new NpgsqlCommand("BEGIN; LOCK TABLE journal IN EXCLUSIVE MODE", locker);
        await exclusive.ExecuteNonQueryAsync();
        return locker; // closing the connection ends the transaction and its lock
    }
}
