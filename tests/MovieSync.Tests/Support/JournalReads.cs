using MovieSync.Host.Journal;
using MovieSync.Messages;
using MovieSync.Simulators.Letterboxd;
using static MovieSync.Messages.MovieEvents;

namespace MovieSync.Tests.Support;

/// <summary>What the real host's journal says about the fake films, read while the host runs or after it stopped.</summary>
public static class JournalReads
{
    /// <summary>
    /// Each film's <see cref="TorrentAdded"/> events, in the films' order. A spec that waits for torrents waits for these
    /// too: an add reaches qBittorrent before its event is written, and a movie whose write failed (a crash, a locked
    /// journal) records the torrent only when it attempts again and finds it in qBittorrent.
    /// </summary>
    public static async Task<List<List<TorrentAdded>>> TorrentsAddedAsync(this JournalReader reader, IEnumerable<FakeFilm> films)
    {
        var added = new List<List<TorrentAdded>>();
        foreach (var film in films)
            added.Add((await reader.MovieEventsAsync(MovieId.Parse(film.ImdbId!))).Select(e => e.Event).OfType<TorrentAdded>().ToList());
        return added;
    }

    /// <summary>True once every one of <paramref name="films"/> is recorded as added.</summary>
    public static async Task<bool> AllAddedAsync(this JournalReader reader, IEnumerable<FakeFilm> films) =>
        (await reader.TorrentsAddedAsync(films)).All(added => added.Count > 0);
}
