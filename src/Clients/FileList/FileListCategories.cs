namespace MovieSync.Clients.FileList;

/// <summary>FileList's category table: the API filters by id but answers with the name (formats.md §3.4).</summary>
public static class FileListCategories
{
    private static readonly Dictionary<int, string> NamesById = new()
    {
        [1] = "Filme SD", [2] = "Filme DVD", [3] = "Filme DVD-RO", [4] = "Filme HD", [5] = "FLAC", [6] = "Filme 4K",
        [7] = "XXX", [8] = "Programe", [9] = "Jocuri PC", [10] = "Jocuri Console", [11] = "Audio", [12] = "Videoclip",
        [13] = "Sport", [14] = "TV", [15] = "Desene", [16] = "Docs", [17] = "Linux", [18] = "Diverse",
        [19] = "Filme HD-RO", [20] = "Filme Blu-Ray", [21] = "Seriale HD", [22] = "Mobile", [23] = "Seriale SD",
        [24] = "Anime", [25] = "Filme 3D", [26] = "Filme 4K Blu-Ray", [27] = "Seriale 4K", [28] = "RO Dubbed",
        [31] = "K-Drama",
    };

    private static readonly Dictionary<string, int> IdsByName =
        NamesById.ToDictionary(p => p.Value, p => p.Key, StringComparer.OrdinalIgnoreCase);

    /// <summary>The ids FileList files films under.</summary>
    public static IReadOnlyList<int> Movies { get; } = [1, 2, 3, 4, 6, 19, 20, 25, 26, 28];

    public static string? NameOf(int id) => NamesById.GetValueOrDefault(id);

    /// <summary>The id for a category name as the API returns it; a bare number is accepted too.</summary>
    public static int? IdOf(string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) return null;
        var trimmed = name.Trim();
        if (IdsByName.TryGetValue(trimmed, out var id)) return id;
        return int.TryParse(trimmed, out var number) && NamesById.ContainsKey(number) ? number : null;
    }
}
