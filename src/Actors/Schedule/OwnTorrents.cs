using MovieSync.Clients.QBittorrent;

namespace MovieSync.Actors.Schedule;

/// <summary>
/// MovieSync's own torrents in qBittorrent: those in its category that carry every one of its tags. Nothing else in
/// the client is ever paused, resumed or limited.
/// </summary>
public sealed class OwnTorrents(QBittorrentClient client, string category, IReadOnlyList<string> tags) : IDisposable
{
    public async Task<IReadOnlyList<string>> HashesAsync(CancellationToken ct)
    {
        var listed = await client.GetTorrentsAsync(category: category, tag: tags.Count > 0 ? tags[0] : null, ct: ct);
        return listed.Where(t => IsOwn(t, category, tags)).Select(t => t.Hash).ToList();
    }

    /// <summary>Whether qBittorrent's <paramref name="torrent"/> is one of MovieSync's: in its category, with all its tags.</summary>
    public static bool IsOwn(QBittorrentTorrent torrent, string category, IReadOnlyList<string> tags) =>
        torrent.Category == category && tags.All(tag => torrent.Tags.Contains(tag, StringComparer.Ordinal));

    /// <summary>Pauses them all; returns how many.</summary>
    public async Task<int> PauseAsync(CancellationToken ct)
    {
        var hashes = await HashesAsync(ct);
        await client.StopTorrentsAsync(hashes, ct);
        return hashes.Count;
    }

    /// <summary>Resumes them all; returns how many.</summary>
    public async Task<int> ResumeAsync(CancellationToken ct)
    {
        var hashes = await HashesAsync(ct);
        await client.StartTorrentsAsync(hashes, ct);
        return hashes.Count;
    }

    /// <summary>Sets the download limit of them all (bytes/s, 0: none); returns how many.</summary>
    public async Task<int> LimitAsync(long bytesPerSecond, CancellationToken ct)
    {
        var hashes = await HashesAsync(ct);
        await client.SetDownloadLimitAsync(hashes, bytesPerSecond, ct);
        return hashes.Count;
    }

    public void Dispose() => client.Dispose();
}
