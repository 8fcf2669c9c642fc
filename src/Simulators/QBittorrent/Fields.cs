using Microsoft.AspNetCore.Http;

namespace MovieSync.Simulators.QBittorrent;

/// <summary>Request parameters as qBittorrent sees them: query string plus url-encoded or multipart body.</summary>
internal sealed class Fields
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public IReadOnlyList<IFormFile> Files { get; private set; } = [];

    public string? Get(string name) => _values.GetValueOrDefault(name);

    public static async Task<Fields> ReadAsync(HttpRequest request)
    {
        var fields = new Fields();
        foreach (var (key, value) in request.Query)
            fields._values[key] = value.ToString();
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync();
            foreach (var (key, value) in form)
                fields._values[key] = value.ToString();
            // Any part with a filename is a torrent, whatever its field name (requestparser.cpp).
            fields.Files = form.Files.ToList();
        }
        return fields;
    }

    public static async Task<byte[]> ReadFileAsync(IFormFile file)
    {
        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer);
        return buffer.ToArray();
    }
}
