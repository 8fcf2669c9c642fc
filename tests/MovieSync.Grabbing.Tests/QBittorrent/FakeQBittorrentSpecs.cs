using MovieSync.Clients.QBittorrent;
using MovieSync.Simulators.QBittorrent;
using Xunit;
using static MovieSync.Grabbing.Tests.QBittorrent.QBittorrentFlavorSpecs;

namespace MovieSync.Grabbing.Tests.QBittorrent;

/// <summary>Simulated download progress and the faults only the simulator can produce.</summary>
public sealed class FakeQBittorrentSpecs
{
    [Fact]
    public async Task A_download_progresses_with_time_until_it_is_complete()
    {
        var start = new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
        var clock = new ManualClock(start);
        await using var fake = await FakeQBittorrent.StartAsync(new FakeQBittorrentOptions { Clock = clock, DownloadBytesPerSecond = 10_000 });
        using var client = Client(fake);
        var torrent = TestTorrent.InMemory(size: 40_000);

        var added = (await client.EnsureAddedAsync(torrent.Bytes, torrent.InfoHash, new TorrentAddOptions { SavePath = "/srv/films" })).Torrent!;
        clock.Advance(TimeSpan.FromSeconds(2));
        var half = (await client.FindTorrentAsync(torrent.InfoHash))!;
        clock.Advance(TimeSpan.FromSeconds(3));
        var done = (await client.FindTorrentAsync(torrent.InfoHash))!;

        Assert.Equal(new { Progress = 0.0, Status = TorrentStatus.Downloading, Eta = (TimeSpan?)TimeSpan.FromSeconds(4) },
            new { added.Progress, added.Status, added.Eta });
        Assert.Equal(new { Progress = 0.5, DownloadSpeed = 10_000L, Eta = (TimeSpan?)TimeSpan.FromSeconds(2) },
            new { half.Progress, half.DownloadSpeed, half.Eta });
        Assert.Null(half.CompletedOn);
        Assert.Equal(new { Progress = 1.0, State = "stalledUP", Status = TorrentStatus.Complete }, new { done.Progress, done.State, done.Status });
        Assert.Equal(start.AddSeconds(4), done.CompletedOn);
        Assert.Equal($"/srv/films/{torrent.Name}", done.ContentPath);
    }

