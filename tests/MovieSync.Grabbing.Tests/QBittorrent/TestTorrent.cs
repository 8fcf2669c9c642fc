using System.Security.Cryptography;
using System.Text;

namespace MovieSync.Grabbing.Tests.QBittorrent;

/// <summary>A real single-file v1 .torrent over random content written to disk, with its info-hash.</summary>
internal sealed record TestTorrent(byte[] Bytes, string InfoHash, string Name, string ContentDirectory, long Size)
{
    private const int PieceLength = 16 * 1024;

    /// <summary>Writes <paramref name="size"/> random bytes as <paramref name="name"/> under <paramref name="directory"/> and builds its torrent.</summary>
    public static TestTorrent Create(string directory, string name = "Film.2024.1080p.mkv", int size = 40_000)
    {
        Directory.CreateDirectory(directory);
        var torrent = InMemory(name, size, out var content) with { ContentDirectory = directory };
        File.WriteAllBytes(Path.Combine(directory, name), content);
        return torrent;
    }

    /// <summary>A torrent whose content exists nowhere (for the simulator, which never reads content).</summary>
    public static TestTorrent InMemory(string name = "Film.2024.1080p.mkv", int size = 40_000) => InMemory(name, size, out _);

    private static TestTorrent InMemory(string name, int size, out byte[] content)
    {
        content = RandomNumberGenerator.GetBytes(size);

        var pieces = new MemoryStream();
        for (var offset = 0; offset < content.Length; offset += PieceLength)
            pieces.Write(SHA1.HashData(content.AsSpan(offset, Math.Min(PieceLength, content.Length - offset))));

        // Keys in sorted order, as bencode requires.
        var info = new Bencode().Dict()
            .Key("length").Int(size)
            .Key("name").Str(name)
            .Key("piece length").Int(PieceLength)
            .Key("pieces").Bytes(pieces.ToArray())
            .Key("private").Int(1)
            .End().ToArray();
        var torrent = new Bencode().Dict()
            .Key("announce").Str("http://tracker.invalid/announce.php?passkey=0123456789abcdef0123456789abcdef")
            .Key("info").Raw(info)
            .End().ToArray();
        return new TestTorrent(torrent, Convert.ToHexStringLower(SHA1.HashData(info)), name, "", size);
    }

    /// <summary>Minimal bencode writer for test torrents.</summary>
    private sealed class Bencode
    {
        private readonly MemoryStream _out = new();

        public Bencode Dict() => Raw("d"u8);
        public Bencode End() => Raw("e"u8);
        public Bencode Key(string key) => Str(key);
        public Bencode Str(string value) => Bytes(Encoding.UTF8.GetBytes(value));
        public Bencode Int(long value) => Raw(Encoding.ASCII.GetBytes($"i{value}e"));

        public Bencode Bytes(byte[] value)
        {
            Raw(Encoding.ASCII.GetBytes($"{value.Length}:"));
            return Raw(value);
        }

        public Bencode Raw(ReadOnlySpan<byte> bytes)
        {
            _out.Write(bytes);
            return this;
        }

        public byte[] ToArray() => _out.ToArray();
    }
}
