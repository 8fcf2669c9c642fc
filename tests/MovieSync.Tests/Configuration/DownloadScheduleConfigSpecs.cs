using System.Text.Json.Nodes;
using MovieSync.Configuration;
using Xunit;

namespace MovieSync.Tests.Configuration;

/// <summary>
/// <c>schedule.download_window</c> ("HH:MM-HH:MM", local, may wrap midnight) and <c>qbittorrent.max_download_kbps</c>:
/// read when valid, refused naming the key otherwise; and the window's arithmetic (open or not, next edge).
/// </summary>
public sealed class DownloadScheduleConfigSpecs : IDisposable
{
    private readonly string _home = Directory.CreateTempSubdirectory("moviesync-schedule-config-").FullName;
    private readonly Dictionary<string, string?> _environment = new();

    public void Dispose() => Directory.Delete(_home, recursive: true);

    [Fact]
    public void Both_default_to_null_download_at_any_time_and_leave_limits_alone()
    {
        var options = Load(new JsonObject());

        Assert.Null(options.Schedule.DownloadWindow);
        Assert.Null(options.QBittorrent.MaxDownloadKbps);
    }

    [Fact]
    public void Explicit_nulls_are_the_defaults()
    {
        var options = Load(new JsonObject { ["schedule"] = new JsonObject { ["download_window"] = null } },
            new JsonObject { ["max_download_kbps"] = null });

        Assert.Null(options.Schedule.DownloadWindow);
        Assert.Null(options.QBittorrent.MaxDownloadKbps);
    }

    [Fact]
    public void A_window_and_a_limit_are_read()
    {
        var options = Load(new JsonObject { ["schedule"] = new JsonObject { ["download_window"] = "23:30-06:15" } },
            new JsonObject { ["max_download_kbps"] = 2048 });

        Assert.Equal(new DownloadWindow(new TimeOnly(23, 30), new TimeOnly(6, 15)), options.Schedule.DownloadWindow);
        Assert.True(options.Schedule.DownloadWindow!.WrapsMidnight);
        Assert.Equal(2048, options.QBittorrent.MaxDownloadKbps);
    }

    [Fact]
    public void The_window_can_come_from_the_environment()
    {
        _environment["MOVIESYNC_SCHEDULE__DOWNLOAD_WINDOW"] = "01:00-07:00";

        Assert.Equal("01:00-07:00", Load(new JsonObject()).Schedule.DownloadWindow!.ToString());
    }

    [Theory]
    [InlineData("1-7")]
    [InlineData("25:00-07:00")]
    [InlineData("01:00")]
    [InlineData("01:00-07:00-09:00")]
    [InlineData("1am-7am")]
    public void A_malformed_window_is_refused_naming_the_key_and_the_format(string window)
    {
        var error = LoadFails(new JsonObject { ["schedule"] = new JsonObject { ["download_window"] = window } });

        var problem = Assert.Single(error.Problems);
        Assert.StartsWith("schedule.download_window: expected \"HH:MM-HH:MM\" in local time such as \"01:00-07:00\"", problem);
        Assert.EndsWith($"got \"{window}\"", problem);
    }

    [Fact]
    public void A_window_that_starts_where_it_ends_is_refused_pointing_at_null()
    {
        var error = LoadFails(new JsonObject { ["schedule"] = new JsonObject { ["download_window"] = "03:00-03:00" } });

        Assert.Equal("schedule.download_window: the start and the end are the same; for downloads at any time leave the window null, " +
                     "got \"03:00-03:00\"", Assert.Single(error.Problems));
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("fast")]
    [InlineData("1.5")]
    [InlineData("2000001")]
    public void A_bad_limit_is_refused_naming_the_key_and_the_range(string limit)
    {
        var error = LoadFails(new JsonObject(), new JsonObject { ["max_download_kbps"] = limit });

        Assert.Equal("qbittorrent.max_download_kbps: expected a whole number of KiB/s from 0 to 2000000 (0: lift any limit; " +
                     $"null: leave limits alone), got \"{limit}\"", Assert.Single(error.Problems));
    }