    [Fact]
    public async Task A_torrent_with_no_peers_stays_at_zero_in_stalledDL_while_another_downloads_and_delete_takes_it_out()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));
        var asked = new List<string>();
        await using var fake = await FakeQBittorrent.StartAsync(new FakeQBittorrentOptions
        {
            Clock = clock, DownloadBytesPerSecond = 10_000, HasNoPeers = name => { asked.Add(name); return name.StartsWith("Dead", StringComparison.Ordinal); },
        });
        using var client = Client(fake);
        var dead = TestTorrent.InMemory("Dead.Film.mkv", size: 40_000);
        var alive = TestTorrent.InMemory("Alive.Film.mkv", size: 40_000);
        await client.EnsureAddedAsync(dead.Bytes, dead.InfoHash, new TorrentAddOptions());
        await client.EnsureAddedAsync(alive.Bytes, alive.InfoHash, new TorrentAddOptions());

        clock.Advance(TimeSpan.FromSeconds(2));
        var stalled = (await client.FindTorrentAsync(dead.InfoHash))!;
        var moving = (await client.FindTorrentAsync(alive.InfoHash))!;

        Assert.Equal(["Dead.Film.mkv", "Alive.Film.mkv"], asked);
        Assert.Equal(new { Progress = 0.0, State = "stalledDL", Seeds = 0, DownloadSpeed = 0L, Status = TorrentStatus.Stalled },
            new { stalled.Progress, stalled.State, stalled.Seeds, stalled.DownloadSpeed, stalled.Status });
        Assert.Equal(0.5, moving.Progress);

        Assert.True(await client.DeleteTorrentAsync(dead.InfoHash, deleteFiles: true));
        Assert.Null(await client.FindTorrentAsync(dead.InfoHash));
        Assert.NotNull(await client.FindTorrentAsync(alive.InfoHash));
        Assert.False(await client.DeleteTorrentAsync(dead.InfoHash, deleteFiles: true)); // gone: nothing to delete
    }

    [Fact]
    public async Task A_torrent_with_missing_files_is_broken()
    {
        await using var fake = await FakeQBittorrent.StartAsync();
        using var client = Client(fake);
        var torrent = TestTorrent.InMemory();
        await client.EnsureAddedAsync(torrent.Bytes, torrent.InfoHash, new TorrentAddOptions());

        fake.BreakTorrent(torrent.InfoHash, "missingFiles");

        Assert.Equal(TorrentStatus.Broken, (await client.FindTorrentAsync(torrent.InfoHash))!.Status);
    }

    [Fact]
    public async Task A_file_that_is_not_a_torrent_is_refused_as_invalid()
    {
        await using var fake = await FakeQBittorrent.StartAsync();
        using var client = Client(fake);

        var error = await Assert.ThrowsAsync<QBittorrentException>(() =>
            client.AddTorrentAsync("<html>login required</html>"u8.ToArray(), new TorrentAddOptions()));

        Assert.Equal(QBittorrentFailure.InvalidTorrent, error.Failure);
        Assert.Equal(0, fake.TorrentCount);
    }

    [Theory]
    [InlineData(FakeQBittorrentFault.ServerError)]
    [InlineData(FakeQBittorrentFault.HtmlPage)]
    public async Task Garbage_replies_are_unexpected_not_success(FakeQBittorrentFault fault)
    {
        await using var fake = await FakeQBittorrent.StartAsync();
        using var client = Client(fake);
        await client.LoginAsync();

        fake.Fault = fault;
        var error = await Assert.ThrowsAsync<QBittorrentException>(() => client.GetTorrentsAsync());

        Assert.Equal(QBittorrentFailure.UnexpectedReply, error.Failure);
    }

    [Fact]
    public async Task A_hanging_qbittorrent_times_out_as_unreachable()
    {
        await using var fake = await FakeQBittorrent.StartAsync();
        using var client = Client(fake, timeout: TimeSpan.FromMilliseconds(200));
        fake.Fault = FakeQBittorrentFault.Hang;

        var error = await Assert.ThrowsAsync<QBittorrentException>(() => client.LoginAsync());

        Assert.Equal(QBittorrentFailure.Unreachable, error.Failure);
    }

    [Fact]
    public async Task A_category_created_meanwhile_by_someone_else_counts_as_existing()
    {
        await using var fake = await FakeQBittorrent.StartAsync();
        using var client = Client(fake, decorate: inner => new CreateCategoryFirst(inner));

        var created = await client.EnsureCategoryAsync("movies", "/srv/films");

        Assert.False(created); // qBittorrent answered 409 to our create, and the category is there
        Assert.Contains("movies", (await client.GetCategoriesAsync()).Keys);
    }

    [Fact]
    public async Task A_request_without_a_session_is_forbidden_and_a_foreign_referer_unauthorized()
    {
        await using var fake = await FakeQBittorrent.StartAsync();
        using var http = new HttpClient();

        using var noSession = await http.GetAsync(new Uri(fake.BaseUrl, "api/v2/torrents/info"));
        using var foreign = new HttpRequestMessage(HttpMethod.Get, new Uri(fake.BaseUrl, "api/v2/app/version"));
        foreign.Headers.Referrer = new Uri("http://evil.example/");
        using var foreignReply = await http.SendAsync(foreign);

        Assert.Equal(403, (int)noSession.StatusCode);
        Assert.Equal(401, (int)foreignReply.StatusCode);
    }

    /// <summary>Races the client: sends its createCategory once itself first, so the client's own gets 409.</summary>
    private sealed class CreateCategoryFirst(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            if (request.RequestUri!.AbsolutePath.EndsWith("/createCategory"))
            {
                using var copy = new HttpRequestMessage(HttpMethod.Post, request.RequestUri)
                {
                    Content = new StringContent(await request.Content!.ReadAsStringAsync(ct), System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"),
                };
                (await base.SendAsync(copy, ct)).Dispose();
            }
            return await base.SendAsync(request, ct);
        }
    }
}
