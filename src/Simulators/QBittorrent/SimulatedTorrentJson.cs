using System.Text.Json.Nodes;

namespace MovieSync.Simulators.QBittorrent;

/// <summary>Serialises a simulated torrent with the <c>torrents/info</c> fields of formats.md §4.4.</summary>
internal static class SimulatedTorrentJson
{
    public static JsonObject Serialize(SimulatedTorrent t, QBittorrentFlavor flavor, long bytesPerSecond)
    {
        var downloaded = (long)t.Downloaded;
        // 4.5.2 reports 0 before completion; later versions are said to report -1.
        long notCompleted = flavor == QBittorrentFlavor.V4_5 ? 0 : -1;
        var json = new JsonObject
        {
            ["added_on"] = t.AddedOn.ToUnixTimeSeconds(),
            ["amount_left"] = t.Size - downloaded,
            ["auto_tmm"] = false,
            ["availability"] = t.IsComplete ? -1 : 1,
            ["category"] = t.Category,
            ["completed"] = downloaded,
            ["completion_on"] = t.CompletedOn?.ToUnixTimeSeconds() ?? notCompleted,
            ["content_path"] = Path.Combine(t.SavePath, t.Name),
            ["dl_limit"] = t.DownloadLimit,
            ["dlspeed"] = t.Speed(bytesPerSecond),
            ["download_path"] = "",
            ["downloaded"] = downloaded,
            ["downloaded_session"] = downloaded,
            ["eta"] = t.Eta(bytesPerSecond),
            ["f_l_piece_prio"] = false,
            ["force_start"] = false,
            ["hash"] = t.Hash,
            ["infohash_v1"] = t.Hash,
            ["infohash_v2"] = "",
            ["last_activity"] = t.LastAdvance.ToUnixTimeSeconds(),
            ["magnet_uri"] = $"magnet:?xt=urn:btih:{t.Hash}&dn={Uri.EscapeDataString(t.Name)}",
            ["max_ratio"] = -1,
            ["max_seeding_time"] = -1,
            ["name"] = t.Name,
            ["num_complete"] = 0,
            ["num_incomplete"] = 0,
            ["num_leechs"] = 0,
            ["num_seeds"] = t.Speed(bytesPerSecond) > 0 ? 1 : 0,
            ["priority"] = t.IsComplete ? 0 : 1,
            ["progress"] = t.Progress,
            ["ratio"] = 0,
            ["ratio_limit"] = -2,
            ["save_path"] = t.SavePath,
            ["seeding_time"] = 0,
            ["seeding_time_limit"] = -2,
            ["seen_complete"] = 0,
            ["seq_dl"] = false,
            ["size"] = t.Size,
            ["state"] = t.State(flavor, bytesPerSecond),
            ["super_seeding"] = false,
            ["tags"] = string.Join(", ", t.Tags.Order(StringComparer.Ordinal)),
            ["time_active"] = (long)(t.LastAdvance - t.AddedOn).TotalSeconds,
            ["total_size"] = t.Size,
            ["tracker"] = "",
            ["trackers_count"] = 1,
            ["up_limit"] = 0,
            ["uploaded"] = 0,
            ["uploaded_session"] = 0,
            ["upspeed"] = 0,
        };
        if (flavor >= QBittorrentFlavor.V5_0)
            json["isPrivate"] = true;
        return json;
    }
}