    [Fact]
    public void A_misspelt_schedule_key_is_refused_with_a_suggestion()
    {
        var error = LoadFails(new JsonObject { ["schedule"] = new JsonObject { ["download_windows"] = "01:00-07:00" } });

        Assert.Equal("schedule.download_windows: unknown key (did you mean schedule.download_window?)", Assert.Single(error.Problems));
    }

    [Theory]
    [InlineData("01:00-07:00", "00:59", false)]
    [InlineData("01:00-07:00", "01:00", true)]
    [InlineData("01:00-07:00", "06:59", true)]
    [InlineData("01:00-07:00", "07:00", false)]
    [InlineData("23:00-06:00", "22:59", false)]
    [InlineData("23:00-06:00", "23:00", true)]
    [InlineData("23:00-06:00", "00:00", true)]
    [InlineData("23:00-06:00", "05:59", true)]
    [InlineData("23:00-06:00", "06:00", false)]
    [InlineData("23:00-06:00", "12:00", false)]
    public void The_start_is_inside_the_end_is_not_and_a_window_may_wrap_midnight(string window, string time, bool open) =>
        Assert.Equal(open, DownloadWindow.TryParse(window, out _)!.Contains(TimeOnly.Parse(time, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void The_next_edge_is_read_in_the_time_zone_given()
    {
        var zone = TimeZoneInfo.CreateCustomTimeZone("spec+02", TimeSpan.FromHours(2), "spec+02", "spec+02");
        var window = DownloadWindow.TryParse("23:00-06:00", out _)!;
        var tenPastTenLocal = new DateTimeOffset(2026, 3, 1, 22, 10, 0, TimeSpan.FromHours(2));

        Assert.False(window.IsOpenAt(tenPastTenLocal, zone));
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 23, 0, 0, TimeSpan.FromHours(2)), window.NextEdgeAfter(tenPastTenLocal, zone));
        var midnight = new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.FromHours(2));
        Assert.True(window.IsOpenAt(midnight, zone));
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 6, 0, 0, TimeSpan.FromHours(2)), window.NextEdgeAfter(midnight, zone));
    }

    [Fact]
    public void An_edge_that_daylight_saving_skips_falls_right_after_the_jump()
    {
        // 02:00 -> 03:00 on the last Sunday of March, as in most of Europe.
        var start = TimeZoneInfo.TransitionTime.CreateFloatingDateRule(new DateTime(1, 1, 1, 2, 0, 0), 3, 5, DayOfWeek.Sunday);
        var end = TimeZoneInfo.TransitionTime.CreateFloatingDateRule(new DateTime(1, 1, 1, 3, 0, 0), 10, 5, DayOfWeek.Sunday);
        var rule = TimeZoneInfo.AdjustmentRule.CreateAdjustmentRule(DateTime.MinValue.Date, DateTime.MaxValue.Date, TimeSpan.FromHours(1), start, end);
        var zone = TimeZoneInfo.CreateCustomTimeZone("spec-dst", TimeSpan.FromHours(2), "spec-dst", "spec", "spec-summer", [rule]);
        var window = DownloadWindow.TryParse("02:30-05:00", out _)!;
        var beforeJump = new DateTimeOffset(2026, 3, 29, 1, 0, 0, TimeSpan.FromHours(2));

        var edge = window.NextEdgeAfter(beforeJump, zone);

        Assert.Equal(new DateTimeOffset(2026, 3, 29, 3, 0, 0, TimeSpan.FromHours(3)), edge);
        Assert.True(window.IsOpenAt(edge, zone));
    }

    private MovieSyncOptions Load(JsonObject extra, JsonObject? qbittorrent = null)
    {
        var config = new JsonObject { ["username"] = "alice", ["download_directory"] = "/data/movies" };
        foreach (var (key, value) in extra)
            config[key] = value?.DeepClone();
        if (qbittorrent is not null)
            config["qbittorrent"] = qbittorrent;
        File.WriteAllText(Path.Combine(_home, ConfigLoader.FileName), config.ToJsonString());
        return ConfigLoader.Load(_home, _environment);
    }

    private ConfigurationException LoadFails(JsonObject extra, JsonObject? qbittorrent = null) =>
        Assert.Throws<ConfigurationException>(() => Load(extra, qbittorrent));
}
