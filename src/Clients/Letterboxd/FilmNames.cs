using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace MovieSync.Clients.Letterboxd;

/// <summary>Title/year splitting and slug derivation shared by the parsers and the export reader.</summary>
public static partial class FilmNames
{
    /// <summary>Splits Letterboxd's display name "The Matrix (1999)" into title and year.</summary>
    public static (string Title, int? Year) SplitDisplayName(string displayName)
    {
        var text = displayName.Trim();
        var match = TitleWithYear().Match(text);
        return match.Success
            ? (match.Groups[1].Value.Trim(), int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture))
            : (text, null);
    }

    /// <summary>
    /// A slug in Letterboxd's style ("Léon: The Professional" 1994 → <c>leon-the-professional-1994</c>); the year is kept
    /// so two films of one name stay apart. Used only when the real slug cannot be looked up.
    /// </summary>
    public static string DeriveSlug(string title, int? year)
    {
        // The host runs with invariant globalization (no ICU normalization), so accents are folded by table.
        var builder = new StringBuilder(title.Length);
        foreach (var c in title)
        {
            if (c is '\'' or '’')
                continue;
            var folded = Fold(char.ToLowerInvariant(c));
            if (folded.Length == 1 && !char.IsAsciiLetterOrDigit(folded[0]))
                builder.Append('-');
            else
                builder.Append(folded);
        }

        var slug = Hyphens().Replace(builder.ToString(), "-").Trim('-');
        if (slug.Length == 0)
            slug = "film";
        if (year is not null)
            slug += "-" + year.Value.ToString(CultureInfo.InvariantCulture);
        return slug.Length > 190 ? slug[..190].TrimEnd('-') : slug;
    }

    private static string Fold(char c)
    {
        if (char.IsAsciiLetterOrDigit(c))
            return c.ToString();
        foreach (var (plain, accented) in AccentFolds)
            if (accented.Contains(c))
                return plain;
        return "-";
    }

    private static readonly (string Plain, string Accented)[] AccentFolds =
    [
        ("a", "àáâãäåāăą"), ("ae", "æ"), ("c", "çćčĉ"), ("d", "ďđ"), ("e", "èéêëēĕėęě"), ("g", "ğĝģ"), ("i", "ìíîïīĭįı"),
        ("l", "łľĺ"), ("n", "ñńňņ"), ("o", "òóôõöøōŏő"), ("oe", "œ"), ("r", "řŕ"), ("s", "śšşș"), ("ss", "ß"),
        ("t", "ťţț"), ("u", "ùúûüūŭůűų"), ("y", "ýÿ"), ("z", "źżž"),
    ];

    [GeneratedRegex(@"^(.*?)\s*\((\d{4})\)$")]
    private static partial Regex TitleWithYear();

    [GeneratedRegex("-{2,}")]
    private static partial Regex Hyphens();
}
