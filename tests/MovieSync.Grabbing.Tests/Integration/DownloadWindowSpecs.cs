using Akka.Actor;
using MovieSync.Actors.Adapters.Grabbing;
using MovieSync.Actors.Movies;
using MovieSync.Actors.Schedule;
using MovieSync.Clients.QBittorrent;
using MovieSync.Clients.Torrents;
using MovieSync.Configuration;
using MovieSync.Grabbing.Tests.QBittorrent;
using MovieSync.Simulators.QBittorrent;
using Xunit;
using Xunit.Abstractions;

namespace MovieSync.Grabbing.Tests.Integration;

/// <summary>
/// The download window against the simulated qBittorrent (4.5 and 5.x), with the actor system's clock moved by hand
/// and a time zone chosen so that "now" is a known local time: MovieSync's own torrents (its category and every one of
/// its tags) are paused outside the window and resumed at its start, nothing else is touched, a restart converges,
/// new torrents are added paused outside it, and the download limit is sent on add and set at start; a window or limit
/// changed while running (config.json edited) converges at once.
/// </summary>
public sealed class DownloadWindowSpecs : GrabbingSpec
{
    private static readonly string[] OwnTags = ["moviesync", "from-test"];
    private FakeQBittorrent _qbittorrent = null!;

    public DownloadWindowSpecs(ITestOutputHelper output) : base(output)
    {
    }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _qbittorrent = await FakeQBittorrent.StartAsync();
    }

    public override async Task DisposeAsync()
    {
        await _qbittorrent.DisposeAsync();
        await base.DisposeAsync();
    }

    [Theory]
    [InlineData(QBittorrentFlavor.V4_5)]
    [InlineData(QBittorrentFlavor.V5_2)]
    public async Task Own_torrents_are_paused_before_the_window_resumed_at_its_start_and_paused_at_its_end(QBittorrentFlavor flavor)
    {
        _qbittorrent.Flavor = flavor;
        using var client = Client();
        var own = await AddAsync(client, Category, OwnTags, paused: false);
        var foreignRunning = await AddAsync(client, "someone-elses", OwnTags, paused: false);
        var foreignPaused = await AddAsync(client, Category, ["moviesync"], paused: true); // our category, not all our tags
        var schedule = Schedule("01:00-07:00", localNow: new TimeOnly(0, 50));

        var actor = Start(schedule);

        await AwaitPausedAsync(client, own, true);
        Clock.AwaitDue(TimeSpan.FromMinutes(11), actor);
        Assert.False(Clock.IsDue(TimeSpan.FromMinutes(9), actor)); // the edge is 01:00, not earlier
        Assert.False(await IsPausedAsync(client, foreignRunning));

        Clock.Advance(TimeSpan.FromMinutes(11)); // 01:00 local
        await AwaitPausedAsync(client, own, false);
        Assert.False(await IsPausedAsync(client, foreignRunning));
        Assert.True(await IsPausedAsync(client, foreignPaused));

        Clock.AwaitDue(TimeSpan.FromHours(6), actor);
        Assert.False(Clock.IsDue(TimeSpan.FromHours(5.9), actor));
        Clock.Advance(TimeSpan.FromHours(6)); // 07:00 local
        await AwaitPausedAsync(client, own, true);
        Assert.False(await IsPausedAsync(client, foreignRunning));
        Assert.True(await IsPausedAsync(client, foreignPaused));

        await AwaitAssertAsync(() => Assert.Contains(Logs.Lines, l => l.Contains("Download window 01:00-07:00 is open: resumed 1 MovieSync torrent(s)")));
        Assert.Equal(2, Logs.Lines.Count(l => l.Contains("Download window 01:00-07:00 is closed: paused 1 MovieSync torrent(s)")));
    }

    [Fact]
    public async Task A_window_over_midnight_stays_open_through_it_and_closes_at_its_end()
    {
        using var client = Client();
        var own = await AddAsync(client, Category, OwnTags, paused: false);
        var actor = Start(Schedule("23:00-06:00", localNow: new TimeOnly(22, 50)));

        await AwaitPausedAsync(client, own, true);
        Clock.AwaitDue(TimeSpan.FromMinutes(11), actor);
        Clock.Advance(TimeSpan.FromMinutes(11)); // 23:00
        await AwaitPausedAsync(client, own, false);

        Clock.AwaitDue(TimeSpan.FromHours(7), actor);
        Clock.Advance(TimeSpan.FromHours(2)); // past midnight: no edge, nothing switched
        var state = await WindowStateOf(actor);
        Assert.True(state.Open);
        Assert.True(state.AppliedOpen);
        Assert.False(await IsPausedAsync(client, own));

        Clock.AwaitDue(TimeSpan.FromHours(5), actor);
        Clock.Advance(TimeSpan.FromHours(5)); // 06:00
        await AwaitPausedAsync(client, own, true);
    }

    [Theory]
    [InlineData(QBittorrentFlavor.V4_5)]
    [InlineData(QBittorrentFlavor.V5_0)]
    public async Task A_restart_inside_or_outside_the_window_converges(QBittorrentFlavor flavor)
    {
        _qbittorrent.Flavor = flavor;
        using var client = Client();
        var own = await AddAsync(client, Category, OwnTags, paused: true); // left paused by a run that stopped outside the window

        var inside = Start(Schedule("01:00-07:00", localNow: new TimeOnly(3, 0)));
        await AwaitPausedAsync(client, own, false);
        await StopAsync(inside);

        Start(Schedule("01:00-07:00", localNow: new TimeOnly(8, 0)));
        await AwaitPausedAsync(client, own, true);
        Assert.Contains(Logs.Lines, l => l.Contains("closed: paused 1 MovieSync torrent(s)"));
    }

    [Fact]
    public async Task The_download_limit_is_set_on_own_torrents_at_start_and_nothing_else()
    {
        using var client = Client();
        var own = await AddAsync(client, Category, OwnTags, paused: true);
        var foreign = await AddAsync(client, "someone-elses", OwnTags, paused: true);
        var schedule = new DownloadSchedule(null, TimeZoneInfo.Utc, 512 * 1024);

        var actor = Start(schedule);

        await AwaitAssertAsync(async () => Assert.Equal(512 * 1024, (await client.FindTorrentAsync(own))!.DownloadLimit));
        Assert.Equal(0, (await client.FindTorrentAsync(foreign))!.DownloadLimit);
        Assert.True((await WindowStateOf(actor)).LimitApplied);
        Assert.Null((await WindowStateOf(actor)).NextEdge); // no window: no timer
        Assert.Equal(0, _qbittorrent.SwitchRequests);
    }

    [Fact]
    public async Task Outside_the_window_a_new_torrent_is_added_paused_with_its_download_limit()
    {
        using var client = Client();
        var schedule = Schedule("01:00-07:00", localNow: new TimeOnly(12, 0)) with { DownloadLimit = 300 * 1024 };
        using var downloads = Downloads(schedule);
        var torrent = TestTorrent.InMemory("Heat.1995.1080p.mkv");

        var outcome = await downloads.AddAsync("Heat (1995)", torrent.Bytes, TorrentFile.TryParse(torrent.Bytes, out _)!, "spec", torrent.Size, null,
            CancellationToken.None);

        Assert.IsType<GrabOutcome.Added>(outcome);
        var added = (await client.FindTorrentAsync(torrent.InfoHash))!;
        Assert.StartsWith("paused", added.State);
        Assert.Equal(300 * 1024, added.DownloadLimit);
        Assert.Contains(Logs.Lines, l => l.Contains("Heat (1995): added paused, outside the download window 01:00-07:00"));
    }

    [Fact]
    public async Task Inside_the_window_a_new_torrent_is_added_running()
    {
        using var client = Client();
        using var downloads = Downloads(Schedule("01:00-07:00", localNow: new TimeOnly(2, 0)));
        var torrent = TestTorrent.InMemory("Ran.1985.1080p.mkv");

        await downloads.AddAsync("Ran (1985)", torrent.Bytes, TorrentFile.TryParse(torrent.Bytes, out _)!, "spec", torrent.Size, null, CancellationToken.None);

        var added = (await client.FindTorrentAsync(torrent.InfoHash))!;
        Assert.False(added.State.StartsWith("paused", StringComparison.Ordinal));
        Assert.Equal(0, added.DownloadLimit);
    }

    [Fact]
    public async Task A_window_changed_while_running_converges_at_once_and_one_taken_out_resumes_what_it_paused()
    {
        using var client = Client();
        var own = await AddAsync(client, Category, OwnTags, paused: false);
        var foreignRunning = await AddAsync(client, "someone-elses", OwnTags, paused: false);
        var foreignPaused = await AddAsync(client, "someone-elses", OwnTags, paused: true);
        var started = Schedule("01:00-07:00", localNow: new TimeOnly(12, 0));
        var live = new LiveDownloadSchedule(started);
        var actor = Sys.ActorOf(DownloadWindowActor.Props(live, () => new OwnTorrents(Client(), Category, OwnTags)));
        await AwaitPausedAsync(client, own, true);

        live.Change(started with { Window = DownloadWindow.TryParse("11:00-14:00", out _) }); // open now, closes in 2 h
        actor.Tell(DownloadScheduleChanged.Instance);
        await AwaitPausedAsync(client, own, false);
        await AwaitAssertAsync(async () => Assert.Equal(Clock.Now.AddHours(2), (await WindowStateOf(actor)).NextEdge!.Value, TimeSpan.FromMinutes(1)));
        Assert.False(Clock.IsDue(TimeSpan.FromHours(1.9), actor)); // the old window's 01:00 timer is gone

        live.Change(started with { Window = DownloadWindow.TryParse("20:00-22:00", out _) }); // closed now
        actor.Tell(DownloadScheduleChanged.Instance);
        await AwaitPausedAsync(client, own, true);

        live.Change(started with { Window = null }); // no window any more: what it paused resumes, no timer stays
        actor.Tell(DownloadScheduleChanged.Instance);
        await AwaitPausedAsync(client, own, false);
        await AwaitAssertAsync(async () => Assert.Null((await WindowStateOf(actor)).NextEdge));
        Assert.False(await IsPausedAsync(client, foreignRunning));
        Assert.True(await IsPausedAsync(client, foreignPaused));
        Assert.Contains(Logs.Lines, l => l.Contains("Download window is now 11:00-14:00"));
        Assert.Contains(Logs.Lines, l => l.Contains("No download window any more: resumed 1 MovieSync torrent(s)"));
    }

    [Fact]
    public async Task A_limit_changed_while_running_is_set_on_own_torrents_only_and_sent_with_later_adds()
    {
        using var client = Client();
        var own = await AddAsync(client, Category, OwnTags, paused: true);
        var foreign = await AddAsync(client, "someone-elses", OwnTags, paused: true);
        var live = new LiveDownloadSchedule(new DownloadSchedule(null, TimeZoneInfo.Utc, 512 * 1024));
        var actor = Sys.ActorOf(DownloadWindowActor.Props(live, () => new OwnTorrents(Client(), Category, OwnTags)));
        using var downloads = Downloads(live);
        await AwaitAssertAsync(async () => Assert.Equal(512 * 1024, (await client.FindTorrentAsync(own))!.DownloadLimit));

        live.Change(live.Current with { DownloadLimit = 100 * 1024 });
        actor.Tell(DownloadScheduleChanged.Instance);
        await AwaitAssertAsync(async () => Assert.Equal(100 * 1024, (await client.FindTorrentAsync(own))!.DownloadLimit));
        Assert.Equal(0, (await client.FindTorrentAsync(foreign))!.DownloadLimit);
        var later = TestTorrent.InMemory("Alien.1979.1080p.mkv");
        await downloads.AddAsync("Alien (1979)", later.Bytes, TorrentFile.TryParse(later.Bytes, out _)!, "spec", later.Size, null, CancellationToken.None);
        Assert.Equal(100 * 1024, (await client.FindTorrentAsync(later.InfoHash))!.DownloadLimit);

        live.Change(live.Current with { DownloadLimit = 0 }); // lifted
        actor.Tell(DownloadScheduleChanged.Instance);
        await AwaitAssertAsync(async () => Assert.Equal(0, (await client.FindTorrentAsync(own))!.DownloadLimit));
        Assert.Equal(0, (await client.FindTorrentAsync(later.InfoHash))!.DownloadLimit);
        var state = await WindowStateOf(actor);
        Assert.True(state.LimitApplied);
        Assert.Equal(0, state.AppliedLimit);
        Assert.Equal(0, _qbittorrent.SwitchRequests); // no window: nothing paused or resumed
        Assert.Contains(Logs.Lines, l => l.Contains("Download limit of MovieSync's torrents set to 100 KiB/s on 1 torrent(s)"));
        Assert.Contains(Logs.Lines, l => l.Contains("Download limit of MovieSync's torrents set to none on 2 torrent(s)"));
    }

    private QBittorrentClient Client() =>
        new(new QBittorrentConnection(_qbittorrent.BaseUrl, "admin", "adminadmin"));

    private QBittorrentDownloads Downloads(DownloadSchedule schedule) => Downloads(new LiveDownloadSchedule(schedule));

    private QBittorrentDownloads Downloads(LiveDownloadSchedule schedule) =>
        new(Client(), new TorrentAddOptions { Category = Category, Tags = OwnTags }, TimeSpan.FromHours(1), Sys.Scheduler,
            Logs.CreateLogger("downloads"), schedule);

    private IActorRef Start(DownloadSchedule schedule) =>
        Sys.ActorOf(DownloadWindowActor.Props(schedule, () => new OwnTorrents(Client(), Category, OwnTags)));

    /// <summary>The window in a time zone whose local time is <paramref name="localNow"/> (to the minute, rounded down) on the spec's clock.</summary>
    private DownloadSchedule Schedule(string window, TimeOnly localNow)
    {
        var offset = localNow.ToTimeSpan() - Clock.Now.UtcDateTime.TimeOfDay;
        offset = TimeSpan.FromMinutes(Math.Floor(offset.TotalMinutes));
        while (offset > TimeSpan.FromHours(12))
            offset -= TimeSpan.FromDays(1);
        while (offset <= TimeSpan.FromHours(-12))
            offset += TimeSpan.FromDays(1);
        var zone = TimeZoneInfo.CreateCustomTimeZone("spec", offset, "spec", "spec");
        return new DownloadSchedule(DownloadWindow.TryParse(window, out _)!, zone, null);
    }

    private async Task<string> AddAsync(QBittorrentClient client, string category, IReadOnlyList<string> tags, bool paused)
    {
        var torrent = TestTorrent.InMemory($"Film.{Guid.NewGuid():N}.1080p.mkv");
        Assert.True(await client.AddTorrentAsync(torrent.Bytes, new TorrentAddOptions { Category = category, Tags = tags, Paused = paused }));
        return torrent.InfoHash;
    }

    private static async Task<bool> IsPausedAsync(QBittorrentClient client, string hash)
    {
        var state = (await client.FindTorrentAsync(hash))!.State;
        return state.StartsWith("paused", StringComparison.Ordinal) || state.StartsWith("stopped", StringComparison.Ordinal);
    }

    private Task AwaitPausedAsync(QBittorrentClient client, string hash, bool paused) =>
        AwaitAssertAsync(async () => Assert.Equal(paused, await IsPausedAsync(client, hash)), TimeSpan.FromSeconds(15));

    private static Task<DownloadWindowState> WindowStateOf(IActorRef actor) =>
        actor.Ask<DownloadWindowState>(GetDownloadWindowState.Instance, TimeSpan.FromSeconds(5));

    private async Task StopAsync(IActorRef actor)
    {
        Watch(actor);
        Sys.Stop(actor);
        await ExpectTerminatedAsync(actor);
    }
}
