namespace MovieSync.Actors.Schedule;

/// <summary>
/// The download window and limit config.json holds now: the grabber reads it on every add, the download window actor
/// whenever it converges. The host's config watcher changes it when config.json is edited while `run` runs.
/// </summary>
public sealed class LiveDownloadSchedule(DownloadSchedule started)
{
    private readonly Lock _gate = new();
    private DownloadSchedule _current = started;

    public DownloadSchedule Current
    {
        get
        {
            lock (_gate)
                return _current;
        }
    }

    /// <summary>Records the schedule config.json holds now; returns the one it replaces, or null when nothing changed.</summary>
    public DownloadSchedule? Change(DownloadSchedule now)
    {
        lock (_gate)
        {
            var before = _current;
            if (before.Window == now.Window && before.DownloadLimit == now.DownloadLimit && before.Zone.Equals(now.Zone))
                return null;
            _current = now;
            return before;
        }
    }
}
