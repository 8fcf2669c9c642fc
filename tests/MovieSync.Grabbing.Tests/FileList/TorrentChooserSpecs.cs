using MovieSync.Clients.FileList;
using MovieSync.Messages;
using Xunit;

namespace MovieSync.Grabbing.Tests.FileList;

public sealed class TorrentChooserSpecs
{
    private static FileListTorrent R(long id, string name, string category, int seeders, double gb, bool freeleech = false) => new()
    {
        Id = id,
        Name = name,
        Category = category,
        Seeders = seeders,
        SizeBytes = (long)(gb * (1L << 30)),
        Freeleech = freeleech,
        CategoryId = FileListCategories.IdOf(category),
    };

    // The Matrix as FileList lists it: a typical mix of resolutions, categories and seed counts.
    private static readonly FileListTorrent[] Matrix =
    [
        R(1, "The.Matrix.1999.720p.BluRay.x264-HiDt", "Filme HD", 40, 5.5),
        R(2, "The.Matrix.1999.1080p.BluRay.x264-SiNNERS", "Filme HD", 143, 9.8),
        R(3, "The.Matrix.1999.2160p.UHD.BluRay.x265.HDR-TERMiNAL", "Filme 4K", 87, 24.6, freeleech: true),
        R(4, "The.Matrix.1999.1080p.BluRay.x264.RoSubbed-playHD", "Filme HD-RO", 25, 10.1, freeleech: true),
        R(5, "The.Matrix.1999.DVDRip.XviD-ViTE", "Filme SD", 300, 0.7),
    ];

