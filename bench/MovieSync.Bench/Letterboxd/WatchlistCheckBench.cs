using System.Diagnostics;
using System.Globalization;
using MovieSync.Clients.Letterboxd;
using MovieSync.Simulators.Letterboxd;

namespace MovieSync.Bench.Letterboxd;

/// <summary>
/// HTTP requests and time per watchlist check for a large watchlist, against the fake Letterboxd on loopback:
/// an incremental check with nothing new, one with 3 new films (plus their film pages), and a full walk.
/// </summary>
internal static class WatchlistCheckBench
{
    private const string User = "bench_user";

    public static async Task RunAsync(int films)
    {
        await using var site = await FakeLetterboxd.StartAsync();
        site.SetWatchlist(User, FakeFilm.Generated(films));
        // No pacing here: the requests are what is measured. MovieSync paces real requests 1 s apart.
        using var client = new LetterboxdClient(new LetterboxdClientOptions { BaseUrl = site.BaseUrl, DelayBetweenRequests = TimeSpan.Zero });
        var reader = new WatchlistReader(client);
        var known = FakeFilm.Generated(films).Select(f => f.Slug).ToHashSet();

        var full = await Measure(site, async () => (await reader.ReadAllAsync(User, CancellationToken.None)).Films.Count);
        var unchanged = await Measure(site, async () => (await reader.ReadNewAsync(User, known.Contains, CancellationToken.None)).Films.Count);
        site.AddFilms(User, FakeFilm.Generated(3, first: films + 1));
        var threeNew = await Measure(site, async () =>
        {
            var read = await reader.ReadNewAsync(User, known.Contains, CancellationToken.None);
            foreach (var film in read.Films) // each new film's page is read once, for its IMDb id
                await client.GetFilmAsync(film.Slug, CancellationToken.None);
            return read.Films.Count;
        });

        Console.WriteLine($"Watchlist check benchmark: {films:N0} films ({(films + 27) / 28} pages of 28), fake Letterboxd on loopback, no pacing");
        Console.WriteLine();
        Console.WriteLine("| check | films returned | HTTP requests | time |");
        Console.WriteLine("| --- | ---: | ---: | ---: |");
        Console.WriteLine(Row("incremental, nothing new", unchanged));
        Console.WriteLine(Row("incremental, 3 new (+ their film pages)", threeNew));
        Console.WriteLine(Row("full walk (the seed's every check)", full));
    }

    private static string Row(string name, (int Films, int Requests, TimeSpan Time) r) =>
        string.Create(CultureInfo.InvariantCulture, $"| {name} | {r.Films:N0} | {r.Requests:N0} | {r.Time.TotalMilliseconds:N1} ms |");

    private static async Task<(int Films, int Requests, TimeSpan Time)> Measure(FakeLetterboxd site, Func<Task<int>> check)
    {
        site.ResetRequestCounts();
        var clock = Stopwatch.StartNew();
        var count = await check();
        clock.Stop();
        return (count, site.TotalRequests, clock.Elapsed);
    }
}
