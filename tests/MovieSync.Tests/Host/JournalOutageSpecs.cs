using Microsoft.Data.Sqlite;
using MovieSync.Actors.Hosting;
using MovieSync.Host.Journal;
using MovieSync.Messages;
using MovieSync.Simulators.Letterboxd;
using MovieSync.Tests.Support;
using Xunit;
using Xunit.Abstractions;
using static MovieSync.Messages.MovieEvents;

namespace MovieSync.Tests.Host;

/// <summary>
/// The real `run` while another process holds an exclusive lock on its journal: the actors whose writes fail stop, are
/// started again by their supervisors, and once the journal is writable every film is grabbed exactly once, with no
/// restart of the process.
/// </summary>
public sealed class JournalOutageSpecs(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly List<FakeFilm> _films = FakeFilm.Generated(9).ToList();
    private FakeServices _services = null!;

    public async Task InitializeAsync() => _services = await FakeServices.StartAsync(_films, listed: _films.Take(5), checkInterval: 2);

    public async Task DisposeAsync() => await _services.DisposeAsync();

    [Fact]
    public async Task Films_added_while_the_journal_is_locked_for_25_s_are_grabbed_once_after_it_is_released()
    {
        using var run = MovieSyncProcess.Start(_services.Run(letterboxdDelayMs: 0));
        await _services.WaitUntil(() => _services.QBittorrent.TorrentCount == 5, run);

        await using (var locker = new SqliteConnection(new SqliteConnectionStringBuilder
                         { DataSource = _services.Home.JournalFile, Pooling = false }.ToString()))
        {
            locker.Open();
            using (var exclusive = locker.CreateCommand())
            {
                exclusive.CommandText = "BEGIN EXCLUSIVE";
                exclusive.ExecuteNonQuery();
            }

            _services.Letterboxd.AddFilms(FakeServices.User, _films.Skip(5));
            await Task.Delay(TimeSpan.FromSeconds(25)); // the outage itself: its length is the point of the spec
            Assert.Equal(5, _services.QBittorrent.TorrentCount); // nothing recorded, nothing grabbed meanwhile
        } // released

        await _services.WaitUntil(() => _services.QBittorrent.TorrentCount == _films.Count, run, seconds: 150);
        await Task.Delay(TimeSpan.FromSeconds(1)); // room for a second add, were there one
        Assert.False(run.HasExited);
        run.Terminate();
        Assert.Equal(0, run.WaitForExit(TimeSpan.FromSeconds(30)));
        output.WriteLine(run.Output);

        Assert.Equal(_films.Count, _services.QBittorrent.AddRequests);
        await using var journal = JournalReader.Open(JournalOptions.Sqlite(_services.Home.JournalFile).ConnectionString);
        foreach (var film in _films)
            Assert.Single((await journal.MovieEventsAsync(MovieId.Parse(film.ImdbId!))).Select(e => e.Event).OfType<TorrentAdded>());
    }
}
