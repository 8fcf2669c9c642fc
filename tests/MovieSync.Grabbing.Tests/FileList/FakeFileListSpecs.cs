using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using MovieSync.Simulators.FileList;
using Xunit;

namespace MovieSync.Grabbing.Tests.FileList;

/// <summary>The fake answers raw HTTP the way formats.md §3 says FileList does, whatever client asks.</summary>
public sealed class FakeFileListSpecs : IAsyncLifetime
{
    private readonly HttpClient _http = new();
    private FakeFileList _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeFileList.StartAsync();

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _fake.DisposeAsync();
    }

    private async Task<(HttpStatusCode Status, string? ContentType, string Body)> GetAsync(string pathAndQuery, bool basicAuth = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_fake.BaseUrl, pathAndQuery));
        if (basicAuth)
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{_fake.Username}:{_fake.Passkey}")));
        using var response = await _http.SendAsync(request);
        return (response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Accepts_query_credentials_and_an_encoded_comma_in_category()
    {
        var (status, type, body) = await GetAsync(
            $"api.php?action=search-torrents&type=imdb&query=tt1160419&category=4%2C19&username={_fake.Username}&passkey={_fake.Passkey}");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("application/json", type);
        using var json = JsonDocument.Parse(body);
        Assert.Equal(2, json.RootElement.GetArrayLength());
    }

    [Fact]
    public async Task Results_carry_every_documented_field_in_the_documented_shapes()
    {
        var (_, _, body) = await GetAsync("api.php?action=search-torrents&type=imdb&query=tt0133093&category=6", basicAuth: true);

        using var json = JsonDocument.Parse(body);
        var item = json.RootElement[0];
        foreach (var field in new[] { "id", "name", "imdb", "freeleech", "doubleup", "upload_date", "download_link", "size", "internal",
                     "moderated", "category", "seeders", "leechers", "times_completed", "comments", "files", "small_description" })
            Assert.True(item.TryGetProperty(field, out _), field);
        Assert.Equal(JsonValueKind.Number, item.GetProperty("freeleech").ValueKind);
        Assert.Equal("Filme 4K", item.GetProperty("category").GetString());
        Assert.Matches(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$", item.GetProperty("upload_date").GetString());
        Assert.EndsWith($"download.php?id={item.GetProperty("id").GetInt64()}&passkey={_fake.Passkey}", item.GetProperty("download_link").GetString());
    }

    [Fact]
    public async Task A_torrent_without_imdb_id_has_null_imdb()
    {
        var (_, _, body) = await GetAsync("api.php?action=search-torrents&type=name&query=Fatherland%202026", basicAuth: true);

        using var json = JsonDocument.Parse(body);
        Assert.Equal(JsonValueKind.Null, json.RootElement[0].GetProperty("imdb").ValueKind);
    }

    [Theory]
    [InlineData("api.php?action=search-torrents&type=imdb&query=tt0133093", HttpStatusCode.Unauthorized, "Username and passkey cannot be empty.")]
    [InlineData("api.php?action=search-torrents&type=imdb&query=tt0133093&username=moviesync&passkey=wrong", HttpStatusCode.Forbidden, "Invalid passkey/username!")]
    public async Task Credential_errors_are_json_error_objects(string pathAndQuery, HttpStatusCode expected, string message)
    {
        var (status, type, body) = await GetAsync(pathAndQuery);

        Assert.Equal(expected, status);
        Assert.Equal("application/json", type);
        Assert.Equal(message, JsonDocument.Parse(body).RootElement.GetProperty("error").GetString());
    }

    [Theory]
    [InlineData("api.php?action=nonsense")]
    [InlineData("api.php?action=search-torrents&type=imdb&query=not-an-id")]
    [InlineData("api.php?action=search-torrents&type=director&query=x")]
    [InlineData("api.php?action=search-torrents&type=imdb&query=tt0133093&category=four")]
    public async Task Bad_parameters_are_400_invalid_search(string pathAndQuery)
    {
        var (status, _, body) = await GetAsync(pathAndQuery, basicAuth: true);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("Invalid search/filter", body);
    }

    [Fact]
    public async Task Serves_torrents_as_application_x_bittorrent_and_counts_requests()
    {
        using var response = await _http.GetAsync(_fake.DownloadLinkFor(600001));
        var bytes = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal("application/x-bittorrent", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal((byte)'d', bytes[0]);
        Assert.Equal(1, _fake.DownloadRequests);
        Assert.Equal(0, _fake.SearchRequests);
    }

    [Fact]
    public async Task Logs_every_answered_request_with_its_arrival_what_it_asked_for_and_its_status()
    {
        var before = DateTimeOffset.UtcNow;
        await GetAsync("api.php?action=search-torrents&type=imdb&query=133093&category=4", basicAuth: true);
        await GetAsync("api.php?action=search-torrents&type=name&query=Fatherland%202026", basicAuth: true);
        await GetAsync("api.php?action=search-torrents&type=imdb&query=tt0133093"); // no credentials
        await _http.GetAsync(_fake.DownloadLinkFor(600001));
        await _http.GetAsync(_fake.DownloadLinkFor(42));
        var after = DateTimeOffset.UtcNow;

        var log = _fake.Requests;
        Assert.Equal(
            [
                (FakeFileListEndpoint.Search, "tt0133093", null, null, 200),
                (FakeFileListEndpoint.Search, null, "Fatherland 2026", null, 200),
                (FakeFileListEndpoint.Search, "tt0133093", null, null, 401),
                (FakeFileListEndpoint.Download, null, null, 600001L, 200),
                (FakeFileListEndpoint.Download, null, null, (long?)42L, 404),
            ],
            log.Select(r => (r.Endpoint, r.ImdbId, r.Name, r.TorrentId, r.Status)));
        Assert.All(log, r => Assert.InRange(r.At, before, after));
    }

    [Fact]
    public async Task Logs_each_request_under_the_account_whose_passkey_it_carries_and_keeps_a_budget_per_account()
    {
        const string second = "second";
        const string secondPasskey = "00112233445566778899aabbccddeeff";
        await using var fake = await FakeFileList.StartAsync(new FakeFileListOptions
        {
            RequestsPerHour = 1, OtherAccounts = new Dictionary<string, string> { [second] = secondPasskey },
        });
        async Task<HttpStatusCode> Get(Uri uri, string? username = null, string? passkey = null)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, uri);
            if (username is not null)
                request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{username}:{passkey}")));
            using var response = await _http.SendAsync(request);
            return response.StatusCode;
        }
        var search = new Uri(fake.BaseUrl, "api.php?action=search-torrents&type=imdb&query=tt0133093");

        await Get(search, fake.Username, fake.Passkey);
        await Get(search, fake.Username, fake.Passkey); // over the main account's budget of 1
        await Get(new Uri(fake.BaseUrl, $"api.php?action=search-torrents&type=imdb&query=tt0133093&username={second}&passkey={secondPasskey}"));
        await Get(search, second, "ffeeddccbbaa99887766554433221100"); // not its passkey
        await Get(fake.DownloadLinkFor(600001, secondPasskey));
        await Get(fake.DownloadLinkFor(600001, "ffeeddccbbaa99887766554433221100"));

        Assert.Equal(
            [
                (FakeFileListEndpoint.Search, FakeFileList.DefaultUsername, 200),
                (FakeFileListEndpoint.Search, FakeFileList.DefaultUsername, 429),
                (FakeFileListEndpoint.Search, second, 200),
                (FakeFileListEndpoint.Search, null, 403),
                (FakeFileListEndpoint.Download, second, 200),
                (FakeFileListEndpoint.Download, null, 200), // the login page, as FileList answers an unknown passkey
            ],
            fake.Requests.Select(r => (r.Endpoint, r.Account, r.Status)));
    }

    [Fact]
    public async Task A_revoked_passkey_is_refused_as_a_wrong_one_while_the_other_account_carries_on()
    {
        const string other = "other";
        const string otherPasskey = "00112233445566778899aabbccddeeff";
        await using var fake = await FakeFileList.StartAsync(new FakeFileListOptions
        {
            OtherAccounts = new Dictionary<string, string> { [other] = otherPasskey },
        });
        var served = new ConcurrentQueue<string>();
        var refused = new ConcurrentQueue<(string?, FakeFileListEndpoint, string)>();
        fake.TorrentServed += (username, _) => served.Enqueue(username);
        fake.CredentialsRefused += (username, endpoint, answer) => refused.Enqueue((username, endpoint, answer));
        Uri Search(string user, string passkey) =>
            new(fake.BaseUrl, $"api.php?action=search-torrents&type=imdb&query=tt0133093&username={user}&passkey={passkey}");

        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync(Search(other, otherPasskey))).StatusCode);
        using (var first = await _http.GetAsync(fake.DownloadLinkFor(600001, otherPasskey)))
            Assert.Equal("application/x-bittorrent", first.Content.Headers.ContentType?.MediaType);
        fake.RevokePasskey(other);

        using var search = await _http.GetAsync(Search(other, otherPasskey));
        Assert.Equal(HttpStatusCode.Forbidden, search.StatusCode);
        Assert.Equal("{\"error\":\"Invalid passkey/username!\"}", await search.Content.ReadAsStringAsync());
        using var download = await _http.GetAsync(fake.DownloadLinkFor(600001, otherPasskey));
        Assert.Equal("text/html", download.Content.Headers.ContentType?.MediaType); // FileList's login page
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync(Search(fake.Username, fake.Passkey))).StatusCode);
        using (var main = await _http.GetAsync(fake.DownloadLinkFor(600001)))
            Assert.Equal("application/x-bittorrent", main.Content.Headers.ContentType?.MediaType);

        Assert.True(fake.IsRevoked(other));
        Assert.False(fake.IsRevoked(fake.Username));
        Assert.Equal([other, fake.Username], served);
        Assert.Equal(
            [(other, FakeFileListEndpoint.Search, "403 {\"error\":\"Invalid passkey/username!\"}"),
             (other, FakeFileListEndpoint.Download, "200 with the login page instead of the .torrent")],
            refused);
        Assert.Throws<ArgumentException>(() => fake.RevokePasskey("nobody"));
    }

    [Fact]
    public async Task The_default_catalogue_has_the_well_known_films()
    {
        string[] ids = ["tt0133093", "tt0211915", "tt0110413", "tt0910970", "tt0114369", "tt0087182", "tt1160419"];

        Assert.All(ids, id => Assert.Contains(_fake.Torrents, t => t.ImdbId == id));
        Assert.True(_fake.Torrents.Select(t => t.ImdbId).Distinct().Count() >= 12);
        Assert.Equal(_fake.Torrents.Count, _fake.Torrents.Select(FakeFileList.InfoHashOf).Distinct().Count());
        await Task.CompletedTask;
    }
}
