using MovieSync.Clients.FileList;
using Xunit;

namespace MovieSync.Grabbing.Tests.FileList;

public sealed class RomanianTimeSpecs
{
    [Theory]
    [InlineData("2020-01-25 22:20:19", "2020-01-25T20:20:19Z")]
    [InlineData("2024-07-14 12:00:00", "2024-07-14T09:00:00Z")]
    [InlineData("2024-03-31 02:59:59", "2024-03-31T00:59:59Z")]
    [InlineData("2024-03-31 04:00:00", "2024-03-31T01:00:00Z")]
    [InlineData("2024-10-27 05:00:00", "2024-10-27T03:00:00Z")]
    public void Reads_upload_dates_as_bucharest_time(string local, string utc) =>
        Assert.Equal(DateTimeOffset.Parse(utc), RomanianTime.Parse(local));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("yesterday")]
    [InlineData("25/01/2020 22:20")]
    public void Other_shapes_give_no_date(string? text) => Assert.Null(RomanianTime.Parse(text));

    [Fact]
    public void Format_and_parse_agree()
    {
        var instant = new DateTimeOffset(2023, 8, 1, 10, 15, 0, TimeSpan.Zero);

        Assert.Equal("2023-08-01 13:15:00", RomanianTime.Format(instant));
        Assert.Equal(instant, RomanianTime.Parse(RomanianTime.Format(instant)));
    }
}
