using MovieSync.Clients.QBittorrent;

namespace MovieSync.Grabbing.Tests.QBittorrent;

/// <summary>
/// Waits on the real qbittorrent-nox, which answers <c>torrents/add</c> before it lists the torrent (the add is
/// queued; on a loaded machine <c>torrents/info</c> right after it can still be empty).
/// </summary>
internal static class NoxWaits
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    /// <summary>The torrent as soon as qBittorrent lists it; fails the spec if it is not listed within 15 s.</summary>
    public static async Task<QBittorrentTorrent> ListedAsync(QBittorrentClient client, string hash)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            if (await client.FindTorrentAsync(hash) is { } torrent)
                return torrent;
            if (DateTime.UtcNow > deadline)
                throw new Xunit.Sdk.XunitException($"{hash} is not listed {Patience.TotalSeconds:0} s after it was added");
            await Task.Delay(50);
        }
    }

    /// <summary>The torrent once listed and out of the checking states (or as it is after 15 s more).</summary>
    public static async Task<QBittorrentTorrent> SettledAsync(QBittorrentClient client, string hash)
    {
        var torrent = await ListedAsync(client, hash);
        var deadline = DateTime.UtcNow + Patience;
        while (torrent.Status is TorrentStatus.Checking && DateTime.UtcNow <= deadline)
        {
            await Task.Delay(50);
            torrent = await ListedAsync(client, hash);
        }
        return torrent;
    }
}
