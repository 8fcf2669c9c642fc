using MovieSync.Clients.Library;
using Xunit;

namespace MovieSync.Grabbing.Tests.Library;

public sealed class LibraryIndexSpecs : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("moviesync-library-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Folder(string name) => Directory.CreateDirectory(Path.Combine(_root, name)).FullName;

    private string File(string relative)
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        System.IO.File.WriteAllBytes(path, [0]);
        return path;
    }

    [Fact]
    public void Finds_films_by_normalised_title_and_year()
    {
        var amelie = Folder("Amelie.2001.1080p.BluRay.x264-GRP");
        var leon = Folder("Leon.The.Professional.1994.Extended.1080p.BluRay.x264-LEGi0N");
        var seven = Folder("Se7en (1995)");
        var wallE = File("WALL-E.2008.720p.BluRay.x264-SiNNERS.mkv");
        var matrix = File("The.Matrix.1999.1080p.BluRay.x264-SiNNERS.mp4");

        var index = LibraryIndex.Build(_root);

        Assert.Equal(amelie, index.FindMatch("Amélie", 2001));
        Assert.Equal(leon, index.FindMatch("Léon: The Professional", 1994));
        Assert.Equal(seven, index.FindMatch("Se7en", 1995));
        Assert.Equal(wallE, index.FindMatch("WALL·E", 2008));
        Assert.Equal(matrix, index.FindMatch("The Matrix", 1999));
        Assert.Equal(5, index.Count);
    }

    [Fact]
    public void A_different_year_is_a_different_film()
    {
        var dune1984 = Folder("Dune.1984.1080p.BluRay.x264-CiNEFiLE");

        var index = LibraryIndex.Build(_root);

        Assert.Null(index.FindMatch("Dune", 2021));
        Assert.Equal(dune1984, index.FindMatch("Dune", 1984));
    }

    [Fact]
    public void Both_dunes_side_by_side_each_find_their_own()
    {
        var old = Folder("Dune.1984.1080p.BluRay.x264-CiNEFiLE");
        var recent = Folder("Dune (2021)");

        var index = LibraryIndex.Build(_root);

        Assert.Equal(old, index.FindMatch("Dune", 1984));
        Assert.Equal(recent, index.FindMatch("Dune", 2021));
    }

    [Fact]
    public void A_year_off_by_one_still_matches_but_a_yearless_entry_does_not_match_a_dated_film()
    {
        var parasite = Folder("Parasite.2019.1080p.BluRay.x264-REGRET");
        Folder("Alien");

        var index = LibraryIndex.Build(_root);

        Assert.Equal(parasite, index.FindMatch("Parasite", 2020));
        Assert.Null(index.FindMatch("Parasite", 2021));
        Assert.Null(index.FindMatch("Alien", 1979));
        Assert.NotNull(index.FindMatch("Alien", null));
    }

    [Fact]
    public void Only_video_files_count_and_folders_only_at_the_top()
    {
        File("Perfect.Days.2023.1080p.BluRay.x264-JustWatch.nfo");
        File("Perfect.Days.2023.1080p.BluRay.x264-JustWatch.srt");
        var nested = File("Collection/Spirited.Away.2001.1080p.BluRay.x264-HDMaNiAcS.mkv");
        Folder("Collection/Parasite (2019)");

        var index = LibraryIndex.Build(_root);

        Assert.Null(index.FindMatch("Perfect Days", 2023));
        Assert.Equal(nested, index.FindMatch("Spirited Away", 2001));
        Assert.Null(index.FindMatch("Parasite", 2019));
    }

    [Fact]
    public void An_undated_folder_is_opened_but_a_dated_film_folder_is_not()
    {
        var alien = File("Alien/Alien.1979.Directors.Cut.1080p.BluRay.x264-AMIABLE.mkv");
        File("Amelie.2001.1080p.BluRay.x264-GRP/Le.Fabuleux.Destin.2001.sample.mkv");

        var index = LibraryIndex.Build(_root);

        Assert.Equal(alien, index.FindMatch("Alien", 1979));
        Assert.Null(index.FindMatch("Le Fabuleux Destin", 2001));
        Assert.Equal(3, index.Count);
    }

    [Fact]
    public void Refresh_rescans_only_when_the_directory_changed()
    {
        Folder("Amelie.2001.1080p.BluRay.x264-GRP");
        var index = LibraryIndex.Build(_root);

        Assert.False(index.Refresh());

        var dune = Folder("Dune (2021)");
        Assert.True(index.Refresh());
        Assert.Equal(dune, index.FindMatch("Dune", 2021));
        Assert.False(index.Refresh());

        Folder("Collection");
        Assert.True(index.Refresh());
        Assert.Null(index.FindMatch("Se7en", 1995));
        var inCollection = File("Collection/Se7en.1995.mkv");
        Assert.True(index.Refresh());
        Assert.Equal(inCollection, index.FindMatch("Se7en", 1995));
        File("Amelie.2001.1080p.BluRay.x264-GRP/Extras/x.mkv");
        Assert.False(index.Refresh());

        Directory.Delete(dune);
        Assert.True(index.Refresh());
        Assert.Null(index.FindMatch("Dune", 2021));
    }

    [Fact]
    public void A_missing_directory_is_an_empty_library_until_it_appears()
    {
        var missing = Path.Combine(_root, "not-yet");
        var index = LibraryIndex.Build(missing);

        Assert.Equal(0, index.Count);
        Assert.Null(index.FindMatch("Dune", 2021));

        Directory.CreateDirectory(Path.Combine(missing, "Dune (2021)"));
        Assert.True(index.Refresh());
        Assert.NotNull(index.FindMatch("Dune", 2021));
    }

    [Fact]
    public void Reports_progress_while_building()
    {
        for (var i = 0; i < 1200; i++) Folder($"Film.Number.{i}.{1950 + i % 70}.1080p.BluRay.x264-GRP");
        var reports = new List<LibraryBuildProgress>();

        var index = LibraryIndex.Build(_root, reports.Add);

        Assert.Equal(1200, index.Count);
        Assert.Equal([500, 1000, 1200], reports.Select(r => r.EntriesIndexed));
        Assert.True(reports[^1].Done);
        Assert.Equal(Path.Combine(_root, "Film.Number.637.1957.1080p.BluRay.x264-GRP"), index.FindMatch("Film Number 637", 1957));
    }
}
