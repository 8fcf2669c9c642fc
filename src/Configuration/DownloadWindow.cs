using System.Globalization;

namespace MovieSync.Configuration;

/// <summary>
/// <c>schedule.download_window</c>: the local hours in which MovieSync's torrents may download, "HH:MM-HH:MM", wrapping
/// midnight when the end is earlier than the start ("23:00-07:00"). The start belongs to the window, the end does not.
/// </summary>
public sealed record DownloadWindow(TimeOnly Start, TimeOnly End)
{
    public const string Example = "01:00-07:00";

    public bool WrapsMidnight => End < Start;

    /// <summary>The window, or null with <paramref name="problem"/> saying what is wrong with the text.</summary>
    public static DownloadWindow? TryParse(string text, out string problem)
    {
        problem = "";
        var parts = text.Split('-', StringSplitOptions.TrimEntries);
        if (parts.Length != 2 || !TryTime(parts[0], out var start) || !TryTime(parts[1], out var end))
        {
            problem = $"expected \"HH:MM-HH:MM\" in local time such as \"{Example}\" (24-hour clock; may wrap midnight, as \"23:00-06:00\")";
            return null;
        }
        if (start == end)
        {
            problem = "the start and the end are the same; for downloads at any time leave the window null";
            return null;
        }
        return new DownloadWindow(start, end);
    }

    /// <summary>Whether the local time of day <paramref name="time"/> is inside the window.</summary>
    public bool Contains(TimeOnly time) => WrapsMidnight ? time >= Start || time < End : time >= Start && time < End;

    /// <summary>Whether the window is open at <paramref name="instant"/>, read as the local time of <paramref name="zone"/>.</summary>
    public bool IsOpenAt(DateTimeOffset instant, TimeZoneInfo zone) =>
        Contains(TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime));

    /// <summary>
    /// The first edge (a start or an end) after <paramref name="instant"/>. An edge that a daylight-saving jump skips
    /// falls on the first local minute after the jump; one that happens twice (clocks going back) on its first time.
    /// </summary>
    public DateTimeOffset NextEdgeAfter(DateTimeOffset instant, TimeZoneInfo zone)
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime);
        var edges = new List<DateTimeOffset>();
        for (var day = -1; day <= 2; day++)
            foreach (var time in new[] { Start, End })
                edges.Add(Instant(today.AddDays(day).ToDateTime(time), zone));
        return edges.Where(e => e > instant).Min();
    }

    public override string ToString() =>
        $"{Start.ToString("HH:mm", CultureInfo.InvariantCulture)}-{End.ToString("HH:mm", CultureInfo.InvariantCulture)}";

    private static DateTimeOffset Instant(DateTime local, TimeZoneInfo zone)
    {
        // A local time that does not exist (spring forward) moves past the gap, minute by minute.
        for (var i = 0; i < 24 * 60 && zone.IsInvalidTime(local); i++)
            local = local.AddMinutes(1);
        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), offset);
    }

    private static bool TryTime(string text, out TimeOnly time) =>
        TimeOnly.TryParseExact(text, ["HH:mm", "H:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out time);
}
