using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace MovieSync.Clients;

/// <summary>
/// Makes text that came from a service (torrent names, film titles, excerpts of error replies) safe to print: terminal
/// escape sequences (ANSI CSI/OSC/DCS and the C1 forms) are removed, every other control character, line break and
/// Unicode line separator becomes one space, and bidirectional overrides (which reorder what a terminal shows) go.
/// Everything else, accents, CJK and emoji included, is kept as it is.
/// </summary>
public static class ServiceText
{
    private const char Escape = '\u001b';
    private const char Bell = '\u0007';
    private const char SingleCsi = '\u009b';
    private const char SingleOsc = '\u009d';

    [return: NotNullIfNotNull(nameof(text))]
    public static string? Clean(string? text)
    {
        if (text is null || !NeedsCleaning(text))
            return text;

        var clean = new StringBuilder(text.Length);
        var spaced = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is Escape or SingleCsi or SingleOsc)
            {
                i = EndOfSequence(text, i);
                continue;
            }
            if (IsBidiControl(c))
                continue;
            if (char.IsControl(c) || c is '\u2028' or '\u2029')
            {
                // A line break becomes one space, merged with the spaces around it.
                if (clean.Length > 0 && !char.IsWhiteSpace(clean[^1]))
                    clean.Append(' ');
                spaced = true;
                continue;
            }
            if (spaced && c == ' ')
                continue;
            clean.Append(c);
            spaced = false;
        }
        return clean.ToString().Trim();
    }

    private static bool NeedsCleaning(string text)
    {
        foreach (var c in text)
            if (char.IsControl(c) || IsBidiControl(c) || c is '\u2028' or '\u2029')
                return true;
        return false;
    }

    private static bool IsBidiControl(char c) => c is >= '\u202a' and <= '\u202e' or >= '\u2066' and <= '\u2069';

    /// <summary>The index of the last character of the escape sequence starting at <paramref name="start"/>.</summary>
    private static int EndOfSequence(string text, int start)
    {
        var c = text[start];
        int i;
        char kind;
        if (c == Escape)
        {
            if (start + 1 >= text.Length)
                return start;
            kind = text[start + 1];
            i = start + 2;
        }
        else
        {
            kind = c == SingleCsi ? '[' : ']';
            i = start + 1;
        }

        switch (kind)
        {
            case '[':
                // CSI: parameter bytes 0x30-0x3F, intermediate bytes 0x20-0x2F, one final byte 0x40-0x7E.
                while (i < text.Length && text[i] is >= '\u0030' and <= '\u003f') i++;
                while (i < text.Length && text[i] is >= '\u0020' and <= '\u002f') i++;
                return i < text.Length && text[i] is >= '\u0040' and <= '\u007e' ? i : i - 1;
            case ']' or 'P' or 'X' or '^' or '_':
                // OSC, DCS, SOS, PM, APC: a string ended by BEL or ST (ESC \); unterminated, it runs to the end.
                for (; i < text.Length; i++)
                {
                    if (text[i] == Bell) return i;
                    if (text[i] == Escape && i + 1 < text.Length && text[i + 1] == '\\') return i + 1;
                }
                return text.Length - 1;
            case >= '\u0020' and <= '\u002f':
                // nF: intermediates then one final byte (e.g. ESC ( B).
                while (i < text.Length && text[i] is >= '\u0020' and <= '\u002f') i++;
                return i < text.Length && text[i] is >= '\u0030' and <= '\u007e' ? i : i - 1;
            case >= '\u0030' and <= '\u007e':
                // A two-character sequence (ESC c, ESC 7, ESC M ...).
                return start + 1;
            default:
                // A lone ESC before ordinary text: drop only the ESC.
                return start;
        }
    }
}
