using MovieSync.Messages;

namespace MovieSync.Host.Journal;

/// <summary>The names of priorities, as `priority ID VALUE`, the API (<c>?value=</c>) and the dashboard take and show them.</summary>
public static class Priorities
{
    public const string Accepted = "high, normal or low";

    public static string Of(MoviePriority priority) => priority.ToString().ToLowerInvariant();

    public static bool TryParse(string? text, out MoviePriority priority)
    {
        priority = MoviePriority.Normal;
        var name = text?.Trim().ToLowerInvariant();
        foreach (var candidate in Enum.GetValues<MoviePriority>())
        {
            if (Of(candidate) == name)
            {
                priority = candidate;
                return true;
            }
        }

        return false;
    }
}
