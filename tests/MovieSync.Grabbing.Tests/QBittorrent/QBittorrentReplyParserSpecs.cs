using MovieSync.Clients.QBittorrent;
using Xunit;

namespace MovieSync.Grabbing.Tests.QBittorrent;

/// <summary>Parsing of replies captured from qbittorrent-nox 4.5.2 and of the 5.x variants.</summary>
public sealed class QBittorrentReplyParserSpecs
{
    // Captured from qbittorrent-nox 4.5.2 right after a paused add.
    private const string Info452 = """
        [{"added_on":1795603604,"amount_left":100000,"auto_tmm":false,"availability":-1,"category":"movies2","completed":0,"completion_on":0,"content_path":"film.mkv","dl_limit":0,"dlspeed":0,"download_path":"","downloaded":0,"downloaded_session":0,"eta":8640000,"f_l_piece_prio":false,"force_start":false,"hash":"394ed9169f36ca29242b64c0d20a70fba20552f3","infohash_v1":"394ed9169f36ca29242b64c0d20a70fba20552f3","infohash_v2":"","last_activity":1795603604,"magnet_uri":"magnet:?xt=urn:btih:394ed9169f36ca29242b64c0d20a70fba20552f3&dn=film.mkv","max_ratio":-1,"max_seeding_time":-1,"name":"film.mkv","num_complete":0,"num_incomplete":0,"num_leechs":0,"num_seeds":0,"priority":1,"progress":0,"ratio":0,"ratio_limit":-2,"save_path":"/tmp/dl","seeding_time":0,"seeding_time_limit":-2,"seen_complete":0,"seq_dl":false,"size":100000,"state":"checkingResumeData","super_seeding":false,"tags":"lb:x, moviesync","time_active":0,"total_size":100000,"tracker":"","trackers_count":1,"up_limit":0,"uploaded":0,"uploaded_session":0,"upspeed":0}]
        """;

    [Fact]
    public void Parses_a_4_5_torrent_entry()
    {
        var torrent = Assert.Single(QBittorrentReplyParser.ParseTorrents(Info452));

        Assert.Equal("394ed9169f36ca29242b64c0d20a70fba20552f3", torrent.Hash);
        Assert.Equal("film.mkv", torrent.Name);
        Assert.Equal("movies2", torrent.Category);
        Assert.Equal(["lb:x", "moviesync"], torrent.Tags);
        Assert.Equal("/tmp/dl", torrent.SavePath);
        Assert.Equal(100_000, torrent.Size);
        Assert.Equal(TorrentStatus.Checking, torrent.Status);
        Assert.Null(torrent.Eta);
        Assert.Null(torrent.CompletedOn);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1795603604), torrent.AddedOn);
    }

    [Fact]
    public void Tolerates_5_x_shapes_negative_completion_and_fractional_progress()
    {
        const string json = """[{"hash":"ABCDEF0123456789ABCDEF0123456789ABCDEF01","progress":0.25,"state":"stoppedDL","eta":120,"completion_on":-1,"dlspeed":2048.0,"tags":"","isPrivate":true}]""";

        var torrent = Assert.Single(QBittorrentReplyParser.ParseTorrents(json));

        Assert.Equal("abcdef0123456789abcdef0123456789abcdef01", torrent.Hash);
        Assert.Equal(0.25, torrent.Progress);
        Assert.Equal(TorrentStatus.Paused, torrent.Status);
        Assert.Equal(TimeSpan.FromMinutes(2), torrent.Eta);
        Assert.Null(torrent.CompletedOn);
        Assert.Equal(2048, torrent.DownloadSpeed);
        Assert.Empty(torrent.Tags);
    }

    [Theory]
    [InlineData("<html>WebUI</html>")]
    [InlineData("{\"hash\":\"x\"}")]
    [InlineData("[{\"name\":\"no hash\"}]")]
    public void Refuses_replies_that_are_not_a_torrent_list(string body) =>
        Assert.Throws<FormatException>(() => QBittorrentReplyParser.ParseTorrents(body));

    [Fact]
    public void Parses_categories_with_and_without_download_path()
    {
        var categories = QBittorrentReplyParser.ParseCategories(
            """{"movies":{"name":"movies","savePath":"/data/movies","download_path":false},"tv":{"name":"tv","savePath":""}}""");

        Assert.Equal(new QBittorrentCategory(Name: "movies", SavePath: "/data/movies"), categories["movies"]);
        Assert.Equal("", categories["tv"].SavePath);
    }

    [Theory]
    [InlineData(200, "Ok.", true)]
    [InlineData(200, "Fails.", false)]
    [InlineData(200, """{"success_count":1,"failure_count":0,"pending_count":0,"added_torrent_ids":["a"]}""", true)]
    [InlineData(202, """{"success_count":0,"failure_count":0,"pending_count":1,"added_torrent_ids":[]}""", true)]
    [InlineData(409, """{"success_count":0,"failure_count":1,"pending_count":0,"added_torrent_ids":[]}""", false)]
    [InlineData(200, "<html>", null)]
    [InlineData(500, "Ok.", null)]
    public void Reads_every_generation_of_add_reply(int status, string body, bool? accepted) =>
        Assert.Equal(accepted, QBittorrentReplyParser.ParseAddAccepted(status, body));

    [Fact]
    public void Connection_text_never_shows_the_password()
    {
        var connection = new QBittorrentConnection(new Uri("http://127.0.0.1:8080"), "admin", "hunter2-secret");

        Assert.DoesNotContain("hunter2-secret", connection.ToString());
        Assert.Equal("http://127.0.0.1:8080/", connection.BaseUrl.AbsoluteUri);
        Assert.Throws<ArgumentException>(() => new QBittorrentConnection(new Uri("http://admin:pw@127.0.0.1:8080"), "admin", "pw"));
    }
}
