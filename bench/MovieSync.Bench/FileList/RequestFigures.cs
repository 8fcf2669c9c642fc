using MovieSync.Simulators.FileList;

namespace MovieSync.Bench.FileList;

/// <summary>What FileList saw of the first sync, from the fake's request log (its own clock's stamps).</summary>
/// <param name="Refused">Requests answered anything but 200 (a 429 would mean FileList's own count was exceeded).</param>
/// <param name="WastedSearches">Searches of a film beyond the downloads of that film's releases: each reservation searches once and downloads at most once, so these are searches whose download never came.</param>
/// <param name="MostInAnyWindow">The most requests whose stamps fall in one window [t, t + window), for any t.</param>
/// <param name="ShortestSpanOverBudget">The shortest time in which one request more than the budget was made (at least the window, or the budget was exceeded); null when no more than the budget were made at all.</param>
/// <param name="GrabsPerHour">Films whose .torrent was downloaded in hour 1, 2, ... after the start.</param>
/// <param name="LastGrab">Simulated time from the start to the last film's .torrent download.</param>
internal sealed record RequestFigures(int Searches, int Downloads, int Refused, int FilmsGrabbed, int WastedSearches,
    int MostInAnyWindow, TimeSpan? ShortestSpanOverBudget, IReadOnlyList<int> GrabsPerHour, TimeSpan LastGrab)
{
    public int Requests => Searches + Downloads;

    public static RequestFigures Of(IReadOnlyList<FakeFileListRequest> requests, IReadOnlyDictionary<long, string> filmOfTorrent,
        DateTimeOffset start, TimeSpan window, int budget)
    {
        var searches = requests.Where(r => r.Endpoint == FakeFileListEndpoint.Search).ToList();
        var downloads = requests.Where(r => r.Endpoint == FakeFileListEndpoint.Download).ToList();
        var searchedFilms = searches.Where(r => r is { Status: 200, ImdbId: not null }).GroupBy(r => r.ImdbId!)
            .ToDictionary(g => g.Key, g => g.Count());
        var firstGrabs = downloads
            .Where(r => r.Status == 200 && r.TorrentId is { } id && filmOfTorrent.ContainsKey(id))
            .GroupBy(r => filmOfTorrent[r.TorrentId!.Value])
            .ToDictionary(g => g.Key, g => (Count: g.Count(), First: g.Min(r => r.At)));
        var wasted = searchedFilms.Sum(s => Math.Max(0, s.Value - (firstGrabs.TryGetValue(s.Key, out var d) ? d.Count : 0)));

        var perHour = new List<int>();
        foreach (var at in firstGrabs.Values.Select(g => g.First))
        {
            var hour = (int)((at - start).Ticks / TimeSpan.TicksPerHour);
            while (perHour.Count <= hour)
                perHour.Add(0);
            perHour[hour]++;
        }

        return new RequestFigures(searches.Count, downloads.Count, requests.Count(r => r.Status != 200), firstGrabs.Count, wasted,
            BusiestWindow(requests.Select(r => r.At), window), ShortestSpan(requests.Select(r => r.At), budget + 1), perHour,
            firstGrabs.Count == 0 ? TimeSpan.Zero : firstGrabs.Values.Max(g => g.First) - start);
    }

    /// <summary>The shortest time between the first and the last of <paramref name="count"/> consecutive stamps; null when there are fewer.</summary>
    public static TimeSpan? ShortestSpan(IEnumerable<DateTimeOffset> stamps, int count)
    {
        var sorted = stamps.Order().ToList();
        return sorted.Count < count ? null : Enumerable.Range(0, sorted.Count - count + 1).Min(i => sorted[i + count - 1] - sorted[i]);
    }

    /// <summary>The largest number of stamps in any half-open window [t, t + window): the budget frees a request exactly one window after it.</summary>
    public static int BusiestWindow(IEnumerable<DateTimeOffset> stamps, TimeSpan window)
    {
        var sorted = stamps.Order().ToList();
        var most = 0;
        var last = 0;
        for (var first = 0; first < sorted.Count; first++)
        {
            while (last < sorted.Count && sorted[last] < sorted[first] + window)
                last++;
            most = Math.Max(most, last - first);
        }

        return most;
    }
}
