using MovieSync.Clients.FileList;
using MovieSync.Clients.QBittorrent;

namespace MovieSync.Actors.Adapters.Grabbing;

/// <summary>What the grabber needs from the configuration: where films live, how a torrent is chosen and how it is added.</summary>
public sealed record GrabbingSettings(string DownloadDirectory, TorrentCriteria Criteria, TorrentAddOptions AddOptions)
{
    /// <summary>How long to wait for the FileList account actor (its own HTTP timeout is 30 s, plus a journal write).</summary>
    public TimeSpan AccountTimeout { get; init; } = TimeSpan.FromSeconds(90);

    /// <summary>How long work waits after qBittorrent rejected the login (or banned us) before one new login.</summary>
    public TimeSpan QBittorrentLoginPause { get; init; } = TimeSpan.FromHours(1);

    /// <summary>When torrents may download: outside the window they are added paused. Null: at any time.</summary>
    public Schedule.DownloadSchedule? Schedule { get; init; }

    /// <summary><c>disk.min_free_gb</c> and <c>disk.budget_gb</c>; none by default (config.json's defaults come through <see cref="Hosting.SettingsFromOptions"/>).</summary>
    public DiskLimits Disk { get; init; } = DiskLimits.None;

    /// <summary>How free space is measured: the operating system's answer (specs pass a probe they control).</summary>
    public IFreeSpaceProbe FreeSpace { get; init; } = FileSystemFreeSpace.Instance;

    /// <summary>How long work waits when FileList credentials are not configured at all.</summary>
    public TimeSpan MissingCredentialsPause { get; init; } = TimeSpan.FromHours(1);
}
