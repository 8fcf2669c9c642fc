namespace MovieSync.Clients.Library;

/// <summary>
/// Splits a folder or file name such as <c>Amelie.2001.1080p.BluRay.x264-GRP</c> or <c>Se7en (1995)</c> into the title
/// and year; release tags and the group after the year are ignored.
/// </summary>
public sealed record ReleaseName(string Title, int? Year)
{
    private static readonly HashSet<string> Tags = new(StringComparer.OrdinalIgnoreCase)
    {
        "2160p", "1080p", "1080i", "720p", "576p", "480p", "4k", "uhd", "bluray", "blu-ray", "bdrip", "brrip", "bdremux",
        "remux", "webrip", "web-dl", "webdl", "hdtv", "hdrip", "dvdrip", "dvdr", "x264", "x265", "h264", "h265",
        "hevc", "avc", "xvid", "divx", "10bit", "hdr", "hdr10", "dts", "ac3", "aac",
    };

    private static readonly char[] Separators = [' ', '.', '_', '(', ')', '[', ']', '{', '}', '\t'];

    public static ReleaseName Parse(string name)
    {
        var tokens = name.Split(Separators, StringSplitOptions.RemoveEmptyEntries);
        var tagAt = Array.FindIndex(tokens, IsTag);
        var searchEnd = tagAt < 0 ? tokens.Length : tagAt;
        // The year is the last year-like token before any tag that has some title before it ("2001 A Space Odyssey 1968").
        var yearAt = -1;
        for (var i = 1; i < searchEnd; i++)
            if (YearOf(tokens[i]) is not null) yearAt = i;
        var titleEnd = yearAt >= 0 ? yearAt : searchEnd;
        var title = string.Join(' ', tokens[..titleEnd]).Trim(' ', '-');
        return new ReleaseName(title, yearAt >= 0 ? YearOf(tokens[yearAt]) : null);
    }

    private static bool IsTag(string token) =>
        Tags.Contains(token) || (token.IndexOf('-') is > 0 and var dash && Tags.Contains(token[..dash]));

    private static int? YearOf(string token) =>
        token.Length == 4 && int.TryParse(token, out var year) && year is >= 1880 and <= 2100 ? year : null;
}
