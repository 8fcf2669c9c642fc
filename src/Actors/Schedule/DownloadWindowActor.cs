using Akka.Actor;
using Akka.Event;
using MovieSync.Actors.Work;

namespace MovieSync.Actors.Schedule;

/// <summary>
/// Keeps MovieSync's torrents in step with <c>schedule.download_window</c> and <c>qbittorrent.max_download_kbps</c>: at
/// start it pauses or resumes them as the window says now and sets their download limit, then timers itself to each
/// edge of the window. Told <see cref="DownloadScheduleChanged"/> (config.json edited while `run` runs) it converges to
/// the new window and limit at once. Nothing is journaled: a restart, inside or outside the window, converges from the clock.
/// </summary>
public sealed class DownloadWindowActor : ReceiveActor, IWithTimers
{
    public const string Name = "download-window";
    private const string EdgeTimer = "edge";
    private const string RetryTimer = "retry";

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly LiveDownloadSchedule _live;
    private readonly OwnTorrents _torrents;
    private readonly DownloadWindowSettings _settings;
    private DownloadSchedule _schedule;
    private bool? _appliedOpen;
    private long? _appliedLimit;
    private bool _busy;
    private DateTimeOffset? _nextEdge;

    /// <param name="live">The schedule config.json holds now, read again on <see cref="DownloadScheduleChanged"/>.</param>
    /// <param name="torrents">Makes the actor's own qBittorrent session; a restarted actor makes a new one.</param>
    public DownloadWindowActor(LiveDownloadSchedule live, Func<OwnTorrents> torrents, DownloadWindowSettings settings)
    {
        _live = live;
        _schedule = live.Current;
        _torrents = torrents();
        _settings = settings;
        Receive<Converge>(_ => OnConverge());
        Receive<DownloadScheduleChanged>(_ => OnScheduleChanged());
        Receive<Applied>(OnApplied);
        Receive<ApplyFailed>(OnFailed);
        Receive<GetDownloadWindowState>(_ => Sender.Tell(new DownloadWindowState(
            _schedule.IsOpenAt(Now), _appliedOpen, _schedule.DownloadLimit is { } limit && _appliedLimit == limit, _nextEdge)
        {
            AppliedLimit = _appliedLimit,
        }));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(LiveDownloadSchedule schedule, Func<OwnTorrents> torrents, DownloadWindowSettings? settings = null) =>
        Akka.Actor.Props.Create(() => new DownloadWindowActor(schedule, torrents, settings ?? new DownloadWindowSettings()));

    /// <summary>A schedule that stays as it starts (specs).</summary>
    public static Props Props(DownloadSchedule schedule, Func<OwnTorrents> torrents, DownloadWindowSettings? settings = null) =>
        Props(new LiveDownloadSchedule(schedule), torrents, settings);

    private DateTimeOffset Now => Context.System.Scheduler.Now;

    protected override void PreStart()
    {
        if (_schedule.Window is { } window)
            _log.Info("🕑 Download window {Window} (local time, {Zone}): MovieSync's torrents download only inside it",
                window, _schedule.Zone.Id);
        Self.Tell(Converge.Instance);
    }

    protected override void PostStop() => _torrents.Dispose();

    private void OnScheduleChanged()
    {
        var before = _schedule;
        _schedule = _live.Current;
        if (before.Window != _schedule.Window)
            _log.Info("🕑 Download window is now {Window} (local time, {Zone}; was {Before})",
                _schedule.Window?.ToString() ?? "none: downloads at any time", _schedule.Zone.Id, before.Window?.ToString() ?? "none");
        Timers.Cancel(EdgeTimer);
        OnConverge();
    }

    /// <summary>Brings qBittorrent to what the clock and the schedule say, unless it is there; then waits for the next edge.</summary>
    private void OnConverge()
    {
        if (_busy)
            return; // the running call converges again when it is done
        var open = _schedule.IsOpenAt(Now);
        // Without a window torrents download at any time: ones paused by a window since taken out are resumed once.
        var switchTorrents = _schedule.Window is not null ? _appliedOpen != open : _appliedOpen == false;
        var limit = _schedule.DownloadLimit is { } wanted && wanted != _appliedLimit ? wanted : (long?)null;
        if (!switchTorrents && limit is null)
        {
            TimeNextEdge();
            return;
        }

        _busy = true;
        PipedWork.Run(async ct =>
            {
                int? switched = switchTorrents ? open ? await _torrents.ResumeAsync(ct) : await _torrents.PauseAsync(ct) : null;
                int? limited = limit is { } bytes ? await _torrents.LimitAsync(bytes, ct) : null;
                return new Applied(open, switched, limit, limited);
            }, _settings.CallTimeout,
            applied => applied,
            error => new ApplyFailed(error.Message), Self);
    }

    private void OnApplied(Applied applied)
    {
        _busy = false;
        Timers.Cancel(RetryTimer);
        if (applied.Switched is { } switched)
        {
            _appliedOpen = applied.Open;
            var next = _schedule.NextEdgeAfter(Now);
            if (_schedule.Window is null)
                _log.Info("▶️ No download window any more: resumed {Count} MovieSync torrent(s)", switched);
            else if (applied.Open)
                _log.Info("▶️ Download window {Window} is open: resumed {Count} MovieSync torrent(s); it closes at {Next}",
                    _schedule.Window, switched, next is { } n ? _schedule.Local(n) : "?");
            else
                _log.Info("⏸️ Download window {Window} is closed: paused {Count} MovieSync torrent(s) (new ones are added paused); it opens at {Next}",
                    _schedule.Window, switched, next is { } n ? _schedule.Local(n) : "?");
        }
        if (applied.Limited is { } limited && applied.Limit is { } limit)
        {
            _appliedLimit = limit;
            _log.Info("🚦 Download limit of MovieSync's torrents set to {Limit} on {Count} torrent(s)",
                limit > 0 ? $"{limit / 1024} KiB/s" : "none", limited);
        }
        OnConverge(); // an edge (or a change of the schedule) may have passed meanwhile
    }

    private void OnFailed(ApplyFailed failed)
    {
        _busy = false;
        _log.Warning("⚠️ Could not bring MovieSync's torrents in line with the download window and limit ({Error}); trying again in {Delay}",
            failed.Error, Messages.ReadableDuration.Of(_settings.RetryDelay));
        Timers.StartSingleTimer(RetryTimer, Converge.Instance, _settings.RetryDelay);
        TimeNextEdge();
    }

    private void TimeNextEdge()
    {
        _nextEdge = _schedule.NextEdgeAfter(Now);
        if (_nextEdge is not { } edge)
        {
            Timers.Cancel(EdgeTimer);
            return;
        }
        // Timers run on the monotonic clock; a wall clock moved meanwhile is caught by reading it again at the edge.
        var delay = edge - Now;
        Timers.StartSingleTimer(EdgeTimer, Converge.Instance, delay > TimeSpan.Zero ? delay : TimeSpan.FromSeconds(1));
    }

    private sealed record Converge : INoSerializationVerificationNeeded
    {
        public static Converge Instance { get; } = new();
    }

    private sealed record Applied(bool Open, int? Switched, long? Limit, int? Limited) : INoSerializationVerificationNeeded;

    private sealed record ApplyFailed(string Error) : INoSerializationVerificationNeeded;
}

/// <summary>How long a qBittorrent call may take, and how soon a failed one is tried again.</summary>
public sealed record DownloadWindowSettings
{
    public TimeSpan CallTimeout { get; init; } = TimeSpan.FromSeconds(90);

    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMinutes(1);
}

/// <summary>Tells the download window actor that config.json's window or limit changed: it converges to them at once.</summary>
public sealed record DownloadScheduleChanged : INoSerializationVerificationNeeded
{
    public static DownloadScheduleChanged Instance { get; } = new();
}

/// <summary>Asks the download window actor where it stands (specs, diagnostics).</summary>
public sealed record GetDownloadWindowState : INoSerializationVerificationNeeded
{
    public static GetDownloadWindowState Instance { get; } = new();
}

/// <param name="Open">What the window says now.</param>
/// <param name="AppliedOpen">What qBittorrent was last brought to (null: not yet, or no window).</param>
/// <param name="LimitApplied">Whether the download limit config.json holds now was set on MovieSync's torrents.</param>
/// <param name="NextEdge">When the actor looks again (null: no window).</param>
public sealed record DownloadWindowState(bool Open, bool? AppliedOpen, bool LimitApplied, DateTimeOffset? NextEdge)
    : INoSerializationVerificationNeeded
{
    /// <summary>The limit last set on MovieSync's torrents, bytes/s (0: none; null: never set).</summary>
    public long? AppliedLimit { get; init; }
}
