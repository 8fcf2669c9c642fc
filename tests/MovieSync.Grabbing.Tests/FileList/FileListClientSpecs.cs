using System.Net;
using MovieSync.Clients.FileList;
using MovieSync.Clients.Torrents;
using MovieSync.Simulators.FileList;
using Xunit;

namespace MovieSync.Grabbing.Tests.FileList;

public sealed class FileListClientSpecs : IAsyncLifetime
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

    private FileListClient Client(string? passkey = null, TimeSpan? timeout = null, string? username = null) =>
        new(_http, new FileListAccount(_fake.BaseUrl, username ?? _fake.Username, passkey ?? _fake.Passkey), timeout);

    [Fact]
    public async Task Searches_by_imdb_id_within_the_categories()
    {
        var result = await Client().SearchByImdbAsync("tt0133093", FilmCategories);

        Assert.Equal(FileListOutcome.Success, result.Outcome);
        Assert.Equal(4, result.Torrents.Count);
        Assert.All(result.Torrents, t => Assert.Equal("tt0133093", t.ImdbId));
        var uhd = Assert.Single(result.Torrents, t => t.Name.Contains("2160p"));
        Assert.Equal("Filme 4K", uhd.Category);
        Assert.True(uhd.Freeleech);
        Assert.Equal(87, uhd.Seeders);
        Assert.NotNull(uhd.UploadedAt);
        Assert.Equal(1, _fake.SearchRequests);
    }

    [Fact]
    public async Task Category_filter_and_bare_imdb_digits_are_honoured()
    {
        var result = await Client().SearchByImdbAsync("0133093", [6]);

        Assert.Equal("The.Matrix.1999.2160p.UHD.BluRay.x265.10bit.HDR-TERMiNAL", Assert.Single(result.Torrents).Name);
    }

    [Fact]
    public async Task Searches_by_name_for_films_without_an_imdb_id()
    {
        var fatherland = await Client().SearchByNameAsync("Fatherland", 2026, FilmCategories);
        var amelie = await Client().SearchByNameAsync("Amélie", 2001, FilmCategories);

        var torrent = Assert.Single(fatherland.Torrents);
        Assert.Null(torrent.ImdbId);
        Assert.Equal(2, amelie.Torrents.Count);
        Assert.All(amelie.Torrents, t => Assert.Equal("tt0211915", t.ImdbId));
    }

    [Theory]
    [InlineData("tt0110413", "Léon: The Professional", 1994, 2)]
    [InlineData(null, "Fatherland", 2026, 1)]
    [InlineData("not-an-id", "Fatherland", 2026, 1)]
    public async Task A_film_is_searched_by_imdb_id_when_it_has_one_else_by_name(string? imdbId, string title, int year, int found)
    {
        var result = await Client().SearchForFilmAsync(imdbId, title, year, FilmCategories);

        Assert.Equal(found, result.Torrents.Count);
    }

    [Fact]
    public async Task Name_search_tells_the_two_dunes_apart_by_year()
    {
        var result = await Client().SearchByNameAsync("Dune", 1984, FilmCategories);

        Assert.Equal(2, result.Torrents.Count);
        Assert.All(result.Torrents, t => Assert.Equal("tt0087182", t.ImdbId));
    }

    [Fact]
    public async Task An_empty_array_is_no_results_not_an_error()
    {
        var result = await Client().SearchByImdbAsync("tt9999999", FilmCategories);

        Assert.Equal(FileListOutcome.NoResults, result.Outcome);
        Assert.True(result.IsSuccess);
        Assert.Null(result.Error);
    }

    [Fact]
    public async Task Wrong_credentials_are_rejected_and_repeated_failures_lock_the_account()
    {
        var wrong = Client(passkey: "ffffffffffffffffffffffffffffffff");

        var first = await wrong.SearchByImdbAsync("tt0133093", FilmCategories);
        for (var i = 0; i < 4; i++) await wrong.SearchByImdbAsync("tt0133093", FilmCategories);
        var lockedOut = await Client().SearchByImdbAsync("tt0133093", FilmCategories);

        Assert.Equal(FileListOutcome.CredentialsRejected, first.Outcome);
        Assert.Contains("HTTP 403: Invalid passkey/username!", first.Error);
        Assert.False(first.IsTransient);
        Assert.Equal(FileListOutcome.CredentialsRejected, lockedOut.Outcome);
        Assert.Contains("Too many failed authentications", lockedOut.Error);
    }

    [Fact]
    public async Task Empty_credentials_get_the_401()
    {
        var result = await Client(passkey: "", username: "").SearchByImdbAsync("tt0133093", FilmCategories);

        Assert.Equal(FileListOutcome.CredentialsRejected, result.Outcome);
        Assert.Contains("HTTP 401: Username and passkey cannot be empty.", result.Error);
    }

    [Fact]
    public async Task The_hourly_allowance_runs_out_with_a_429()
    {
        await using var fake = await FakeFileList.StartAsync(new FakeFileListOptions { RequestsPerHour = 2 });
        var client = new FileListClient(_http, new FileListAccount(fake.BaseUrl, fake.Username, fake.Passkey));

        await client.SearchByImdbAsync("tt0133093", FilmCategories);
        await client.SearchByImdbAsync("tt0133093", FilmCategories);
        var third = await client.SearchByImdbAsync("tt0133093", FilmCategories);

        Assert.Equal(FileListOutcome.RateLimited, third.Outcome);
        Assert.Contains("HTTP 429: Rate limit reached", third.Error);
        Assert.True(third.IsTransient);
        Assert.Equal(3, fake.SearchRequests);
    }

    [Theory]
    [InlineData(FakeFileListFault.CredentialsRejected, FileListOutcome.CredentialsRejected, "HTTP 403: Invalid passkey/username!")]
    [InlineData(FakeFileListFault.TooManyFailedAuthentications, FileListOutcome.CredentialsRejected, "Too many failed authentications. Try again in one hour!")]
    [InlineData(FakeFileListFault.RateLimited, FileListOutcome.RateLimited, "HTTP 429")]
    [InlineData(FakeFileListFault.ServerError, FileListOutcome.ServerError, "HTTP 500")]
    [InlineData(FakeFileListFault.ServiceUnavailable, FileListOutcome.ServerError, "HTTP 503: Service unavailable")]
    [InlineData(FakeFileListFault.UnparsableReply, FileListOutcome.Unparsable, "not its search JSON")]
    [InlineData(FakeFileListFault.ErrorObjectWith200, FileListOutcome.RateLimited, "429: Rate limit reached")]
    public async Task Each_failure_is_told_apart(FakeFileListFault fault, FileListOutcome outcome, string message)
    {
        _fake.Fault = fault;

        var result = await Client().SearchByImdbAsync("tt0133093", FilmCategories);

        Assert.Equal(outcome, result.Outcome);
        Assert.Contains(message, result.Error);
        Assert.Empty(result.Torrents);
    }

    [Fact]
    public async Task A_slow_answer_is_a_timeout()
    {
        _fake.Fault = FakeFileListFault.Slow;
        _fake.SlowDelay = TimeSpan.FromSeconds(5);

        var search = await Client(timeout: TimeSpan.FromMilliseconds(200)).SearchByImdbAsync("tt0133093", FilmCategories);
        var download = await Client(timeout: TimeSpan.FromMilliseconds(200)).DownloadTorrentAsync(_fake.DownloadLinkFor(600001));

        Assert.Equal(FileListOutcome.Timeout, search.Outcome);
        Assert.Equal(FileListOutcome.Timeout, download.Outcome);
        Assert.Contains("did not answer within 0.2 s", search.Error);
    }

    [Fact]
    public async Task The_callers_own_cancellation_is_not_a_timeout()
    {
        _fake.Fault = FakeFileListFault.Slow;
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Client().SearchByImdbAsync("tt0133093", FilmCategories, cancel.Token));
    }

    [Fact]
    public async Task A_server_that_is_not_there_is_unreachable()
    {
        var closedPort = _fake.BaseUrl;
        await _fake.DisposeAsync();
        _fake = await FakeFileList.StartAsync();

        var result = await new FileListClient(_http, new FileListAccount(closedPort, "u", "p")).SearchByImdbAsync("tt0133093", FilmCategories);

        Assert.Equal(FileListOutcome.Unreachable, result.Outcome);
        Assert.StartsWith("could not reach FileList", result.Error);
    }

    [Fact]
    public async Task Downloads_a_real_torrent_with_a_stable_info_hash()
    {
        var search = await Client().SearchByImdbAsync("tt1160419", FilmCategories);
        var chosen = TorrentChooser.Choose(search.Torrents, TorrentCriteria.Default).Torrent!;

        var first = await Client().DownloadTorrentAsync(search.DownloadLinks[chosen.Id]);
        var second = await Client().DownloadTorrentAsync(search.DownloadLinks[chosen.Id]);

        Assert.Equal(FileListOutcome.Success, first.Outcome);
        var entry = _fake.Torrents.Single(t => t.Id == chosen.Id);
        Assert.Equal(FakeFileList.InfoHashOf(entry), first.Torrent!.InfoHash);
        Assert.Equal(first.Torrent.InfoHash, second.Torrent!.InfoHash);
        Assert.Equal(chosen.Name, first.Torrent.Name);
        Assert.Equal(chosen.SizeBytes, first.Torrent.TotalSize);
        Assert.Equal(first.Torrent, TorrentFile.Parse(first.Content));
        Assert.Equal(2, _fake.DownloadRequests);
        Assert.Equal(1, _fake.SearchRequests);
    }

    [Fact]
    public async Task A_download_link_answering_an_html_page_is_not_a_torrent()
    {
        _fake.Fault = FakeFileListFault.DownloadAnswersHtml;

        var result = await Client().DownloadTorrentAsync(_fake.DownloadLinkFor(600001));

        Assert.Equal(FileListOutcome.NotATorrent, result.Outcome);
        Assert.Equal("download link answered an HTML page, not a torrent", result.Error);
        Assert.Null(result.Content);
    }

    [Fact]
    public async Task A_download_link_with_a_stale_passkey_gets_the_login_page()
    {
        var stale = new Uri(_fake.BaseUrl, "download.php?id=600001&passkey=00000000000000000000000000000000");

        var result = await Client().DownloadTorrentAsync(stale);

        Assert.Equal(FileListOutcome.NotATorrent, result.Outcome);
    }

    [Fact]
    public async Task A_download_link_for_a_vanished_torrent_is_a_bad_request()
    {
        var result = await Client().DownloadTorrentAsync(_fake.DownloadLinkFor(1));

        Assert.Equal(FileListOutcome.BadRequest, result.Outcome);
        Assert.Contains("HTTP 404", result.Error);
    }

    [Fact]
    public async Task A_download_server_error_is_transient()
    {
        _fake.Fault = FakeFileListFault.ServerError;

        var result = await Client().DownloadTorrentAsync(_fake.DownloadLinkFor(600001));

        Assert.Equal(FileListOutcome.ServerError, result.Outcome);
        Assert.True(result.IsTransient);
    }
}
