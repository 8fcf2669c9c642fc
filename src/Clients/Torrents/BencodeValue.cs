using System.Text;

namespace MovieSync.Clients.Torrents;

/// <summary>One bencoded value; <see cref="Start"/> and <see cref="Length"/> locate its exact bytes in the parsed input.</summary>
public abstract record BencodeValue
{
    public int Start { get; init; }

    public int Length { get; init; }
}

/// <summary>A bencoded byte string (often, but not always, UTF-8 text).</summary>
public sealed record BencodeBytes(byte[] Value) : BencodeValue
{
    public BencodeBytes(string text) : this(Encoding.UTF8.GetBytes(text)) { }

    public string Text => Encoding.UTF8.GetString(Value);

    public override string ToString() => $"bytes[{Value.Length}]";
}

/// <summary>A bencoded integer.</summary>
public sealed record BencodeInteger(long Value) : BencodeValue;

/// <summary>A bencoded list.</summary>
public sealed record BencodeList(IReadOnlyList<BencodeValue> Items) : BencodeValue;

/// <summary>A bencoded dictionary; keys keep their input order (bencode requires them sorted as raw bytes).</summary>
public sealed record BencodeDictionary(IReadOnlyList<KeyValuePair<string, BencodeValue>> Entries) : BencodeValue
{
    public BencodeValue? this[string key] => Entries.FirstOrDefault(e => e.Key == key).Value;

    public BencodeDictionary(params (string Key, BencodeValue Value)[] entries)
        : this(entries.Select(e => new KeyValuePair<string, BencodeValue>(e.Key, e.Value)).ToList()) { }
}

/// <summary>The input is not valid bencode, or not the torrent it should be.</summary>
public sealed class BencodeFormatException(string message) : FormatException(message);
