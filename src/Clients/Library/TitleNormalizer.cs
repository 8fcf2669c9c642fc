using System.Text;

namespace MovieSync.Clients.Library;

/// <summary>
/// Reduces a film title to a comparison key: lower case, accents folded (Amélie → amelie), apostrophes dropped,
/// other punctuation and <c>._-·</c> as separators, <c>&amp;</c> as "and", a leading the/a/an dropped, then the
/// words joined without spaces so "WALL·E", "WALL-E" and "Walle" agree.
/// </summary>
public static class TitleNormalizer
{
    private static readonly string[] Articles = ["the", "a", "an"];

    // Folding table for Latin letters; explicit because InvariantGlobalization gives no culture data.
    private static readonly Dictionary<char, string> Folds = BuildFolds(
        ("àáâãäåāăą", "a"), ("çćĉċč", "c"), ("ďđð", "d"), ("èéêëēĕėęě", "e"), ("ĝğġģ", "g"), ("ĥħ", "h"),
        ("ìíîïĩīĭįı", "i"), ("ĵ", "j"), ("ķ", "k"), ("ĺļľŀł", "l"), ("ñńņňŉ", "n"), ("òóôõöøōŏő", "o"),
        ("ŕŗř", "r"), ("śŝşšș", "s"), ("ţťŧț", "t"), ("ùúûüũūŭůűų", "u"), ("ŵ", "w"), ("ýÿŷ", "y"),
        ("źżž", "z"), ("ß", "ss"), ("æ", "ae"), ("œ", "oe"), ("þ", "th"));

    /// <summary>The comparison key; empty when the title has no letters or digits.</summary>
    public static string Key(string title) => string.Concat(Words(title));

    /// <summary>The normalised words, leading article removed ("The Matrix" → ["matrix"]).</summary>
    public static IReadOnlyList<string> Words(string title)
    {
        var text = MoveTrailingArticle(title.Trim());
        var folded = new StringBuilder(text.Length + 8);
        foreach (var c in text.ToLowerInvariant())
        {
            if (c is '\'' or '’' or '‘' or '`' or '´') continue;
            if (c == '&') folded.Append(" and ");
            else if (Folds.TryGetValue(c, out var plain)) folded.Append(plain);
            else if (char.IsAsciiLetterOrDigit(c)) folded.Append(c);
            else folded.Append(' ');
        }
        var words = folded.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        if (words.Count > 1 && Articles.Contains(words[0])) words.RemoveAt(0);
        return words;
    }

    // "Matrix, The" is how some libraries sort titles.
    private static string MoveTrailingArticle(string title)
    {
        foreach (var article in Articles)
        {
            var suffix = ", " + article;
            if (title.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)) return article + " " + title[..^suffix.Length];
        }
        return title;
    }

    private static Dictionary<char, string> BuildFolds(params (string Letters, string Plain)[] groups)
    {
        var folds = new Dictionary<char, string>();
        foreach (var (letters, plain) in groups)
            foreach (var letter in letters) folds[letter] = plain;
        return folds;
    }
}
