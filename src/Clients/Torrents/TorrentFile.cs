using System.Security.Cryptography;

namespace MovieSync.Clients.Torrents;

/// <summary>
/// What MovieSync needs from a .torrent: its name, total size and v1 info-hash (SHA-1 of the exact bencoded
/// <c>info</c> dictionary, lowercase hex). The announce URL is deliberately not kept: FileList embeds the passkey in it.
/// </summary>
public sealed record TorrentFile(string Name, long TotalSize, string InfoHash, int FileCount, bool IsPrivate)
{
    /// <summary>Parses a .torrent; throws <see cref="BencodeFormatException"/> when it is not one.</summary>
    public static TorrentFile Parse(ReadOnlySpan<byte> bytes)
    {
        if (BencodeReader.Parse(bytes) is not BencodeDictionary root)
            throw new BencodeFormatException("a torrent must be a bencoded dictionary");
        if (root["info"] is not BencodeDictionary info)
            throw new BencodeFormatException("the torrent has no 'info' dictionary");
        if (info["name"] is not BencodeBytes name)
            throw new BencodeFormatException("the torrent's info has no 'name'");
        var (size, count) = SizeOf(info);
        var hash = Convert.ToHexStringLower(SHA1.HashData(bytes.Slice(info.Start, info.Length)));
        var isPrivate = info["private"] is BencodeInteger { Value: 1 };
        return new TorrentFile(ServiceText.Clean(name.Text), size, hash, count, isPrivate);
    }

    /// <summary>Like <see cref="Parse"/>, but answers null (with the reason) instead of throwing.</summary>
    public static TorrentFile? TryParse(ReadOnlySpan<byte> bytes, out string? error)
    {
        try
        {
            error = null;
            return Parse(bytes);
        }
        catch (BencodeFormatException e)
        {
            error = e.Message;
            return null;
        }
    }

    private static (long Size, int Count) SizeOf(BencodeDictionary info)
    {
        if (info["length"] is BencodeInteger single)
            return single.Value >= 0 ? (single.Value, 1) : throw new BencodeFormatException("negative 'length'");
        if (info["files"] is not BencodeList files)
            throw new BencodeFormatException("the torrent's info has neither 'length' nor 'files'");
        long total = 0;
        foreach (var file in files.Items)
        {
            if (file is not BencodeDictionary entry || entry["length"] is not BencodeInteger { Value: >= 0 } length)
                throw new BencodeFormatException("a 'files' entry has no valid 'length'");
            // A hostile file could sum past long.MaxValue and wrap to a small size.
            total = length.Value > long.MaxValue - total
                ? throw new BencodeFormatException("the files' lengths add up past any real size")
                : total + length.Value;
        }
        return (total, files.Items.Count);
    }
}
