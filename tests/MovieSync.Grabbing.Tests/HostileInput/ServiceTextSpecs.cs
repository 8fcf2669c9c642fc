using MovieSync.Clients;
using Xunit;

namespace MovieSync.Grabbing.Tests.HostileInput;

/// <summary>Text from services loses terminal escapes and control characters, and keeps everything a person reads.</summary>
public sealed class ServiceTextSpecs
{
    [Theory]
    [InlineData("\u001b[31mRed\u001b[0m.Film", "Red.Film")] // colour (CSI ... m)
    [InlineData("Film\u001b[2J\u001b[H", "Film")] // clear screen, cursor home
    [InlineData("A\u001b[38;5;196mB", "AB")] // 256-colour parameters
    [InlineData("\u001b]0;owned\u0007Title", "Title")] // OSC window title ended by BEL
    [InlineData("\u001b]8;;http://evil.example\u001b\\link\u001b]8;;\u001b\\", "link")] // OSC 8 hyperlink ended by ST
    [InlineData("\u001bPq#0;2;0;0;0\u001b\\Film", "Film")] // DCS (sixel) ended by ST
    [InlineData("Film\u009b31mX", "FilmX")] // the single-byte C1 CSI
    [InlineData("\u001b(BFilm\u001bc", "Film")] // charset switch, full reset
    [InlineData("Line one\r\nLine two", "Line one Line two")]
    [InlineData("Tab\there\u0000nul\u007fdel", "Tab here nul del")]
    [InlineData("Name\u2028next\u2029para", "Name next para")]
    [InlineData("abc\u202edcba\u202c.mkv", "abcdcba.mkv")] // a right-to-left override would show "abcabcd"
    [InlineData("  spaced \n ", "spaced")]
    [InlineData("Film \u001b[31m\r\n title", "Film title")]
    [InlineData("trailing escape \u001b", "trailing escape")]
    [InlineData("unterminated \u001b]0;title", "unterminated")]
    public void Escapes_and_controls_are_removed(string raw, string clean) => Assert.Equal(clean, ServiceText.Clean(raw));

    [Theory]
    [InlineData("Amélie.2001.1080p.BluRay")]
    [InlineData("千と千尋の神隠し (2001)")]
    [InlineData("Кин-дза-дза! 1986")]
    [InlineData("Parasite 기생충 🎬🍿 8½")]
    [InlineData("👨‍👩‍👧 family (zero-width joiners stay)")]
    [InlineData("שלום עולם")]
    [InlineData("WALL·E — “quoted”")]
    public void Ordinary_unicode_is_kept_as_it_is(string text) => Assert.Same(text, ServiceText.Clean(text));

    [Fact]
    public void Null_stays_null() => Assert.Null(ServiceText.Clean(null));
}
