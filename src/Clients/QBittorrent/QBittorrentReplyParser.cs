using System.Globalization;
using System.Text.Json;

namespace MovieSync.Clients.QBittorrent;

/// <summary>A category as <c>torrents/categories</c> lists it.</summary>
public sealed record QBittorrentCategory(string Name, string SavePath);

/// <summary>Pure parsers for qBittorrent Web API replies; lenient about number shapes and missing fields.</summary>
public static class QBittorrentReplyParser
{
    /// <summary>qBittorrent's "infinite" ETA (100 days).</summary>
    public const long InfiniteEtaSeconds = 8_640_000;

    /// <summary>Parses a <c>torrents/info</c> JSON array. Throws FormatException on anything else.</summary>
    public static IReadOnlyList<QBittorrentTorrent> ParseTorrents(string json)
    {
        using var document = Parse(json);
        if (document.RootElement.ValueKind != JsonValueKind.Array)
            throw new FormatException("torrents/info did not return a JSON array");

        var torrents = new List<QBittorrentTorrent>();
        foreach (var item in document.RootElement.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object)
                throw new FormatException("torrents/info returned a non-object entry");
            torrents.Add(ParseTorrent(item));
        }
        return torrents;
    }

    /// <summary>Parses <c>torrents/categories</c>: an object keyed by category name.</summary>
    public static IReadOnlyDictionary<string, QBittorrentCategory> ParseCategories(string json)
    {
        using var document = Parse(json);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
            throw new FormatException("torrents/categories did not return a JSON object");

        var categories = new Dictionary<string, QBittorrentCategory>(StringComparer.Ordinal);
        foreach (var property in document.RootElement.EnumerateObject())
        {
            var value = property.Value;
            var name = value.ValueKind == JsonValueKind.Object ? Text(value, "name") : "";
            var savePath = value.ValueKind == JsonValueKind.Object ? Text(value, "savePath") : "";
            categories[property.Name] = new QBittorrentCategory(name.Length > 0 ? name : property.Name, savePath);
        }
        return categories;
    }

    /// <summary>Whether a <c>torrents/add</c> reply accepted anything: 4.x/5.0 text, 5.2 JSON counts, 409.</summary>
    public static bool? ParseAddAccepted(int statusCode, string body)
    {
        var text = body.Trim();
        if (statusCode == 409)
            return false;
        if (statusCode is not (200 or 202))
            return null;
        if (text == "Ok.")
            return true;
        if (text == "Fails.")
            return false;
        if (!text.StartsWith('{'))
            return null;
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            return Number(root, "success_count") + Number(root, "pending_count") > 0;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static QBittorrentTorrent ParseTorrent(JsonElement item)
    {
        var hash = Text(item, "hash").ToLowerInvariant();
        if (hash.Length == 0)
            throw new FormatException("torrents/info entry without a hash");

        var eta = Number(item, "eta");
        return new QBittorrentTorrent
        {
            Hash = hash,
            InfoHashV1 = Text(item, "infohash_v1").ToLowerInvariant(),
            Name = Text(item, "name"),
            Progress = Fraction(item, "progress"),
            State = Text(item, "state") is { Length: > 0 } state ? state : "unknown",
            DownloadSpeed = Number(item, "dlspeed"),
            DownloadLimit = Math.Max(0, Number(item, "dl_limit")),
            Eta = eta is >= 0 and < InfiniteEtaSeconds ? TimeSpan.FromSeconds(eta) : null,
            Downloaded = Number(item, "downloaded"),
            Seeds = (int)Math.Clamp(Number(item, "num_seeds"), 0, int.MaxValue),
            Size = Number(item, "size"),
            TotalSize = Number(item, "total_size"),
            AmountLeft = Number(item, "amount_left"),
            SavePath = Text(item, "save_path"),
            ContentPath = Text(item, "content_path"),
            Category = Text(item, "category"),
            Tags = SplitTags(Text(item, "tags")),
            AddedOn = Epoch(Number(item, "added_on")),
            CompletedOn = Epoch(Number(item, "completion_on")),
        };
    }

    /// <summary>torrents/info joins tags with ", ".</summary>
    public static IReadOnlyList<string> SplitTags(string tags) =>
        tags.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    private static JsonDocument Parse(string json)
    {
        try
        {
            return JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new FormatException("qBittorrent returned malformed JSON", e);
        }
    }

    private static DateTimeOffset? Epoch(long seconds) =>
        seconds > 0 ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null;

    /// <summary>A string field, cleaned of terminal escapes and control characters (names come from .torrent files).</summary>
    private static string Text(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? ServiceText.Clean(value.GetString()) ?? "" : "";

    private static long Number(JsonElement item, string name)
    {
        if (!item.TryGetProperty(name, out var value))
            return 0;
        return value.ValueKind switch
        {
            JsonValueKind.Number when value.TryGetInt64(out var whole) => whole,
            JsonValueKind.Number => (long)value.GetDouble(),
            JsonValueKind.String when long.TryParse(value.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ => 0,
        };
    }

    private static double Fraction(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number
            ? Math.Clamp(value.GetDouble(), 0.0, 1.0)
            : 0.0;
}
