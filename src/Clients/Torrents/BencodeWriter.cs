using System.Text;

namespace MovieSync.Clients.Torrents;

/// <summary>Writes bencode; dictionary keys are emitted sorted by their raw UTF-8 bytes, as BEP 3 requires.</summary>
public static class BencodeWriter
{
    public static byte[] Write(BencodeValue value)
    {
        using var stream = new MemoryStream();
        Write(stream, value);
        return stream.ToArray();
    }

    private static void Write(Stream output, BencodeValue value)
    {
        switch (value)
        {
            case BencodeBytes bytes:
                WriteBytes(output, bytes.Value);
                break;
            case BencodeInteger integer:
                WriteAscii(output, $"i{integer.Value}e");
                break;
            case BencodeList list:
                output.WriteByte((byte)'l');
                foreach (var item in list.Items) Write(output, item);
                output.WriteByte((byte)'e');
                break;
            case BencodeDictionary dictionary:
                output.WriteByte((byte)'d');
                var sorted = dictionary.Entries
                    .Select(e => (Key: Encoding.UTF8.GetBytes(e.Key), e.Value))
                    .OrderBy(e => e.Key, ByteOrder.Instance);
                foreach (var (key, item) in sorted)
                {
                    WriteBytes(output, key);
                    Write(output, item);
                }
                output.WriteByte((byte)'e');
                break;
            default:
                throw new ArgumentException($"unknown bencode value {value.GetType().Name}", nameof(value));
        }
    }

    private static void WriteBytes(Stream output, byte[] bytes)
    {
        WriteAscii(output, $"{bytes.Length}:");
        output.Write(bytes);
    }

    private static void WriteAscii(Stream output, string text) => output.Write(Encoding.ASCII.GetBytes(text));

    private sealed class ByteOrder : IComparer<byte[]>
    {
        public static readonly ByteOrder Instance = new();

        public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
    }
}
