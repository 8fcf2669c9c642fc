using MovieSync.Messages;
using MovieSync.Simulators.FileList;

namespace MovieSync.Bench.FileList;

/// <summary>
/// The films of the first sync and their releases on the fake FileList: every film has an IMDb id and two releases
/// (1080p and 720p), so each one can be grabbed with one search and one download.
/// </summary>
internal sealed class BenchFilms
{
    private const long FirstTorrentId = 5_000_000;

    public BenchFilms(int count)
    {
        Films = Enumerable.Range(0, count)
            .Select(i => new MovieCommands.QueueMovie(MovieId.Parse($"tt{2_000_000 + i}"), $"Bench Film {i:0000}", 1950 + i % 75))
            .ToList();
        Torrents = Films.SelectMany((film, i) => new[]
        {
            new FakeTorrent(FirstTorrentId + 2 * i, Release(film, "1080p.BluRay.x264"), film.MovieId.Value, 4, FakeTorrent.Gb(8 + i % 5), 20 + i % 50),
            new FakeTorrent(FirstTorrentId + 2 * i + 1, Release(film, "720p.BluRay.x264"), film.MovieId.Value, 4, FakeTorrent.Gb(4), 5 + i % 20),
        }).ToList();
        FilmOfTorrent = Torrents.ToDictionary(t => t.Id, t => t.ImdbId!);
    }

    public IReadOnlyList<MovieCommands.QueueMovie> Films { get; }

    public IReadOnlyList<FakeTorrent> Torrents { get; }

    /// <summary>The IMDb id of the film each release belongs to.</summary>
    public IReadOnlyDictionary<long, string> FilmOfTorrent { get; }

    private static string Release(MovieCommands.QueueMovie film, string quality) =>
        $"{film.Title.Replace(' ', '.')}.{film.Year}.{quality}-BENCH";
}
