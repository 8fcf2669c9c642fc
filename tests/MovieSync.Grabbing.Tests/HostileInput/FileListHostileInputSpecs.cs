using MovieSync.Clients.FileList;
using MovieSync.Simulators.FileList;
using Xunit;

namespace MovieSync.Grabbing.Tests.HostileInput;

/// <summary>FileList answers that are too large, links that lead elsewhere, names that carry escapes.</summary>
public sealed class FileListHostileInputSpecs : IAsyncLifetime
{
    private static readonly int[] FilmCategories = [4, 6, 19, 20, 26];
    private readonly HttpClient _http = new();
    private FakeFileList _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeFileList.StartAsync();

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _fake.DisposeAsync();
    }

    private FileListClient Client() => new(_http, new FileListAccount(_fake.BaseUrl, _fake.Username, _fake.Passkey));

    [Fact]
    public async Task A_search_answer_past_the_limit_sent_without_a_length_is_a_failed_search_naming_the_limit()
    {
        _fake.Fault = FakeFileListFault.OversizedReply;

        var result = await Client().SearchByImdbAsync("tt0133093", FilmCategories);

        Assert.Equal(FileListOutcome.TooLarge, result.Outcome);
        Assert.Equal("the FileList search answer exceeds the 10 MB limit", result.Error);
        Assert.Empty(result.Torrents);
    }

    [Fact]
    public async Task A_torrent_past_the_limit_sent_without_a_length_is_a_failed_download_naming_the_limit()
    {
        var link = (await Client().SearchByImdbAsync("tt0133093", FilmCategories)).DownloadLinks.Values.First();
        _fake.Fault = FakeFileListFault.OversizedTorrent;

        var result = await Client().DownloadTorrentAsync(link);

        Assert.Equal(FileListOutcome.TooLarge, result.Outcome);
        Assert.Equal("the .torrent from FileList exceeds the 10 MB limit", result.Error);
        Assert.Null(result.Content);
    }

    [Fact]
    public async Task A_download_link_to_another_server_is_not_followed_and_does_not_name_the_link()
    {
        await using var elsewhere = await FakeFileList.StartAsync();
        _fake.DownloadLinkBase = elsewhere.BaseUrl; // same machine, another port
        var search = await Client().SearchByImdbAsync("tt0133093", FilmCategories);
        var link = search.DownloadLinks.Values.First();
        Assert.Equal(elsewhere.BaseUrl.Port, link.Port);

        var result = await Client().DownloadTorrentAsync(link);

        Assert.Equal(FileListOutcome.LinkRefused, result.Outcome);
        Assert.Equal(FileListClient.LinkRefusedError, result.Error);
        Assert.DoesNotContain(_fake.Passkey, result.ToString());
        Assert.DoesNotContain(link.Host + ":" + link.Port, result.Error);
        Assert.Equal(0, elsewhere.DownloadRequests + elsewhere.SearchRequests);
        Assert.Equal(0, _fake.DownloadRequests);
    }

    [Theory]
    [InlineData("https://filelist.io/download.php?id=1", "https://filelist.io/", true)]
    [InlineData("https://FileList.io:443/download.php?id=1", "https://filelist.io", true)]
    [InlineData("http://filelist.io/download.php?id=1", "https://filelist.io/", false)] // downgrade to http
    [InlineData("https://filelist.io.evil.example/download.php", "https://filelist.io/", false)]
    [InlineData("https://evil.example/download.php?id=1", "https://filelist.io/", false)]
    [InlineData("https://filelist.io:8443/download.php?id=1", "https://filelist.io/", false)]
    [InlineData("https://user:pw@filelist.io/download.php?id=1", "https://filelist.io/", false)]
    [InlineData("ftp://filelist.io/download.php?id=1", "https://filelist.io/", false)]
    [InlineData("http://127.0.0.1:5000/download.php?id=1", "http://127.0.0.1:5000/", true)] // a local test server
    [InlineData("http://127.0.0.1:5001/download.php?id=1", "http://127.0.0.1:5000/", false)]
    public void Links_are_followed_only_to_the_configured_host_and_port_over_https_or_base_urls_own_http(
        string link, string baseUrl, bool followed) =>
        Assert.Equal(followed, FileListClient.IsOnFileListHost(new Uri(link), new Uri(baseUrl)));

    [Theory]
    [InlineData("http://filelist.io/", true)]
    [InlineData("http://192.168.1.20:8080/", true)]
    [InlineData("https://filelist.io/", false)]
    [InlineData("http://127.0.0.1:5000/", false)]
    [InlineData("http://localhost:5000/", false)]
    [InlineData("http://[::1]:5000/", false)]
    public void Plain_http_to_another_machine_is_flagged(string baseUrl, bool inClear) =>
        Assert.Equal(inClear, new FileListAccount(new Uri(baseUrl), "u", "p").SendsCredentialsInClear);

    [Fact]
    public async Task A_torrent_name_with_terminal_escapes_and_line_breaks_arrives_clean()
    {
        _fake.ClearTorrents();
        _fake.AddTorrent(new FakeTorrent(777001, "\u001b[31mThe.Matrix.1999\r\n.1080p\u001b[0m-GRP", "tt0133093", 4, FakeTorrent.Gb(2), 10)
        {
            SmallDescription = "Action\u001b]0;owned\u0007, Sci-Fi",
        });

        var torrent = Assert.Single((await Client().SearchByImdbAsync("tt0133093", FilmCategories)).Torrents);

        Assert.Equal("The.Matrix.1999 .1080p-GRP", torrent.Name);
        Assert.Equal("Action, Sci-Fi", torrent.SmallDescription);
    }
}
