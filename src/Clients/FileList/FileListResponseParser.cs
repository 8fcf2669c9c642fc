using System.Globalization;
using System.Text.Json;
using MovieSync.Messages;

namespace MovieSync.Clients.FileList;

/// <summary>
/// Reads FileList's search JSON leniently: flags as 0/1, booleans or strings, ids and sizes as numbers or strings,
/// <c>imdb</c> null or without <c>tt</c>, and an <c>{"error": ...}</c> object even with HTTP 200.
/// </summary>
public static class FileListResponseParser
{
    /// <summary>Parses a search body that came with HTTP 200.</summary>
    public static FileListSearchResult ParseSearch(string body)
    {
        JsonDocument document;
        try { document = JsonDocument.Parse(body); }
        catch (JsonException) { return Unparsable(body); }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && ErrorOf(root) is { } error)
                return FileListErrors.FromErrorMessage(error);
            if (root.ValueKind != JsonValueKind.Array) return Unparsable(body);

            var torrents = new List<FileListTorrent>();
            var links = new Dictionary<long, Uri>();
            foreach (var element in root.EnumerateArray())
            {
                // A result without id, name or link cannot be grabbed; skipping it beats failing the whole search.
                if (ReadTorrent(element) is not var (torrent, link)) continue;
                torrents.Add(torrent);
                links[torrent.Id] = link;
            }
            if (torrents.Count == 0 && root.GetArrayLength() > 0) return Unparsable(body);
            return FileListSearchResult.Found(torrents, links);
        }
    }

    /// <summary>The <c>error</c> message of an error body, or null when the body is not one.</summary>
    public static string? ParseErrorMessage(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object ? ErrorOf(document.RootElement) : null;
        }
        catch (JsonException) { return null; }
    }

    private static string? ErrorOf(JsonElement root)
    {
        if (!root.TryGetProperty("error", out var error)) return null;
        // movie_sync expects {"error": 429, "message": "..."}: keep both parts.
        var message = root.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
        var text = error.ValueKind switch
        {
            JsonValueKind.String => error.GetString(),
            JsonValueKind.Number => error.GetRawText(),
            _ => null,
        };
        return (text, message) switch
        {
            (null, null) => null,
            (null, _) => message,
            (_, null) => text,
            _ => $"{text}: {message}",
        };
    }

    private static (FileListTorrent Torrent, Uri Link)? ReadTorrent(JsonElement e)
    {
        if (e.ValueKind != JsonValueKind.Object) return null;
        var id = Long(e, "id");
        var name = ServiceText.Clean(Text(e, "name"));
        var link = Text(e, "download_link");
        if (id is null || string.IsNullOrWhiteSpace(name) || !Uri.TryCreate(link, UriKind.Absolute, out var downloadLink)) return null;
        var category = ServiceText.Clean(Text(e, "category")) ?? "";
        var torrent = new FileListTorrent
        {
            Id = id.Value,
            Name = name,
            ImdbId = ImdbIdOf(Text(e, "imdb")),
            Category = category,
            CategoryId = FileListCategories.IdOf(category),
            SizeBytes = Long(e, "size") ?? 0,
            Seeders = (int)(Long(e, "seeders") ?? 0),
            Leechers = (int)(Long(e, "leechers") ?? 0),
            TimesCompleted = (int)(Long(e, "times_completed") ?? 0),
            Files = (int)(Long(e, "files") ?? 0),
            Freeleech = Flag(e, "freeleech"),
            DoubleUp = Flag(e, "doubleup"),
            Internal = Flag(e, "internal"),
            Moderated = Flag(e, "moderated"),
            UploadedAt = RomanianTime.Parse(Text(e, "upload_date")),
            SmallDescription = ServiceText.Clean(Text(e, "small_description")),
        };
        return (torrent, downloadLink);
    }

    /// <summary>Normalises an IMDb id to <c>tt</c> + digits; null for anything else.</summary>
    public static string? ImdbIdOf(string? raw)
    {
        var text = raw?.Trim();
        if (string.IsNullOrEmpty(text)) return null;
        if (text.StartsWith("tt", StringComparison.OrdinalIgnoreCase)) text = text[2..];
        return text.Length > 0 && text.All(char.IsAsciiDigit) && text.Any(c => c != '0')
            ? "tt" + (text.Length < 7 ? text.PadLeft(7, '0') : text)
            : null;
    }

    private static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) ? v.ValueKind switch
        {
            JsonValueKind.String => v.GetString(),
            JsonValueKind.Number => v.GetRawText(),
            _ => null,
        } : null;

    private static long? Long(JsonElement e, string name)
    {
        if (!e.TryGetProperty(name, out var v)) return null;
        if (v.ValueKind == JsonValueKind.Number)
            return v.TryGetInt64(out var n) ? n : v.TryGetDouble(out var d) ? (long)d : null;
        return v.ValueKind == JsonValueKind.String
               && long.TryParse(v.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed)
            ? parsed
            : null;
    }

    private static bool Flag(JsonElement e, string name)
    {
        if (!e.TryGetProperty(name, out var v)) return false;
        return v.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.Number => v.TryGetDouble(out var d) && d != 0,
            JsonValueKind.String => v.GetString()?.Trim().ToLowerInvariant() is "1" or "true" or "yes",
            _ => false,
        };
    }

    private static FileListSearchResult Unparsable(string body) =>
        FileListSearchResult.Failed(FileListOutcome.Unparsable, $"FileList answered something that is not its search JSON: {FileListErrors.Snippet(body)}");
}
