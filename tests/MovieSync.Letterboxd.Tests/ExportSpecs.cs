using System.IO.Compression;
using MovieSync.Actors.Watchlist;
using MovieSync.Clients.Letterboxd;
using MovieSync.Actors.Adapters.Letterboxd;

namespace MovieSync.Letterboxd.Tests;

public sealed class ExportSpecs : IDisposable
{
    private const string Csv = """
        Date,Name,Year,Letterboxd URI
        2024-01-05,The Matrix,1999,https://boxd.it/2bg8
        2024-02-11,"Crouching Tiger, Hidden Dragon",2000,https://boxd.it/29X6
        2024-03-20,"The ""Best"" Film, Ever",2010,https://boxd.it/Qq1
        2024-04-02,Léon: The Professional,1994,https://boxd.it/28hO
        2024-05-09,Dune,1984,https://boxd.it/28Kc
        2024-05-09,Dune,2021,https://boxd.it/cMnC

        """;

    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("moviesync-export-");

    public void Dispose() => _dir.Delete(recursive: true);

    private string Write(string name, string content)
    {
        var path = Path.Combine(_dir.FullName, name);
        File.WriteAllText(path, content);
        return path;
    }

    private string WriteZip(string name, string csv, string entry = "watchlist.csv")
    {
        var path = Path.Combine(_dir.FullName, name);
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        using (var writer = new StreamWriter(zip.CreateEntry("deleted/watchlist.csv").Open()))
            writer.Write("Date,Name,Year,Letterboxd URI\n2020-01-01,Old Deleted,1990,https://boxd.it/old1\n");
        using (var writer = new StreamWriter(zip.CreateEntry(entry).Open()))
            writer.Write(csv);
        return path;
    }

    [Fact]
    public void Reads_quoted_titles_with_commas_and_quotes_newest_first()
    {
        var export = LetterboxdExportReader.Read(Write("watchlist.csv", Csv));

        Assert.Equal(6, export.Films.Count);
        Assert.Equal("Dune", export.Films[0].Title);
        Assert.Equal(2021, export.Films[0].Year); // same day: the later row is the newer addition
        Assert.Contains(export.Films, f => f is { Title: "Crouching Tiger, Hidden Dragon", Year: 2000, ShortKey: "29X6" });
        Assert.Contains(export.Films, f => f.Title == "The \"Best\" Film, Ever");
        Assert.Contains(export.Films, f => f.Title == "Léon: The Professional" && f.DerivedSlug == "leon-the-professional-1994");
        Assert.Equal(new DateOnly(2024, 1, 5), export.Films[^1].AddedOn);
    }

    [Fact]
    public void Reads_watchlist_csv_from_the_export_zip_not_the_deleted_folder()
    {
        var export = LetterboxdExportReader.Read(WriteZip("letterboxd-alice-2026.zip", Csv));

        Assert.Equal(6, export.Films.Count);
        Assert.DoesNotContain(export.Films, f => f.Title == "Old Deleted");
    }

    [Fact]
    public void A_bad_header_is_an_error_naming_the_file()
    {
        var path = Write("ratings.csv", "Date,Name,Year,Letterboxd URI,Rating\n".Replace("Letterboxd URI", "URI"));

        var error = Assert.Throws<LetterboxdExportException>(() => LetterboxdExportReader.Read(path));
        Assert.Contains(path, error.Message);
        Assert.Contains("Date,Name,Year,Letterboxd URI", error.Message);
    }

    [Fact]
    public void A_zip_without_a_live_watchlist_csv_is_an_error_naming_the_file()
    {
        var path = WriteZip("other.zip", Csv, entry: "ratings.csv");

        var error = Assert.Throws<LetterboxdExportException>(() => LetterboxdExportReader.Read(path));
        Assert.Contains("other.zip", error.Message);
    }

    [Fact]
    public async Task The_export_source_rereads_only_a_changed_file_and_derives_slugs_without_a_site()
    {
        var path = Write("watchlist.csv", Csv);
        var source = new ExportWatchlistSource(path);
        var request = new WatchlistReadRequest("alice", _ => false, false, null, _ => null);

        var first = Assert.IsType<WatchlistReadOutcome.Read>(await source.ReadAsync(request, default));
        var same = await source.ReadAsync(request with { PreviousVersion = first.Version }, default);
        File.AppendAllText(path, "2024-06-01,Se7en,1995,https://boxd.it/29O0\n");
        var changed = Assert.IsType<WatchlistReadOutcome.Read>(await source.ReadAsync(request with { PreviousVersion = first.Version }, default));

        Assert.True(first.Complete);
        Assert.Contains(first.Films, f => f.Slug == "dune-1984");
        Assert.Contains(first.Films, f => f.Slug == "dune-2021");
        Assert.IsType<WatchlistReadOutcome.Unchanged>(same);
        Assert.Equal(7, changed.Films.Count);
        Assert.Equal("se7en-1995", changed.Films[0].Slug);
        Assert.NotEqual(first.Version, changed.Version);
    }

    [Fact]
    public async Task The_export_source_follows_short_links_to_real_slugs_when_the_site_answers()
    {
        await using var server = new LetterboxdServer();
        await server.InitializeAsync();
        var source = new ExportWatchlistSource(WriteZip("export.zip", Csv), server.Client);
        var request = new WatchlistReadRequest("alice", _ => false, false, null, key => key == "2bg8" ? "the-matrix" : null);

        var read = Assert.IsType<WatchlistReadOutcome.Read>(await source.ReadAsync(request, default));
        var dune = await source.LookUpAsync(read.Films.Single(f => f.Slug == "dune-1984"), default);

        Assert.Contains(read.Films, f => f.Slug == "the-matrix");
        Assert.Contains(read.Films, f => f.Slug == "leon-the-professional");
        Assert.Contains(read.Films, f => f.Slug == "the-best-film-ever-2010"); // no such short link: derived
        Assert.Equal(0, server.Fake.RequestsTo("/sl/2bg8")); // known key: not followed again
        Assert.Equal("tt0087182", Assert.IsType<FilmLookupOutcome.Found>(dune).ImdbId);
        Assert.Equal(1, server.Fake.RequestsTo("/film/dune-1984/")); // read once, via the short link
    }

    [Fact]
    public async Task A_broken_export_is_a_failed_read_naming_the_file()
    {
        var path = Write("watchlist.csv", "Name,Year\nThe Matrix,1999\n");
        var source = new ExportWatchlistSource(path);

        var outcome = await source.ReadAsync(new WatchlistReadRequest("alice", _ => false, false, null, _ => null), default);

        var failed = Assert.IsType<WatchlistReadOutcome.Failed>(outcome);
        Assert.Equal(WatchlistFailure.BadExport, failed.Failure);
        Assert.Contains(path, failed.Message);
    }
}
