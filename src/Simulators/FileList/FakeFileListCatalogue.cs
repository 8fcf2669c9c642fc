namespace MovieSync.Simulators.FileList;

/// <summary>A realistic default catalogue: a dozen well-known films in several resolutions, sizes and seed counts.</summary>
public static class FakeFileListCatalogue
{
    private static long _nextId = 600001;

    public static IReadOnlyList<FakeTorrent> Default { get; } =
    [
        T("The.Matrix.1999.1080p.BluRay.x264-SiNNERS", "tt0133093", 4, 9.8, 143, "Action, Sci-Fi"),
        T("The.Matrix.1999.2160p.UHD.BluRay.x265.10bit.HDR-TERMiNAL", "tt0133093", 6, 24.6, 87, "Action, Sci-Fi") with { Freeleech = true },
        T("The.Matrix.1999.720p.BluRay.x264-HiDt", "tt0133093", 4, 5.5, 40, "Action, Sci-Fi"),
        T("The.Matrix.1999.1080p.BluRay.x264.RoSubbed-playHD", "tt0133093", 19, 10.1, 25, "Action, Sci-Fi") with { Freeleech = true, Internal = true },
        T("Amelie.2001.1080p.BluRay.x264-CiNEFiLE", "tt0211915", 4, 8.7, 34, "Comedy, Romance"),
        T("Le.Fabuleux.Destin.d.Amelie.Poulain.2001.720p.BluRay.x264-CtrlHD", "tt0211915", 4, 4.4, 12, "Comedy, Romance") with { Freeleech = true },
        T("Leon.The.Professional.1994.Extended.1080p.BluRay.x264-LEGi0N", "tt0110413", 4, 11.2, 55, "Action, Crime, Drama"),
        T("Leon.The.Professional.1994.2160p.UHD.BluRay.x265-SURCODE", "tt0110413", 6, 31.5, 18, "Action, Crime, Drama"),
        T("WALL-E.2008.1080p.BluRay.x264-REFiNED", "tt0910970", 4, 7.9, 61, "Animation, Adventure, Family"),
        T("WALL-E.2008.720p.BluRay.x264-SiNNERS", "tt0910970", 4, 4.4, 22, "Animation, Adventure, Family") with { DoubleUp = true },
        T("Se7en.1995.REMASTERED.1080p.BluRay.x264-AMIABLE", "tt0114369", 4, 12.0, 48, "Crime, Drama, Mystery"),
        T("Se7en.1995.2160p.UHD.BluRay.x265.10bit.HDR-TERMiNAL", "tt0114369", 6, 27.3, 31, "Crime, Drama, Mystery") with { Freeleech = true },
        T("Dune.1984.1080p.BluRay.x264-CiNEFiLE", "tt0087182", 4, 12.6, 19, "Action, Adventure, Sci-Fi"),
        T("Dune.1984.Extended.720p.BluRay.x264-HD4U", "tt0087182", 4, 5.2, 3, "Action, Adventure, Sci-Fi"),
        T("Dune.2021.1080p.WEB-DL.DDP5.1.Atmos.H.264-EVO", "tt1160419", 4, 10.4, 210, "Action, Adventure, Drama"),
        T("Dune.2021.2160p.UHD.BluRay.x265.HDR.DV.Atmos-FraMeSToR", "tt1160419", 26, 64.7, 97, "Action, Adventure, Drama") with { Freeleech = true },
        T("Dune.2021.2160p.WEB-DL.DDP5.1.Atmos.HDR.HEVC-EVO", "tt1160419", 6, 18.9, 150, "Action, Adventure, Drama"),
        T("Dune.2021.1080p.BluRay.x264-SPARKS", "tt1160419", 19, 13.1, 80, "Action, Adventure, Drama") with { Freeleech = true },
        T("Spirited.Away.2001.1080p.BluRay.x264-HDMaNiAcS", "tt0245429", 4, 8.4, 39, "Animation, Adventure, Family"),
        T("Sen.to.Chihiro.no.Kamikakushi.2001.720p.BluRay.DTS.x264-EbP", "tt0245429", 4, 4.3, 0, "Animation, Adventure, Family"),
        T("Parasite.2019.1080p.BluRay.x264-REGRET", "tt6751668", 4, 11.2, 77, "Drama, Thriller"),
        T("Parasite.2019.KOREAN.2160p.UHD.BluRay.x265-SURCODE", "tt6751668", 6, 21.0, 28, "Drama, Thriller"),
        T("Schindlers.List.1993.1080p.BluRay.x264-AMIABLE", "tt0108052", 4, 14.8, 35, "Biography, Drama, History"),
        T("2001.A.Space.Odyssey.1968.1080p.BluRay.x264-AMIABLE", "tt0062622", 4, 12.0, 29, "Adventure, Sci-Fi"),
        T("2001.A.Space.Odyssey.1968.2160p.UHD.BluRay.x265-TERMiNAL", "tt0062622", 6, 33.5, 16, "Adventure, Sci-Fi") with { Freeleech = true },
        T("Blade.Runner.2049.2017.1080p.BluRay.x264-SPARKS", "tt1856101", 4, 13.9, 88, "Action, Drama, Mystery, Sci-Fi"),
        T("Perfect.Days.2023.1080p.BluRay.x264-JustWatch", "tt27503384", 4, 9.1, 14, "Drama"),
        // FileList has no IMDb id for this one: only a search by name finds it.
        T("Fatherland.2026.1080p.WEB-DL.DDP5.1.H.264-FLUX", null, 4, 6.2, 9, "Drama, Thriller"),
    ];

    private static FakeTorrent T(string name, string? imdbId, int category, double gib, int seeders, string genres)
    {
        var id = _nextId++;
        return new FakeTorrent(id, name, imdbId, category, FakeTorrent.Gb(gib), seeders)
        {
            Leechers = (int)(id % 7),
            TimesCompleted = seeders * 3 + (int)(id % 11),
            SmallDescription = genres,
            UploadedAt = new DateTimeOffset(2020, 1, 1, 12, 0, 0, TimeSpan.Zero).AddHours((id - 600000) * 917),
        };
    }
}
