using System.Text;

namespace MovieSync.Clients.Torrents;

/// <summary>Parses bencode (BEP 3) strictly, remembering where each value lies in the input so hashes can use exact bytes.</summary>
public static class BencodeReader
{
    private const int MaxDepth = 64;

    /// <summary>Parses one value that must span the whole input.</summary>
    public static BencodeValue Parse(ReadOnlySpan<byte> input)
    {
        if (input.IsEmpty) throw new BencodeFormatException("empty input");
        var position = 0;
        var value = ReadValue(input, ref position, 0);
        if (position != input.Length)
            throw new BencodeFormatException($"{input.Length - position} trailing bytes after the value at offset {position}");
        return value;
    }

    private static BencodeValue ReadValue(ReadOnlySpan<byte> input, ref int position, int depth)
    {
        if (depth > MaxDepth) throw new BencodeFormatException("nesting is too deep");
        if (position >= input.Length) throw new BencodeFormatException("unexpected end of input");
        var start = position;
        BencodeValue value = input[position] switch
        {
            (byte)'i' => ReadInteger(input, ref position),
            (byte)'l' => ReadList(input, ref position, depth),
            (byte)'d' => ReadDictionary(input, ref position, depth),
            >= (byte)'0' and <= (byte)'9' => new BencodeBytes(ReadBytes(input, ref position)),
            var other => throw new BencodeFormatException($"unexpected byte 0x{other:x2} at offset {position}"),
        };
        return value with { Start = start, Length = position - start };
    }

    private static BencodeInteger ReadInteger(ReadOnlySpan<byte> input, ref int position)
    {
        var end = input[(position + 1)..].IndexOf((byte)'e');
        if (end < 0) throw new BencodeFormatException($"unterminated integer at offset {position}");
        var digits = input.Slice(position + 1, end);
        var negative = digits.Length > 0 && digits[0] == '-';
        var body = negative ? digits[1..] : digits;
        // BEP 3: no leading zeros, no "-0", at least one digit.
        if (body.IsEmpty || body.ContainsAnyExceptInRange((byte)'0', (byte)'9') || (body[0] == '0' && (body.Length > 1 || negative)))
            throw new BencodeFormatException($"malformed integer at offset {position}");
        if (!long.TryParse(Encoding.ASCII.GetString(digits), out var value))
            throw new BencodeFormatException($"integer out of range at offset {position}");
        position += end + 2;
        return new BencodeInteger(value);
    }

    private static byte[] ReadBytes(ReadOnlySpan<byte> input, ref int position)
    {
        var colon = input[position..].IndexOf((byte)':');
        if (colon < 0) throw new BencodeFormatException($"string length without ':' at offset {position}");
        var lengthDigits = input.Slice(position, colon);
        if (lengthDigits.ContainsAnyExceptInRange((byte)'0', (byte)'9') || (lengthDigits.Length > 1 && lengthDigits[0] == '0')
            || !int.TryParse(Encoding.ASCII.GetString(lengthDigits), out var length))
            throw new BencodeFormatException($"malformed string length at offset {position}");
        var dataStart = position + colon + 1;
        if (length > input.Length - dataStart)
            throw new BencodeFormatException($"string at offset {position} runs past the end of input");
        position = dataStart + length;
        return input.Slice(dataStart, length).ToArray();
    }

    private static BencodeList ReadList(ReadOnlySpan<byte> input, ref int position, int depth)
    {
        position++;
        var items = new List<BencodeValue>();
        while (true)
        {
            if (position >= input.Length) throw new BencodeFormatException("unterminated list");
            if (input[position] == 'e') { position++; return new BencodeList(items); }
            items.Add(ReadValue(input, ref position, depth + 1));
        }
    }

    private static BencodeDictionary ReadDictionary(ReadOnlySpan<byte> input, ref int position, int depth)
    {
        position++;
        var entries = new List<KeyValuePair<string, BencodeValue>>();
        while (true)
        {
            if (position >= input.Length) throw new BencodeFormatException("unterminated dictionary");
            if (input[position] == 'e') { position++; return new BencodeDictionary(entries); }
            if (input[position] is < (byte)'0' or > (byte)'9')
                throw new BencodeFormatException($"dictionary key at offset {position} is not a string");
            var key = Encoding.UTF8.GetString(ReadBytes(input, ref position));
            entries.Add(new(key, ReadValue(input, ref position, depth + 1)));
        }
    }
}
