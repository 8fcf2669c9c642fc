using MovieSync.Actors.Progress;
using Xunit;

namespace MovieSync.Tests.Progress;

public sealed class ProgressThrottleSpecs
{
    private DateTimeOffset _now = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Reports_once_per_interval_counted_from_the_start_and_from_each_report()
    {
        var throttle = new ProgressThrottle(TimeSpan.FromSeconds(10), () => _now);

        Assert.False(throttle.ShouldReport()); // the step just started
        _now += TimeSpan.FromSeconds(9);
        Assert.False(throttle.ShouldReport());
        _now += TimeSpan.FromSeconds(1);
        Assert.True(throttle.ShouldReport());
        _now += TimeSpan.FromSeconds(5);
        Assert.False(throttle.ShouldReport());
        _now += TimeSpan.FromSeconds(5);
        Assert.True(throttle.ShouldReport());
    }

    [Fact]
    public void A_final_report_always_gets_its_line_and_restarts_the_interval()
    {
        var throttle = new ProgressThrottle(TimeSpan.FromSeconds(10), () => _now);

        Assert.True(throttle.ShouldReport(final: true));
        Assert.True(throttle.ShouldReport(final: true));
        _now += TimeSpan.FromSeconds(9);
        Assert.False(throttle.ShouldReport());
    }
}
