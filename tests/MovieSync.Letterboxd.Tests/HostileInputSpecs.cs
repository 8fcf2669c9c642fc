using System.IO.Compression;
using System.Text;
using MovieSync.Clients.Letterboxd;
using MovieSync.Simulators.Letterboxd;

namespace MovieSync.Letterboxd.Tests;

/// <summary>Letterboxd answers and exports that are too large or carry terminal escapes: refused or cleaned, never trusted.</summary>
public sealed class HostileInputSpecs : IAsyncLifetime, IDisposable
{
    private const string User = "alice";
    private const string Red = "\u001b[31m";
    private readonly LetterboxdServer _server = new();
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("moviesync-hostile-");

    public Task InitializeAsync() => _server.InitializeAsync();

    public Task DisposeAsync() => _server.DisposeAsync();

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public async Task A_page_past_the_limit_sent_without_a_length_is_a_clear_error_and_the_client_carries_on()
    {
        _server.Fake.SetWatchlist(User, FakeFilm.Seed);
        _server.Fake.Fault = LetterboxdFault.OversizedPage;

        var refused = await _server.Client.GetWatchlistPageAsync(User, 1, default);

        Assert.Equal(LetterboxdProblem.MarkupChanged, refused.Error!.Problem);
        Assert.Equal("the Letterboxd page exceeds the 5 MB limit", refused.Error.Message);
        Assert.Equal(5 * 1024 * 1024, LetterboxdClient.PageLimitBytes);

        _server.Fake.Fault = LetterboxdFault.None;
        var page = await _server.Client.GetWatchlistPageAsync(User, 1, default);
        Assert.True(page.IsOk);
        Assert.Equal(FakeFilm.Seed.Count, page.Value!.TotalEntries);
    }

    [Fact]
    public async Task Titles_and_directors_with_terminal_escapes_arrive_clean_with_their_accents()
    {
        var film = new FakeFilm("evil-film", $"{Red}Amélie\r\n\u001b]0;pwned\u0007 ☕", 2001, 4242, "Zz9", "tt0211915", 194,
            [$"Jean-Pierre{Red} Jeunet"]);
        _server.Fake.SetWatchlist(User, [film]);

        var page = await _server.Client.GetWatchlistPageAsync(User, 1, default);
        var details = await _server.Client.GetFilmAsync("evil-film", default);

        Assert.Equal("Amélie ☕", Assert.Single(page.Value!.Entries).Title);
        Assert.Equal("Amélie ☕", details.Value!.Title);
        Assert.Equal(["Jean-Pierre Jeunet"], details.Value.Directors);
    }

    [Fact]
    public void An_export_whose_watchlist_unpacks_past_the_limit_is_refused_naming_the_limit()
    {
        var path = Path.Combine(_dir.FullName, "bomb.zip");
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
        using (var entry = zip.CreateEntry("watchlist.csv", CompressionLevel.Fastest).Open())
        {
            entry.Write("Date,Name,Year,Letterboxd URI\n"u8);
            var row = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("2024-01-05,The Matrix,1999,https://boxd.it/2bg8\n", 1000)));
            for (long written = 0; written <= LetterboxdExportReader.WatchlistCsvLimitBytes; written += row.Length)
                entry.Write(row);
        }
        Assert.True(new FileInfo(path).Length < 5 * 1024 * 1024); // small on disk: only the unpacked size is large

        var refused = Assert.Throws<LetterboxdExportException>(() => LetterboxdExportReader.Read(path));

        Assert.Equal($"'{path}!watchlist.csv' exceeds the 50 MB limit unpacked", refused.Message);
    }

    [Fact]
    public void An_export_row_with_escapes_gives_a_clean_title()
    {
        var path = Path.Combine(_dir.FullName, "watchlist.csv");
        File.WriteAllText(path, $"Date,Name,Year,Letterboxd URI\n2024-01-05,\"{Red}Dune\u001b[0m\",2021,https://boxd.it/cMnC\n");

        var film = Assert.Single(LetterboxdExportReader.Read(path).Films);

        Assert.Equal("Dune", film.Title);
    }
}
