using System.Text.Json.Nodes;

namespace MovieSync.Simulators.QBittorrent;

/// <summary>The simulator's torrents and categories, behind one lock.</summary>
internal sealed class SimulatedTorrents(FakeQBittorrentOptions options)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, SimulatedTorrent> _torrents = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _categories = new(StringComparer.Ordinal);

    public long BytesPerSecond { get; set; } = options.DownloadBytesPerSecond;

    public int Count
    {
        get { lock (_gate) return _torrents.Count; }
    }

    public bool Contains(string hash)
    {
        lock (_gate)
            return _torrents.ContainsKey(hash.ToLowerInvariant());
    }

    public void Break(string hash, string state)
    {
        lock (_gate)
            _torrents[hash.ToLowerInvariant()].ForcedState = state;
    }

    /// <summary>False for a torrent already in the session (qBittorrent answers <c>Fails.</c> then).</summary>
    public bool TryAdd(TorrentFileSummary summary, Fields fields, bool paused)
    {
        var now = options.Clock.GetUtcNow();
        var listedFrom = now + options.ListsAddedAfter;
        lock (_gate)
        {
            if (_torrents.ContainsKey(summary.InfoHash))
                return false;
            var category = fields.Get("category") ?? "";
            // 4.5.2 creates an unknown category on add.
            if (category.Length > 0)
                _categories.TryAdd(category, "");
            var savePath = fields.Get("savepath") is { Length: > 0 } path ? path
                : _categories.GetValueOrDefault(category) is { Length: > 0 } categoryPath ? categoryPath
                : options.DefaultSavePath;
            _torrents[summary.InfoHash] = new SimulatedTorrent
            {
                Hash = summary.InfoHash,
                Name = summary.Name,
                Size = summary.Size,
                SavePath = savePath,
                AddedOn = now,
                ListedFrom = listedFrom,
                LastAdvance = listedFrom, // it downloads nothing before it is listed
                Category = category,
                Tags = (fields.Get("tags") ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Distinct().ToList(),
                Paused = paused,
                DownloadLimit = long.TryParse(fields.Get("dlLimit"), out var limit) ? Math.Max(0, limit) : 0,
                NoPeers = options.HasNoPeers?.Invoke(summary.Name) ?? false,
            };
            return true;
        }
    }

    public JsonArray Info(Fields fields, QBittorrentFlavor flavor)
    {
        var now = options.Clock.GetUtcNow();
        var category = fields.Get("category");
        var tag = fields.Get("tag");
        var hashes = fields.Get("hashes") is { Length: > 0 } list && list != "all"
            ? list.ToLowerInvariant().Split('|').ToHashSet()
            : null;
        var filter = fields.Get("filter") ?? "all";
        lock (_gate)
        {
            var speed = BytesPerSecond;
            var selected = _torrents.Values
                .Where(t => t.ListedFrom <= now)
                .Where(t => category is null || t.Category == category)
                .Where(t => tag is null || t.Tags.Contains(tag))
                .Where(t => hashes is null || hashes.Contains(t.Hash))
                .OrderBy(t => t.AddedOn)
                .ToList();
            foreach (var torrent in selected)
                torrent.Advance(now, speed);
            return new JsonArray(selected
                .Where(t => Passes(filter, t))
                .Select(t => (JsonNode)SimulatedTorrentJson.Serialize(t, flavor, speed))
                .ToArray());
        }
    }

    /// <summary><c>torrents/setDownloadLimit</c>: bytes/s, 0 (or less) lifts the limit.</summary>
    public void SetDownloadLimit(string hashes, long limit)
    {
        lock (_gate)
        {
            foreach (var torrent in _torrents.Values.Where(t => hashes == "all" || hashes.ToLowerInvariant().Split('|').Contains(t.Hash)))
                torrent.DownloadLimit = Math.Max(0, limit);
        }
    }

    /// <summary><c>torrents/delete</c>: takes them out of the session (the simulator keeps no files to delete).</summary>
    public void Delete(string hashes)
    {
        lock (_gate)
        {
            foreach (var hash in _torrents.Keys.Where(h => hashes == "all" || hashes.ToLowerInvariant().Split('|').Contains(h)).ToList())
                _torrents.Remove(hash);
        }
    }

    public void SetPaused(string? hashes, bool paused)
    {
        var now = options.Clock.GetUtcNow();
        lock (_gate)
        {
            foreach (var torrent in _torrents.Values.Where(t => hashes == "all" || (hashes ?? "").ToLowerInvariant().Split('|').Contains(t.Hash)))
            {
                torrent.Advance(now, BytesPerSecond);
                torrent.Paused = paused;
            }
        }
    }

    public JsonObject Categories()
    {
        lock (_gate)
        {
            var json = new JsonObject();
            foreach (var (name, savePath) in _categories)
                json[name] = new JsonObject { ["name"] = name, ["savePath"] = savePath };
            return json;
        }
    }

    public (int Status, string Message) CreateCategory(string name, string savePath)
    {
        if (name.Trim().Length == 0)
            return (400, "Category cannot be empty");
        lock (_gate)
            return _categories.TryAdd(name, savePath) ? (200, "") : (409, "Unable to create category");
    }

    public JsonObject TransferInfo()
    {
        lock (_gate)
        {
            var active = _torrents.Values.Sum(t => t.Speed(BytesPerSecond));
            return new JsonObject
            {
                ["dl_info_speed"] = active, ["dl_info_data"] = (long)_torrents.Values.Sum(t => t.Downloaded),
                ["up_info_speed"] = 0, ["up_info_data"] = 0, ["dl_rate_limit"] = 0, ["up_rate_limit"] = 0,
                ["dht_nodes"] = 0, ["connection_status"] = "connected",
            };
        }
    }

    private static bool Passes(string filter, SimulatedTorrent t) => filter switch
    {
        "completed" or "seeding" => t.IsComplete,
        "downloading" => !t.IsComplete,
        "paused" or "stopped" => t.Paused,
        "resumed" or "running" or "active" => !t.Paused,
        "errored" => t.ForcedState is not null,
        _ => true,
    };
}
