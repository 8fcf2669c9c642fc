namespace MovieSync.Simulators.QBittorrent;

/// <summary>One torrent in the simulator; progress advances with time at the simulator's download speed.</summary>
internal sealed class SimulatedTorrent
{
    public required string Hash { get; init; }
    public required string Name { get; init; }
    public required long Size { get; init; }
    public required string SavePath { get; init; }
    public required DateTimeOffset AddedOn { get; init; }

    /// <summary>From when <c>torrents/info</c> lists it (the add is processed): <see cref="FakeQBittorrentOptions.ListsAddedAfter"/>.</summary>
    public DateTimeOffset ListedFrom { get; init; }

    public string Category { get; set; } = "";
    public List<string> Tags { get; init; } = [];
    public bool Paused { get; set; }

    /// <summary>Bytes/s; 0: none. Caps the simulated speed.</summary>
    public long DownloadLimit { get; set; }
    public double Downloaded { get; set; }
    public DateTimeOffset LastAdvance { get; set; }
    public DateTimeOffset? CompletedOn { get; set; }

    /// <summary>No peers: it never downloads a byte (<c>stalledDL</c>, no seeds), as a torrent nobody seeds.</summary>
    public bool NoPeers { get; init; }

    /// <summary>Set by a test to imitate <c>error</c> / <c>missingFiles</c>.</summary>
    public string? ForcedState { get; set; }

    public bool IsComplete => Downloaded >= Size;

    public double Progress => Size == 0 ? 1.0 : Math.Min(1.0, Downloaded / Size);

    /// <summary>Moves the download forward to <paramref name="now"/>.</summary>
    public void Advance(DateTimeOffset now, long bytesPerSecond)
    {
        var elapsed = (now - LastAdvance).TotalSeconds;
        LastAdvance = now;
        if (Paused || ForcedState is not null || IsComplete || elapsed <= 0)
            return;
        var speed = Speed(bytesPerSecond);
        var reached = Downloaded + elapsed * speed;
        Downloaded = Math.Min(Size, reached);
        if (IsComplete)
        {
            // The moment the last byte arrived, not the moment someone looked.
            var overshoot = speed > 0 ? (reached - Size) / speed : 0;
            CompletedOn = now - TimeSpan.FromSeconds(overshoot);
        }
    }

    public string State(QBittorrentFlavor flavor, long bytesPerSecond) => ForcedState ?? (Paused, IsComplete) switch
    {
        (true, var complete) => flavor.PausedState(complete),
        (false, true) => "stalledUP",
        (false, false) => Speed(bytesPerSecond) > 0 ? "downloading" : "stalledDL",
    };

    public long Speed(long bytesPerSecond) =>
        Paused || IsComplete || NoPeers || ForcedState is not null ? 0 : DownloadLimit > 0 ? Math.Min(DownloadLimit, bytesPerSecond) : bytesPerSecond;

    public long Eta(long bytesPerSecond)
    {
        const long infinite = 8_640_000;
        var speed = Speed(bytesPerSecond);
        return speed <= 0 ? infinite : (long)Math.Ceiling((Size - Downloaded) / speed);
    }
}
