using MovieSync.Clients.Library;
using Xunit;

namespace MovieSync.Grabbing.Tests.Library;

public sealed class TitleNormalizerSpecs
{
    [Theory]
    [InlineData("Amélie", "Amelie")]
    [InlineData("Léon: The Professional", "Leon.The.Professional")]
    [InlineData("WALL·E", "WALL-E")]
    [InlineData("WALL·E", "Walle")]
    [InlineData("The Matrix", "Matrix")]
    [InlineData("The Matrix", "Matrix, The")]
    [InlineData("A Beautiful Mind", "Beautiful_Mind")]
    [InlineData("An American Werewolf in London", "American Werewolf in London")]
    [InlineData("Fast & Furious", "Fast and Furious")]
    [InlineData("Schindler's List", "Schindlers.List")]
    [InlineData("Schindler’s List", "Schindlers List")]
    [InlineData("Se7en", "SE7EN")]
    [InlineData("Spider-Man: Into the Spider-Verse", "Spider Man Into The Spider Verse")]
    [InlineData("Les Misérables", "Les Miserables")]
    [InlineData("Crouching Tiger, Hidden Dragon", "Crouching.Tiger.Hidden.Dragon")]
    [InlineData("Æon Flux", "AEon Flux")]
    [InlineData("Das Boot", "das  boot ")]
    [InlineData("Żółć", "zolc")]
    public void Equivalent_titles_share_a_key(string a, string b) => Assert.Equal(TitleNormalizer.Key(a), TitleNormalizer.Key(b));

    [Theory]
    [InlineData("Se7en", "Seven")]
    [InlineData("Dune", "Dune Part Two")]
    [InlineData("The Thing", "Thing Two")]
    [InlineData("Alien", "Aliens")]
    public void Different_titles_do_not(string a, string b) => Assert.NotEqual(TitleNormalizer.Key(a), TitleNormalizer.Key(b));

    [Theory]
    [InlineData("The", "the")]
    [InlineData("A", "a")]
    [InlineData("!!!", "")]
    public void A_lone_article_stays_and_punctuation_alone_is_empty(string title, string key) => Assert.Equal(key, TitleNormalizer.Key(title));
}
