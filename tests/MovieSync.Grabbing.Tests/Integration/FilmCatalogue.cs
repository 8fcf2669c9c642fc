using MovieSync.Simulators.FileList;

namespace MovieSync.Grabbing.Tests.Integration;

/// <summary>
/// Fake FileList catalogues whose torrents are unique to one test (fresh ids give fresh info-hashes), so tests can
/// share one qbittorrent-nox without meeting each other's torrents.
/// </summary>
public static class FilmCatalogue
{
    public const string MatrixImdb = "tt0133093";
    public const string AmelieImdb = "tt0211915";
    public const string SevenImdb = "tt0114369";

    public static IReadOnlyList<FakeTorrent> Fresh()
    {
        var id = Random.Shared.NextInt64(10_000_000, 90_000_000) * 10;
        return
        [
            new FakeTorrent(id, "The.Matrix.1999.1080p.BluRay.x264-SiNNERS", MatrixImdb, 4, FakeTorrent.Gb(0.5), 143),
            new FakeTorrent(id + 1, "The.Matrix.1999.720p.BluRay.x264-HiDt", MatrixImdb, 4, FakeTorrent.Gb(0.3), 40),
            new FakeTorrent(id + 2, "Amelie.2001.1080p.BluRay.x264-CiNEFiLE", AmelieImdb, 4, FakeTorrent.Gb(0.4), 34) { Freeleech = true },
            new FakeTorrent(id + 3, "Se7en.1995.REMASTERED.1080p.BluRay.x264-AMIABLE", SevenImdb, 4, FakeTorrent.Gb(0.6), 48),
        ];
    }
}
