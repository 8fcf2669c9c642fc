using System.Security.Cryptography;
using System.Text;
using MovieSync.Clients.Torrents;
using MovieSync.Simulators.FileList;
using Xunit;

namespace MovieSync.Grabbing.Tests.Torrents;

public sealed class TorrentFileSpecs
{
    private static byte[] Fixture(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "Torrents", name));

    [Fact]
    public void Reads_a_multi_file_torrent_made_by_mktorrent()
    {
        var torrent = TorrentFile.Parse(Fixture("sample-multifile.torrent"));

        // Hash computed independently with Python's hashlib (see Fixtures/Torrents/README.md).
        Assert.Equal("0e46b55d479e1f881c38f5362d58a1502ea4ddbb", torrent.InfoHash);
        Assert.Equal("Big.Buck.Bunny.2008.720p", torrent.Name);
        Assert.Equal(70028, torrent.TotalSize);
        Assert.Equal(2, torrent.FileCount);
        Assert.True(torrent.IsPrivate);
    }

    [Fact]
    public void Reads_a_single_file_torrent_made_by_mktorrent()
    {
        var torrent = TorrentFile.Parse(Fixture("sample-singlefile.torrent"));

        Assert.Equal("35c2ab6f427d5643dcfde21fdbe9b5a679774c28", torrent.InfoHash);
        Assert.Equal("readme.txt", torrent.Name);
        Assert.Equal(28, torrent.TotalSize);
        Assert.Equal(1, torrent.FileCount);
        Assert.False(torrent.IsPrivate);
    }

    [Fact]
    public void The_hash_covers_only_the_info_dictionary()
    {
        var original = Fixture("sample-singlefile.torrent");
        var otherTracker = Encoding.Latin1.GetBytes(Encoding.Latin1.GetString(original).Replace("tracker.example.invalid", "tracker.example.changed"));
        var otherInfo = Encoding.Latin1.GetBytes(Encoding.Latin1.GetString(original).Replace("readme.txt", "README.txt"));

        Assert.Equal(TorrentFile.Parse(original).InfoHash, TorrentFile.Parse(otherTracker).InfoHash);
        Assert.NotEqual(TorrentFile.Parse(original).InfoHash, TorrentFile.Parse(otherInfo).InfoHash);
    }

    [Theory]
    [InlineData("<!DOCTYPE html><html><body>Login</body></html>", "unexpected byte")]
    [InlineData("li1ee", "must be a bencoded dictionary")]
    [InlineData("d8:announce3:urle", "no 'info' dictionary")]
    [InlineData("d4:infoi1ee", "no 'info' dictionary")]
    [InlineData("d4:infod6:lengthi1eee", "no 'name'")]
    [InlineData("d4:infod4:name1:xee", "neither 'length' nor 'files'")]
    [InlineData("d4:infod5:filesld4:pathl1:aeee4:name1:xee", "no valid 'length'")]
    [InlineData("d4:infod6:lengthi-5e4:name1:xee", "negative")]
    [InlineData("d4:infod6:lengthi5e4:name1:xe", "unterminated dictionary")]
    public void Rejects_what_is_not_a_torrent(string input, string reason)
    {
        var torrent = TorrentFile.TryParse(Encoding.ASCII.GetBytes(input), out var error);

        Assert.Null(torrent);
        Assert.Contains(reason, error);
    }

    [Fact]
    public void A_truncated_real_torrent_is_rejected()
    {
        var bytes = Fixture("sample-multifile.torrent");

        Assert.Throws<BencodeFormatException>(() => TorrentFile.Parse(bytes.AsSpan(0, bytes.Length - 3)));
    }

    [Fact]
    public void Fake_torrents_are_deterministic_and_hash_as_advertised()
    {
        var entry = FakeFileListCatalogue.Default[0];

        var first = FakeTorrentFiles.Build(entry, "http://a.invalid/announce?passkey=one");
        var second = FakeTorrentFiles.Build(entry, "http://b.invalid/announce?passkey=two");
        var parsed = TorrentFile.Parse(first);

        Assert.Equal(TorrentFile.Parse(second).InfoHash, parsed.InfoHash);
        Assert.Equal(FakeTorrentFiles.InfoHashOf(entry), parsed.InfoHash);
        Assert.Equal(entry.Name, parsed.Name);
        Assert.Equal(entry.SizeBytes, parsed.TotalSize);
        Assert.NotEqual(parsed.InfoHash, FakeTorrentFiles.InfoHashOf(FakeFileListCatalogue.Default[1]));
        Assert.Equal(40, parsed.InfoHash.Length);
        Assert.Equal(parsed.InfoHash, Convert.ToHexStringLower(SHA1.HashData(ExtractInfo(first))));
    }

    // Independent of TorrentFile: the writer emits "4:info" as the last key, so the info value runs to the final 'e'.
    private static byte[] ExtractInfo(byte[] torrent)
    {
        var text = Encoding.Latin1.GetString(torrent);
        var start = text.IndexOf("4:infod", StringComparison.Ordinal) + "4:info".Length;
        return torrent[start..^1];
    }
}
