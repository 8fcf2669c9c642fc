using System.Security.Cryptography;
using System.Text;

namespace MovieSync.Simulators.QBittorrent;

/// <summary>What the simulator needs from a .torrent: v1 info-hash, name and total size.</summary>
internal sealed record TorrentFileSummary(string InfoHash, string Name, long Size);

/// <summary>Just enough bencode to identify a .torrent: walks the structure and hashes the raw <c>info</c> value.</summary>
internal static class TorrentFileReader
{
    public static TorrentFileSummary? TryRead(ReadOnlySpan<byte> data)
    {
        try
        {
            if (data.IsEmpty || data[0] != (byte)'d' || Skip(data, 0) != data.Length)
                return null;
            foreach (var (key, start, end) in Entries(data, 0))
            {
                if (key != "info" || data[start] != (byte)'d')
                    continue;
                var hash = Convert.ToHexStringLower(SHA1.HashData(data[start..end]));
                return Summarize(data, start, hash);
            }
            return null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static TorrentFileSummary? Summarize(ReadOnlySpan<byte> data, int info, string hash)
    {
        string? name = null;
        long size = 0;
        foreach (var (key, start, _) in Entries(data, info))
        {
            if (key == "name")
                name = ReadString(data, start, out _);
            else if (key == "length")
                size = ReadInteger(data, start);
            else if (key == "files" && data[start] == (byte)'l')
                size = SumFileLengths(data, start);
        }
        return name is null ? null : new TorrentFileSummary(hash, name, size);
    }

    private static long SumFileLengths(ReadOnlySpan<byte> data, int list)
    {
        long total = 0;
        var position = list + 1;
        while (At(data, position) != (byte)'e')
        {
            foreach (var (key, start, _) in Entries(data, position))
                if (key == "length")
                    total += ReadInteger(data, start);
            position = Skip(data, position);
        }
        return total;
    }

    /// <summary>Key, value start and value end of each entry of the dictionary at <paramref name="dict"/>.</summary>
    private static List<(string Key, int Start, int End)> Entries(ReadOnlySpan<byte> data, int dict)
    {
        if (At(data, dict) != (byte)'d')
            throw new FormatException("not a dictionary");
        var entries = new List<(string, int, int)>();
        var position = dict + 1;
        while (At(data, position) != (byte)'e')
        {
            var key = ReadString(data, position, out var valueStart);
            var valueEnd = Skip(data, valueStart);
            entries.Add((key, valueStart, valueEnd));
            position = valueEnd;
        }
        return entries;
    }

    /// <summary>Index just past the bencoded value starting at <paramref name="position"/>.</summary>
    private static int Skip(ReadOnlySpan<byte> data, int position)
    {
        switch (At(data, position))
        {
            case (byte)'i':
                return IndexOf(data, position, (byte)'e') + 1;
            case (byte)'l':
            case (byte)'d':
                position++;
                while (At(data, position) != (byte)'e')
                    position = Skip(data, position);
                return position + 1;
            default:
                ReadString(data, position, out var end);
                return end;
        }
    }

    private static string ReadString(ReadOnlySpan<byte> data, int position, out int end)
    {
        var colon = IndexOf(data, position, (byte)':');
        if (!int.TryParse(data[position..colon], out var length) || length < 0 || colon + 1 + length > data.Length)
            throw new FormatException("bad string length");
        end = colon + 1 + length;
        return Encoding.UTF8.GetString(data[(colon + 1)..end]);
    }

    private static long ReadInteger(ReadOnlySpan<byte> data, int position)
    {
        if (At(data, position) != (byte)'i')
            throw new FormatException("not an integer");
        var end = IndexOf(data, position, (byte)'e');
        return long.TryParse(data[(position + 1)..end], out var value) ? value : throw new FormatException("bad integer");
    }

    private static int IndexOf(ReadOnlySpan<byte> data, int from, byte value)
    {
        var offset = data[from..].IndexOf(value);
        return offset < 0 ? throw new FormatException("truncated") : from + offset;
    }

    private static byte At(ReadOnlySpan<byte> data, int position) =>
        position < data.Length ? data[position] : throw new FormatException("truncated");
}
