using System.Text.RegularExpressions;

namespace MovieSync.Messages;

/// <summary>A film's identity: its IMDb id (<c>tt0133093</c>) when known, else its Letterboxd slug (<c>the-matrix</c>).</summary>
public readonly partial record struct MovieId
{
    public string Value { get; }

    private MovieId(string value) => Value = value;

    /// <summary>True when the id is an IMDb id rather than a Letterboxd slug.</summary>
    public bool IsImdb => ImdbPattern().IsMatch(Value);

    /// <summary>The persistence id of the movie's own journal.</summary>
    public string PersistenceId => "movie-" + Value;

    public static MovieId Parse(string text) =>
        TryParse(text, out var id, out var error) ? id : throw new FormatException(error);

    /// <summary>Accepts an IMDb id (tt + 7 or more digits) or a Letterboxd slug (lowercase letters, digits, hyphens).</summary>
    public static bool TryParse(string? text, out MovieId id, out string error)
    {
        var trimmed = text?.Trim() ?? "";
        if (ImdbPattern().IsMatch(trimmed) || SlugPattern().IsMatch(trimmed))
        {
            id = new MovieId(trimmed);
            error = "";
            return true;
        }

        id = default;
        error = $"'{text}' is not a movie id: expected an IMDb id such as tt0133093 or a Letterboxd slug such as the-matrix";
        return false;
    }

    public override string ToString() => Value ?? "";

    [GeneratedRegex("^tt[0-9]{7,10}$")]
    private static partial Regex ImdbPattern();

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,199}$")]
    private static partial Regex SlugPattern();
}
