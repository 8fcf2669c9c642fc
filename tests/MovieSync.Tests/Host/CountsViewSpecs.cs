using System.Text.Json;
using MovieSync.Host.Journal;
using MovieSync.Messages;
using Xunit;

namespace MovieSync.Tests.Host;

/// <summary>The one JSON form and the one multi-line text form of <see cref="MovieCounts"/>.</summary>
public sealed class CountsViewSpecs
{
    private static readonly MovieCounts Counts = new(Pending: 2, Failed: 1, PermanentFailures: 3, Downloading: 4, Completed: 5);

    [Fact]
    public void Json_has_the_contract_keys_in_order_with_the_total()
    {
        Assert.Equal("""{"pending":2,"failed":1,"permanent_failures":3,"downloading":4,"completed":5,"total":15,"skipped":0,"waiting":0}""",
            JsonSerializer.Serialize(CountsView.Of(Counts)));
        // The API's snake_case naming policy does not rename them either.
        Assert.Equal("""{"pending":2,"failed":1,"permanent_failures":3,"downloading":4,"completed":5,"total":15,"skipped":0,"waiting":0}""",
            JsonSerializer.Serialize(CountsView.Of(Counts), new JsonSerializerOptions(JsonSerializerDefaults.Web)));
    }

    [Fact]
    public void Waiting_movies_are_taken_from_the_state_the_journal_has_them_in()
    {
        var counts = (Counts with { Skipped = 1 }).WithWaiting([MovieStatus.Pending, MovieStatus.Failed, MovieStatus.Downloading]);

        Assert.Equal(Counts with { Pending = 1, Failed = 0, Downloading = 3, Skipped = 1, Waiting = 3 }, counts);
        Assert.Equal(16, counts.Total);
        Assert.EndsWith($"Permanent failures: 3{Environment.NewLine}   Waiting: 3{Environment.NewLine}   Skipped: 1",
            CountsView.Describe("📊 Movies", counts));
    }

    [Fact]
    public void Text_has_one_line_per_state_under_the_heading()
    {
        Assert.Equal(
            """
            📊 Final Statistics
               Pending: 2
               Downloading: 4
               Failed: 1
               Completed: 5
               Permanent failures: 3
            """.ReplaceLineEndings(),
            CountsView.Describe("📊 Final Statistics", Counts).ReplaceLineEndings());
    }
}
