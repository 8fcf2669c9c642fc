using System.Globalization;
using MovieSync.Messages;

namespace MovieSync.Clients.FileList;

/// <summary>
/// Picks one torrent among search results: in a film category, enough seeders, not too big; then the first preferred
/// resolution that has any, freeleech first (if preferred), most seeders, smallest, lowest id. Pure and deterministic.
/// </summary>
public static class TorrentChooser
{
    /// <param name="stalledIds">FileList ids of torrents that stalled for this film before: never chosen again.</param>
    public static TorrentChoice Choose(IReadOnlyList<FileListTorrent> results, TorrentCriteria criteria,
        IReadOnlySet<long>? stalledIds = null)
    {
        if (results.Count == 0) return new TorrentChoice(null, null, "FileList found no torrents");

        var preference = criteria.Resolutions.Select(Resolutions.Canonical).OfType<string>().Distinct().ToList();
        var categories = criteria.Categories.ToHashSet();
        var rejected = new Dictionary<string, int>();
        var candidates = new List<(FileListTorrent Torrent, string Resolution, int Rank)>();
        foreach (var torrent in results)
        {
            var resolution = Resolutions.Detect(torrent.Name, torrent.Category);
            var why = stalledIds?.Contains(torrent.Id) == true ? "stalled before"
                : torrent.CategoryId is not { } id || !categories.Contains(id) ? $"not in categories {string.Join(',', criteria.Categories)}"
                : torrent.Seeders < criteria.MinSeeders ? $"fewer than {criteria.MinSeeders} seeders"
                : torrent.SizeBytes > criteria.MaxSizeBytes ? $"over {criteria.MaxSizeGb.ToString(CultureInfo.InvariantCulture)} GB"
                : resolution is null ? "no recognisable resolution"
                : !preference.Contains(resolution) ? $"resolution not in {string.Join(", ", preference)}"
                : null;
            if (why is null) candidates.Add((torrent, resolution!, preference.IndexOf(resolution!)));
            else rejected[why] = rejected.GetValueOrDefault(why) + 1;
        }

        if (candidates.Count == 0)
            return new TorrentChoice(null, null, $"none of the {Plural(results.Count, "result")} fits: {Summary(rejected)}");

        var best = candidates
            .OrderBy(c => c.Rank)
            .ThenByDescending(c => criteria.PreferFreeleech && c.Torrent.Freeleech)
            .ThenByDescending(c => c.Torrent.Seeders)
            .ThenBy(c => c.Torrent.SizeBytes)
            .ThenBy(c => c.Torrent.Id)
            .First();
        var reason = $"{best.Resolution}{(best.Torrent.Freeleech ? ", freeleech" : "")}, {Plural(best.Torrent.Seeders, "seeder")}, " +
                     $"{best.Torrent.SizeText}; best of {Plural(candidates.Count, "acceptable result")} out of {results.Count}";
        if (rejected.Count > 0) reason += $" ({Summary(rejected)})";
        return new TorrentChoice(best.Torrent, best.Resolution, reason);
    }

    private static string Summary(Dictionary<string, int> rejected) =>
        string.Join("; ", rejected.OrderByDescending(r => r.Value).ThenBy(r => r.Key, StringComparer.Ordinal).Select(r => $"{r.Value} {r.Key}"));

    private static string Plural(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";
}
