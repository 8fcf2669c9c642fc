using MovieSync.Actors.Hosting;
using MovieSync.Host.Journal;
using MovieSync.Messages;
using MovieSync.Simulators.Letterboxd;
using MovieSync.Tests.Support;
using Xunit;
using Xunit.Abstractions;
using static MovieSync.Messages.CoordinatorEvents;
using static MovieSync.Messages.MovieEvents;

namespace MovieSync.Tests.Host;

/// <summary>
/// The real `run` against fake Letterboxd, FileList and qBittorrent servers, killed with SIGKILL three times during the
/// first sync of a 60-film watchlist: every film ends tracked and grabbed exactly once.
/// </summary>
public sealed class FirstSyncCrashSpecs(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly List<FakeFilm> _films = FakeFilm.Generated(60).ToList();
    private FakeServices _services = null!;

    public async Task InitializeAsync() => _services = await FakeServices.StartAsync(_films, listed: _films);

    public async Task DisposeAsync() => await _services.DisposeAsync();

    [Fact]
    public async Task Killed_three_times_during_a_first_sync_every_film_is_tracked_and_grabbed_exactly_once()
    {
        var run = _services.Run();
        foreach (var killAtRequest in new[] { 12, 30, 48 }) // a first sync takes ~65 requests: 3 pages and 60 film pages
        {
            using var life = MovieSyncProcess.Start(run);
            await _services.WaitUntil(() => _services.Letterboxd.TotalRequests >= killAtRequest, life);
            life.KillHard();
            life.WaitForExit(TimeSpan.FromSeconds(10));
            output.WriteLine($"--- killed at {killAtRequest} Letterboxd requests:\n{life.Output}");
            Assert.True(_services.QBittorrent.TorrentCount < _films.Count, "the kill came before the first sync was over");
        }

        await using var journal = JournalReader.Open(JournalOptions.Sqlite(_services.Home.JournalFile).ConnectionString);
        using (var last = MovieSyncProcess.Start(run))
        {
            await _services.WaitUntil(() => _services.QBittorrent.TorrentCount == _films.Count, last);
            // A kill between an add and its event leaves a torrent its movie records only when it attempts again.
            await _services.WaitUntil(() => journal.AllAddedAsync(_films), last);
            await Task.Delay(TimeSpan.FromSeconds(1)); // room for a second add, were there one
            last.Terminate();
            Assert.Equal(0, last.WaitForExit(TimeSpan.FromSeconds(30)));
            output.WriteLine(last.Output);
        }

        Assert.Equal(_films.Count, _services.QBittorrent.AddRequests);
        var all = (await journal.AllEventsAsync()).Select(e => e.Event).ToList();
        foreach (var film in _films)
        {
            var id = MovieId.Parse(film.ImdbId!);
            Assert.Single(all.OfType<MovieTracked>(), t => t.MovieId == id);
            var events = (await journal.MovieEventsAsync(id)).Select(e => e.Event).ToList();
            Assert.Single(events.OfType<MovieQueued>());
            Assert.Single(events.OfType<TorrentAdded>());
            Assert.Empty(events.OfType<AttemptFailed>());
        }
    }
}
