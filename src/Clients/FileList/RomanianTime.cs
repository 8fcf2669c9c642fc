using System.Globalization;

namespace MovieSync.Clients.FileList;

/// <summary>FileList stamps <c>upload_date</c> in Romanian local time without an offset; this attaches the right one.</summary>
public static class RomanianTime
{
    private static readonly TimeZoneInfo? Bucharest = FindBucharest();

    /// <summary>Parses <c>yyyy-MM-dd HH:mm:ss</c> as Europe/Bucharest local time; null when it is not that shape.</summary>
    public static DateTimeOffset? Parse(string? text)
    {
        if (!DateTime.TryParseExact(text?.Trim(), ["yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd"],
                CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
            return null;
        return new DateTimeOffset(local, OffsetAt(local));
    }

    /// <summary>Formats an instant the way FileList does.</summary>
    public static string Format(DateTimeOffset instant)
    {
        var local = Bucharest is null ? instant.ToOffset(FallbackOffset(instant.UtcDateTime)) : TimeZoneInfo.ConvertTime(instant, Bucharest);
        return local.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
    }

    private static TimeSpan OffsetAt(DateTime local)
    {
        if (Bucharest is null) return FallbackOffset(local);
        // A skipped spring hour cannot be local time; read it as the offset before the jump.
        if (Bucharest.IsInvalidTime(local)) return Bucharest.BaseUtcOffset;
        // The repeated autumn hour is ambiguous; take the later (winter) offset.
        return Bucharest.IsAmbiguousTime(local) ? Bucharest.BaseUtcOffset : Bucharest.GetUtcOffset(local);
    }

    // EU rule, used only when the system has no tz database: summer time between the last Sundays of March and October.
    private static TimeSpan FallbackOffset(DateTime time)
    {
        var start = LastSunday(time.Year, 3).AddHours(3);
        var end = LastSunday(time.Year, 10).AddHours(4);
        return time >= start && time < end ? TimeSpan.FromHours(3) : TimeSpan.FromHours(2);
    }

    private static DateTime LastSunday(int year, int month)
    {
        var last = new DateTime(year, month, DateTime.DaysInMonth(year, month));
        return last.AddDays(-(int)last.DayOfWeek);
    }

    private static TimeZoneInfo? FindBucharest()
    {
        try { return TimeZoneInfo.FindSystemTimeZoneById("Europe/Bucharest"); }
        catch (TimeZoneNotFoundException) { return null; }
        catch (InvalidTimeZoneException) { return null; }
    }
}
