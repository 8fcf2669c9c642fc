using System.Security.Cryptography;
using System.Text;
using MovieSync.Clients.Torrents;

namespace MovieSync.Simulators.FileList;

/// <summary>Builds real, deterministic .torrent files for catalogue entries: the same entry always has the same info-hash.</summary>
public static class FakeTorrentFiles
{
    private const long PieceLength = 1L << 24;

    /// <summary>A private single-folder torrent whose one video file has the entry's size; the announce URL carries the passkey like FileList's.</summary>
    public static byte[] Build(FakeTorrent torrent, string announceUrl) =>
        BencodeWriter.Write(new BencodeDictionary(
            ("announce", new BencodeBytes(announceUrl)),
            ("comment", new BencodeBytes($"https://filelist.io/details.php?id={torrent.Id}")),
            ("created by", new BencodeBytes("MovieSync FakeFileList")),
            ("creation date", new BencodeInteger(torrent.UploadedAt.ToUnixTimeSeconds())),
            ("info", Info(torrent))));

    /// <summary>The info-hash <see cref="Build"/> produces for this entry, whatever the announce URL.</summary>
    public static string InfoHashOf(FakeTorrent torrent) =>
        Convert.ToHexStringLower(SHA1.HashData(BencodeWriter.Write(Info(torrent))));

    private static BencodeDictionary Info(FakeTorrent torrent)
    {
        var pieceCount = (int)Math.Max(1, (torrent.SizeBytes + PieceLength - 1) / PieceLength);
        var pieces = new byte[pieceCount * 20];
        // Stand-in piece hashes: derived from the id so they are stable, but they hash no real data.
        for (var i = 0; i < pieceCount; i++)
            SHA1.HashData(Encoding.ASCII.GetBytes($"{torrent.Id}:{i}"), pieces.AsSpan(i * 20, 20));
        var file = new BencodeDictionary(
            ("length", new BencodeInteger(torrent.SizeBytes)),
            ("path", new BencodeList([new BencodeBytes(torrent.Name + ".mkv")])));
        return new BencodeDictionary(
            ("files", new BencodeList([file])),
            ("name", new BencodeBytes(torrent.Name)),
            ("piece length", new BencodeInteger(PieceLength)),
            ("pieces", new BencodeBytes(pieces)),
            ("private", new BencodeInteger(1)),
            ("source", new BencodeBytes("FileList")));
    }
}
