using MovieSync.Clients.QBittorrent;
using Xunit;

namespace MovieSync.Grabbing.Tests.QBittorrent;

/// <summary>The client when the real qbittorrent-nox goes away, comes back, or bans us (own instances, not shared).</summary>
public sealed class QBittorrentOutageSpecs
{
    [Fact]
    public async Task A_stopped_qbittorrent_is_unreachable_and_works_again_once_restarted()
    {
        var qbt = new QBittorrentNox();
        try
        {
            await qbt.StartAsync();
            RecordingHandler? recorder = null;
            using var client = new QBittorrentClient(qbt.Connection(), new QBittorrentClientOptions
            {
                RequestTimeout = TimeSpan.FromSeconds(5),
                DecorateHandler = inner => recorder = new RecordingHandler(inner),
            });
            await client.GetVersionAsync();

            await qbt.StopAsync();
            var down = await Assert.ThrowsAsync<QBittorrentException>(() => client.GetTorrentsAsync());
            await qbt.StartAsync();
            var torrents = await client.GetTorrentsAsync();

            Assert.Equal(QBittorrentFailure.Unreachable, down.Failure);
            Assert.True(down.IsTransient);
            Assert.Contains(qbt.BaseUrl.Authority, down.Message);
            Assert.Empty(torrents);
            // The restarted process forgot the session: one 403, one new login, then the answer.
            Assert.Equal([("/api/v2/torrents/info", 403), ("/api/v2/auth/login", 200), ("/api/v2/torrents/info", 200)],
                recorder!.Requests.TakeLast(3));
        }
        finally
        {
            await qbt.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_banned_address_gets_a_banned_error_distinct_from_rejected_credentials()
    {
        var qbt = QBittorrentNox.WithPreferences("WebUI\\MaxAuthenticationFailCount=1");
        try
        {
            await qbt.StartAsync();
            using var wrong = new QBittorrentClient(qbt.Connection("not-the-password"));
            using var right = new QBittorrentClient(qbt.Connection());

            var rejected = await Assert.ThrowsAsync<QBittorrentException>(() => wrong.LoginAsync());
            var banned = await Assert.ThrowsAsync<QBittorrentException>(() => right.LoginAsync());

            Assert.Equal(QBittorrentFailure.CredentialsRejected, rejected.Failure);
            Assert.Equal(QBittorrentFailure.Banned, banned.Failure);
            Assert.Contains("banned", banned.Message);
            // A ban is not sticky in the client: it lifts on qBittorrent's side after a while.
            Assert.False(right.CredentialsRejected);
        }
        finally
        {
            await qbt.DisposeAsync();
        }
    }
}
