using MovieSync.Clients.FileList;
using Xunit;

namespace MovieSync.Grabbing.Tests.FileList;

public sealed class FileListResponseParserSpecs
{
    private static string Fixture(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "FileList", name));

    [Fact]
    public void Reads_the_documented_search_result()
    {
        var result = FileListResponseParser.ParseSearch(Fixture("search-prowlarr-recentfeed.json"));

        Assert.Equal(FileListOutcome.Success, result.Outcome);
        var torrent = Assert.Single(result.Torrents);
        Assert.Equal(665873, torrent.Id);
        Assert.Equal("Storming.Juno.2010.1080p.BluRay.x264-GUACAMOLE", torrent.Name);
        Assert.Equal("tt1776305", torrent.ImdbId);
        Assert.False(torrent.Freeleech);
        Assert.True(torrent.Moderated);
        Assert.Equal(8300512414, torrent.SizeBytes);
        Assert.Equal("Filme HD", torrent.Category);
        Assert.Equal(4, torrent.CategoryId);
        Assert.Equal(12, torrent.Seeders);
        Assert.Equal(2, torrent.Leechers);
        Assert.Equal(11, torrent.TimesCompleted);
        Assert.Equal(3, torrent.Files);
        Assert.Equal("History, War", torrent.SmallDescription);
        // January in Bucharest is UTC+2 (Prowlarr's fixed +03:00 would say 19:20:19).
        Assert.Equal(new DateTimeOffset(2020, 1, 25, 20, 20, 19, TimeSpan.Zero), torrent.UploadedAt);
        Assert.Equal(TimeSpan.FromHours(2), torrent.UploadedAt!.Value.Offset);
        Assert.Equal("https://filelist.ro/download.php?id=665873&passkey=somepass", result.DownloadLinks[torrent.Id].ToString());
    }

    [Fact]
    public void Accepts_flags_as_booleans_or_strings_numbers_as_strings_and_a_null_imdb()
    {
        var result = FileListResponseParser.ParseSearch(Fixture("search-lenient-variants.json"));

        Assert.Equal(2, result.Torrents.Count);
        var amelie = result.Torrents[0];
        Assert.Equal(700001, amelie.Id);
        Assert.Null(amelie.ImdbId);
        Assert.True(amelie.Freeleech);
        Assert.False(amelie.DoubleUp);
        Assert.True(amelie.Internal);
        Assert.Equal(9341231104, amelie.SizeBytes);
        Assert.Equal(34, amelie.Seeders);
        // July: summer time, UTC+3.
        Assert.Equal(new DateTimeOffset(2024, 7, 14, 9, 0, 0, TimeSpan.Zero), amelie.UploadedAt);

        var dune = result.Torrents[1];
        Assert.Equal("tt1160419", dune.ImdbId);
        Assert.True(dune.Freeleech);
        Assert.True(dune.DoubleUp);
        Assert.Equal(6, dune.CategoryId);
        // 03:30 on the last Sunday of October happens twice; the later (winter) reading is taken.
        Assert.Equal(new DateTimeOffset(2021, 10, 31, 1, 30, 0, TimeSpan.Zero), dune.UploadedAt);
    }

    [Fact]
    public void An_empty_array_means_no_results()
    {
        var result = FileListResponseParser.ParseSearch("[]");

        Assert.Equal(FileListOutcome.NoResults, result.Outcome);
        Assert.True(result.IsSuccess);
        Assert.Empty(result.Torrents);
    }

    [Theory]
    [InlineData("{\"error\":\"Invalid passkey/username!\"}", FileListOutcome.CredentialsRejected, "Invalid passkey/username!")]
    [InlineData("{\"error\":\"Too many failed authentications. Try again in one hour!\"}", FileListOutcome.CredentialsRejected, "Too many failed")]
    [InlineData("{\"error\":\"Username and passkey cannot be empty.\"}", FileListOutcome.CredentialsRejected, "cannot be empty")]
    [InlineData("{\"error\":\"Rate limit reached\"}", FileListOutcome.RateLimited, "Rate limit reached")]
    [InlineData("{\"error\":429,\"message\":\"Rate limit reached\"}", FileListOutcome.RateLimited, "429: Rate limit reached")]
    [InlineData("{\"error\":\"Invalid search/filter\"}", FileListOutcome.BadRequest, "Invalid search/filter")]
    [InlineData("{\"error\":\"Service unavailable\"}", FileListOutcome.ServerError, "Service unavailable")]
    public void Error_objects_that_come_with_http_200_are_told_apart(string body, FileListOutcome outcome, string message)
    {
        var result = FileListResponseParser.ParseSearch(body);

        Assert.Equal(outcome, result.Outcome);
        Assert.Contains(message, result.Error);
        Assert.False(result.IsSuccess);
    }

    [Theory]
    [InlineData("<html><body>Maintenance</body></html>")]
    [InlineData("")]
    [InlineData("{\"results\":[]}")]
    [InlineData("[{\"unexpected\":true}]")]
    [InlineData("[1,2,3]")]
    [InlineData("\"just a string\"")]
    public void Anything_else_is_unparsable(string body)
    {
        var result = FileListResponseParser.ParseSearch(body);

        Assert.Equal(FileListOutcome.Unparsable, result.Outcome);
        Assert.True(result.IsTransient);
    }

    [Theory]
    [InlineData("tt0133093", "tt0133093")]
    [InlineData("0133093", "tt0133093")]
    [InlineData("133093", "tt0133093")]
    [InlineData("TT27503384", "tt27503384")]
    [InlineData(" tt0110413 ", "tt0110413")]
    [InlineData("", null)]
    [InlineData("tt", null)]
    [InlineData("0", null)]
    [InlineData("imdb", null)]
    public void Normalises_imdb_ids(string raw, string? expected) =>
        Assert.Equal(expected, FileListResponseParser.ImdbIdOf(raw));
}
