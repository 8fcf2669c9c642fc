using System.Diagnostics.CodeAnalysis;
using MovieSync.Clients.FileList;

namespace MovieSync.Actors.FileList;

/// <summary>
/// The download links of the torrents an account's searches found: they embed the passkey, so they stay with the account
/// and a fetch names the torrent by its id. Only the newest searches' links are kept.
/// </summary>
internal sealed class DownloadLinks
{
    /// <summary>How many found torrents' download links are kept for a fetch (the newest searches' results).</summary>
    private const int LinksKept = 2000;

    private readonly Dictionary<long, Uri> _links = new();
    private readonly Queue<long> _linkOrder = new();

    public bool TryGet(long torrentId, [MaybeNullWhen(false)] out Uri link) => _links.TryGetValue(torrentId, out link);

    public void Remember(FileListSearchResult result)
    {
        foreach (var (id, link) in result.DownloadLinks)
        {
            if (_links.TryAdd(id, link))
                _linkOrder.Enqueue(id);
            else
                _links[id] = link;
        }

        while (_linkOrder.Count > LinksKept)
            _links.Remove(_linkOrder.Dequeue());
    }
}
