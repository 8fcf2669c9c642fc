using MovieSync.Clients.Library;
using Xunit;

namespace MovieSync.Grabbing.Tests.Library;

public sealed class ReleaseNameSpecs
{
    [Theory]
    [InlineData("Amelie.2001.1080p.BluRay.x264-GRP", "Amelie", 2001)]
    [InlineData("Dune.1984.1080p.BluRay.x264-CiNEFiLE", "Dune", 1984)]
    [InlineData("Dune (2021)", "Dune", 2021)]
    [InlineData("Se7en (1995)", "Se7en", 1995)]
    [InlineData("Se7en (1995) [1080p]", "Se7en", 1995)]
    [InlineData("WALL-E.2008.720p.BluRay.x264-SiNNERS", "WALL-E", 2008)]
    [InlineData("Leon.The.Professional.1994.Extended.1080p.BluRay.x264-LEGi0N", "Leon The Professional", 1994)]
    [InlineData("2001.A.Space.Odyssey.1968.2160p.UHD.BluRay", "2001 A Space Odyssey", 1968)]
    [InlineData("Blade.Runner.2049.2017.1080p.BluRay.x264-SPARKS", "Blade Runner 2049", 2017)]
    [InlineData("1917.2019.1080p.WEB-DL", "1917", 2019)]
    [InlineData("1917", "1917", null)]
    [InlineData("Amelie.1080p.BluRay-GRP", "Amelie", null)]
    [InlineData("Parasite_2019_KOREAN_2160p", "Parasite", 2019)]
    [InlineData("The Matrix", "The Matrix", null)]
    [InlineData("Dune.2021.2160p.WEB-DL.DDP5.1.Atmos.HDR.HEVC-EVO", "Dune", 2021)]
    public void Splits_release_names_into_title_and_year(string name, string title, int? year) =>
        Assert.Equal(new ReleaseName(Title: title, Year: year), ReleaseName.Parse(name));
}