    public static TheoryData<string, FileListTorrent[], TorrentCriteria, long?> Cases => new()
    {
        { "freeleech 1080p beats a better-seeded one when freeleech is preferred", Matrix, TorrentCriteria.Default, 4 },
        { "without the freeleech preference the most seeded 1080p wins", Matrix, TorrentCriteria.Default with { PreferFreeleech = false }, 2 },
        { "resolution order comes first: 2160p wanted before 1080p", Matrix, TorrentCriteria.Default with { Resolutions = ["2160p", "1080p"] }, 3 },
        { "\"4K\" in the config means 2160p", Matrix, TorrentCriteria.Default with { Resolutions = ["4K"] }, 3 },
        { "next resolution when the first has none", Matrix, TorrentCriteria.Default with { Resolutions = ["480p", "720p"] }, 1 },
        { "a category outside the list is ignored even with most seeders", Matrix, TorrentCriteria.Default with { Categories = [4] , PreferFreeleech = true }, 2 },
        { "size cap removes the 4K release", Matrix, TorrentCriteria.Default with { Resolutions = ["2160p", "1080p"], MaxSizeGb = 20 }, 4 },
        { "min seeders removes the freeleech 1080p", Matrix, TorrentCriteria.Default with { MinSeeders = 30 }, 2 },
        { "nothing when the only resolution wanted is absent", Matrix, TorrentCriteria.Default with { Resolutions = ["576p"] }, null },
        { "nothing in an empty result", [], TorrentCriteria.Default, null },
        {
            "equal seeders: the smaller wins",
            [R(10, "Dune.2021.1080p.BluRay.x264-A", "Filme HD", 50, 14.0), R(11, "Dune.2021.1080p.WEB-DL.H.264-B", "Filme HD", 50, 10.4)],
            TorrentCriteria.Default, 11
        },
        {
            "full tie: the lowest id wins, whatever the input order",
            [R(21, "Se7en.1995.1080p.BluRay.x264-B", "Filme HD", 48, 12.0), R(20, "Se7en.1995.1080p.BluRay.x264-A", "Filme HD", 48, 12.0)],
            TorrentCriteria.Default, 20
        },
        {
            "a 4K category implies 2160p when the name does not say",
            [R(30, "Leon.The.Professional.1994.UHD.BluRay.x265-SURCODE", "Filme 4K", 18, 31.5), R(31, "Leon.1994.BluRay.REMUX-FGT", "Filme 4K Blu-Ray", 40, 35)],
            TorrentCriteria.Default with { Resolutions = ["2160p"] }, 31
        },
        {
            "names without a resolution are skipped",
            [R(40, "Amelie.2001.BluRay.x264-CiNEFiLE", "Filme HD", 90, 8.0), R(41, "Amelie.2001.720p.BluRay.x264-CtrlHD", "Filme HD", 12, 4.4)],
            TorrentCriteria.Default, 41
        },
        {
            "an unknown category name is not a film category",
            [R(50, "WALL-E.2008.1080p.BluRay.x264-REFiNED", "Seriale HD", 61, 7.9), R(51, "WALL-E.2008.1080p.BluRay.x264-SiNNERS", "Filme Blu-Ray", 2, 30)],
            TorrentCriteria.Default, 51
        },
        {
            "zero seeders never qualify with the default minimum",
            [R(60, "Spirited.Away.2001.720p.BluRay.x264-EbP", "Filme HD", 0, 4.3)],
            TorrentCriteria.Default, null
        },
        {
            "1080i counts as 1080p",
            [R(70, "Parasite.2019.1080i.BluRay.REMUX-EPSiLON", "Filme Blu-Ray", 9, 30.2), R(71, "Parasite.2019.720p.BluRay.x264-REGRET", "Filme HD", 70, 6.0)],
            TorrentCriteria.Default, 70
        },
        {
            "the year 2160 in a title is not a resolution, the tag is",
            [R(80, "Movie.2160.2019.1080p.WEB-DL-X", "Filme HD", 5, 5), R(81, "Movie.2160.2019.2160p.WEB-DL-X", "Filme 4K", 5, 15)],
            TorrentCriteria.Default, 80
        },
        {
            "freeleech does not lift a worse resolution above a better one",
            [R(90, "Dune.2021.720p.BluRay.x264-A", "Filme HD", 400, 5, freeleech: true), R(91, "Dune.2021.1080p.BluRay.x264-B", "Filme HD", 3, 13)],
            TorrentCriteria.Default, 91
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Chooses_as_configured(string because, FileListTorrent[] results, TorrentCriteria criteria, long? expectedId)
    {
        var choice = TorrentChooser.Choose(results, criteria);

        Assert.True(expectedId == choice.Torrent?.Id, $"{because}: expected {expectedId?.ToString() ?? "none"}, got {choice}");
        Assert.False(string.IsNullOrWhiteSpace(choice.Reason));
    }

    [Fact]
    public void Explains_the_choice()
    {
        var choice = TorrentChooser.Choose(Matrix, TorrentCriteria.Default);

        Assert.Equal("1080p", choice.Resolution);
        Assert.StartsWith("1080p, freeleech, 25 seeders, 10.1 GB; best of 4 acceptable results out of 5", choice.Reason);
        Assert.Contains("1 not in categories 4,6,19,20,26", choice.Reason);
    }

    [Fact]
    public void Torrents_that_stalled_before_are_never_chosen_and_the_next_best_is_taken_by_the_same_rules()
    {
        Assert.Equal(4, TorrentChooser.Choose(Matrix, TorrentCriteria.Default).Torrent?.Id);

        var second = TorrentChooser.Choose(Matrix, TorrentCriteria.Default, new HashSet<long> { 4 });
        var third = TorrentChooser.Choose(Matrix, TorrentCriteria.Default, new HashSet<long> { 4, 2 });
        var none = TorrentChooser.Choose(Matrix, TorrentCriteria.Default, new HashSet<long> { 1, 2, 3, 4 });

        Assert.Equal(2, second.Torrent?.Id); // the other 1080p
        Assert.Contains("1 stalled before", second.Reason);
        Assert.Equal(3, third.Torrent?.Id); // then 2160p, the next preferred resolution
        Assert.False(none.IsChosen);
        Assert.Equal("none of the 5 results fits: 4 stalled before; 1 not in categories 4,6,19,20,26", none.Reason);
    }

    [Fact]
    public void Explains_why_nothing_fits()
    {
        var choice = TorrentChooser.Choose(Matrix, TorrentCriteria.Default with { MinSeeders = 200, Categories = [4, 6, 19] });

        Assert.False(choice.IsChosen);
        Assert.Equal("none of the 5 results fits: 4 fewer than 200 seeders; 1 not in categories 4,6,19", choice.Reason);
    }

    [Fact]
    public void Is_deterministic_under_any_input_order()
    {
        var reversed = Matrix.Reverse().ToArray();
        var shuffled = new[] { Matrix[3], Matrix[0], Matrix[4], Matrix[2], Matrix[1] };

        Assert.Equal(TorrentChooser.Choose(Matrix, TorrentCriteria.Default), TorrentChooser.Choose(reversed, TorrentCriteria.Default));
        Assert.Equal(TorrentChooser.Choose(Matrix, TorrentCriteria.Default), TorrentChooser.Choose(shuffled, TorrentCriteria.Default));
    }

    [Theory]
    [InlineData("The.Matrix.1999.2160p.UHD.BluRay", "2160p")]
    [InlineData("Dune.2021.4K.HDR.WEB", "2160p")]
    [InlineData("Dune.2021.UHD.BluRay", "2160p")]
    [InlineData("Amelie.2001.1080p.BluRay", "1080p")]
    [InlineData("amelie 2001 1080P bluray", "1080p")]
    [InlineData("Se7en.1995.720p.BluRay", "720p")]
    [InlineData("Old.Film.1950.576p.DVD", "576p")]
    [InlineData("Old.Film.1950.480p.DVD", "480p")]
    [InlineData("Movie.2019.DVDRip.XviD", null)]
    [InlineData("Movie.10800p.x", null)]
    [InlineData("Movie4k.2019.x", null)]
    public void Detects_resolutions_from_names(string name, string? expected) => Assert.Equal(expected, Resolutions.Detect(name));
}
