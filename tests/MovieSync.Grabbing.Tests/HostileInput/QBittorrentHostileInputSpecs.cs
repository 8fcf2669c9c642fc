using MovieSync.Clients.QBittorrent;
using MovieSync.Clients.Torrents;
using MovieSync.Grabbing.Tests.QBittorrent;
using MovieSync.Simulators.QBittorrent;
using Xunit;
using static MovieSync.Grabbing.Tests.QBittorrent.QBittorrentFlavorSpecs;

namespace MovieSync.Grabbing.Tests.HostileInput;

/// <summary>qBittorrent replies that are too large, and torrent names that carry escapes (they come from .torrent files).</summary>
public sealed class QBittorrentHostileInputSpecs
{
    [Fact]
    public async Task A_reply_past_the_limit_sent_without_a_length_is_a_clear_failure_and_the_next_call_works()
    {
        await using var fake = await FakeQBittorrent.StartAsync();
        using var client = Client(fake);
        fake.Fault = FakeQBittorrentFault.OversizedReply;

        var refused = await Assert.ThrowsAsync<QBittorrentException>(() => client.GetTorrentsAsync(category: "movies"));

        Assert.Equal(QBittorrentFailure.UnexpectedReply, refused.Failure);
        Assert.Equal($"the reply of qBittorrent at {fake.BaseUrl} to /api/v2/torrents/info exceeds the 50 MB limit", refused.Message);
        fake.Fault = FakeQBittorrentFault.None;
        Assert.Empty(await client.GetTorrentsAsync(category: "movies"));
    }

    [Fact]
    public async Task A_torrent_name_with_terminal_escapes_is_listed_clean()
    {
        await using var fake = await FakeQBittorrent.StartAsync();
        using var client = Client(fake);
        var torrent = TestTorrent.InMemory("\u001b[2J\u001b[31mFilm.2024\r\n.1080p.mkv");

        await client.EnsureAddedAsync(torrent.Bytes, torrent.InfoHash, new TorrentAddOptions { Category = "movies" });
        var listed = Assert.Single(await client.GetTorrentsAsync(category: "movies"));

        Assert.Equal("Film.2024 .1080p.mkv", listed.Name);
        Assert.DoesNotContain('\u001b', listed.ContentPath);
    }

    [Fact]
    public async Task An_error_excerpt_from_a_reply_is_one_clean_line()
    {
        await using var fake = await FakeQBittorrent.StartAsync();
        using var client = Client(fake, decorate: inner => new HostileInfoReply(inner));

        var failed = await Assert.ThrowsAsync<QBittorrentException>(() => client.GetTorrentsAsync());

        Assert.EndsWith("(HTTP 500: boom second line)", failed.Message);
    }

    [Fact]
    public void Text_fields_of_torrents_info_are_read_clean()
    {
        const string json = """[{"hash":"aa","name":"ok","state":"\u001b]0;owned\u0007error\r\n"}]""";

        var torrent = Assert.Single(QBittorrentReplyParser.ParseTorrents(json));

        Assert.Equal("error", torrent.State);
    }

    [Fact]
    public void The_name_inside_a_torrent_file_is_read_clean()
    {
        var torrent = TorrentFile.Parse(TestTorrent.InMemory("Evil\u001b[31m.Film\u0007.mkv").Bytes);

        Assert.Equal("Evil.Film .mkv", torrent.Name);
    }

    /// <summary>Answers torrents/info with a 500 whose body tries to drive the terminal.</summary>
    private sealed class HostileInfoReply(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct) =>
            request.RequestUri!.AbsolutePath.EndsWith("/torrents/info")
                ? new HttpResponseMessage(System.Net.HttpStatusCode.InternalServerError)
                {
                    Content = new StringContent("\u001b[31mboom\u001b[0m\r\nsecond line\u001b]0;owned\u0007"),
                }
                : await base.SendAsync(request, ct);
    }
}
