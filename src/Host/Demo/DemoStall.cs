using System.Text.Json.Nodes;

namespace MovieSync.Host.Demo;

/// <summary>
/// The demo's stalled torrent: a short <c>qbittorrent.stalled_after</c>, and with the simulated client one film whose
/// best torrent has no peers, so it stays at 0 % and MovieSync replaces it by the film's next best. A real
/// qbittorrent-nox is offline here: every torrent it gets has no peers, so each stalls and is replaced in turn.
/// </summary>
public sealed class DemoStall(bool realClient)
{
    public const string Film = "The Matrix (1999)";

    /// <summary>The torrent names of <see cref="Film"/> on the simulated FileList.</summary>
    private const string TorrentNames = "The.Matrix.1999.";

    private int _stalled;

    /// <summary>Short enough to see within the demo; with a real client, long enough to see the first minute as usual.</summary>
    public TimeSpan StalledAfter { get; } = TimeSpan.FromSeconds(realClient ? 45 : 15);

    public void Configure(JsonObject config) =>
        config["qbittorrent"]!["stalled_after"] = (int)StalledAfter.TotalSeconds;

    /// <summary>For the simulated client: the first torrent of <see cref="Film"/> it is given has no peers.</summary>
    public bool HasNoPeers(string torrentName)
    {
        if (!torrentName.StartsWith(TorrentNames, StringComparison.Ordinal) || Interlocked.Exchange(ref _stalled, 1) == 1)
            return false;
        DemoLine.Say($"🐌 {torrentName}: the simulated qBittorrent gives {Film}'s best torrent no peers, so it stays at 0 %; after " +
                     $"{StalledAfter.TotalSeconds:0} s without progress (qbittorrent.stalled_after) MovieSync removes it with its files, " +
                     "never chooses it again and adds the film's next best torrent");
        return true;
    }

    /// <summary>The banner's line about this scene.</summary>
    public string Banner => realClient
        ? $"   Stalled torrents:       offline, qbittorrent-nox has no peers, so every torrent stalls: after {StalledAfter.TotalSeconds:0} s " +
          "without progress (qbittorrent.stalled_after) each is removed and the film's next best torrent added, until none is left"
        : $"   Stalled torrents:       {Film}'s best torrent gets no peers in the simulated client; after {StalledAfter.TotalSeconds:0} s " +
          "without progress (qbittorrent.stalled_after) it is replaced by the next best";
}
