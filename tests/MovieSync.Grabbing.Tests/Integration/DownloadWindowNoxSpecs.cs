using Akka.Actor;
using MovieSync.Actors.Schedule;
using MovieSync.Clients.QBittorrent;
using MovieSync.Configuration;
using MovieSync.Grabbing.Tests.QBittorrent;
using Xunit;
using Xunit.Abstractions;

namespace MovieSync.Grabbing.Tests.Integration;

/// <summary>
/// The download window against the real qbittorrent-nox: pausing and resuming by category and tags leaves another
/// category's torrents alone, and the download limit lands on MovieSync's torrents only.
/// </summary>
[Collection(QBittorrentNoxCollection.Name)]
public sealed class DownloadWindowNoxSpecs(QBittorrentNox qbittorrent, ITestOutputHelper output) : GrabbingSpec(output)
{
    private static readonly string[] OwnTags = ["moviesync", "from-test"];

    [Fact]
    public async Task The_window_pauses_and_resumes_only_own_torrents_and_limits_only_them()
    {
        using var client = new QBittorrentClient(qbittorrent.Connection());
        var foreignCategory = Category + "-foreign";
        var own = await AddAsync(client, Category, paused: false);
        var foreignRunning = await AddAsync(client, foreignCategory, paused: false);
        var foreignPaused = await AddAsync(client, foreignCategory, paused: true);
        try
        {
            var zone = ZoneWhereNowIs(new TimeOnly(0, 50));
            var schedule = new DownloadSchedule(DownloadWindow.TryParse("01:00-07:00", out _)!, zone, 100 * 1024);
            var actor = Sys.ActorOf(DownloadWindowActor.Props(schedule,
                () => new OwnTorrents(new QBittorrentClient(qbittorrent.Connection()), Category, OwnTags)));

            await AwaitPausedAsync(client, own, true);
            await AwaitAssertAsync(async () => Assert.Equal(100 * 1024, (await client.FindTorrentAsync(own))!.DownloadLimit),
                TimeSpan.FromSeconds(15));
            Assert.False(await IsPausedAsync(client, foreignRunning));
            Assert.Equal(0, (await client.FindTorrentAsync(foreignRunning))!.DownloadLimit);

            Clock.AwaitDue(TimeSpan.FromMinutes(11), actor);
            Clock.Advance(TimeSpan.FromMinutes(11)); // 01:00 local
            await AwaitPausedAsync(client, own, false);
            Assert.True(await IsPausedAsync(client, foreignPaused));
            Assert.False(await IsPausedAsync(client, foreignRunning));
        }
        finally
        {
            // Running torrents would hold the shared instance's download slots for other specs.
            await client.StopTorrentsAsync([own, foreignRunning]);
        }
    }

    [Fact]
    public async Task A_limit_and_window_changed_while_running_land_on_own_torrents_only_and_0_lifts_the_limit()
    {
        using var client = new QBittorrentClient(qbittorrent.Connection());
        var foreignCategory = Category + "-foreign";
        var own = await AddAsync(client, Category, paused: true);
        var foreign = await AddAsync(client, foreignCategory, paused: true);
        try
        {
            var live = new LiveDownloadSchedule(new DownloadSchedule(null, ZoneWhereNowIs(new TimeOnly(12, 0)), 200 * 1024));
            var actor = Sys.ActorOf(DownloadWindowActor.Props(live,
                () => new OwnTorrents(new QBittorrentClient(qbittorrent.Connection()), Category, OwnTags)));
            await AwaitAssertAsync(async () => Assert.Equal(200 * 1024, (await client.FindTorrentAsync(own))!.DownloadLimit),
                TimeSpan.FromSeconds(15));

            // The running torrent is paused by a window that is closed now; the limit goes to 50 KiB/s.
            await client.StartTorrentsAsync([own]);
            live.Change(live.Current with { Window = DownloadWindow.TryParse("01:00-07:00", out _), DownloadLimit = 50 * 1024 });
            actor.Tell(DownloadScheduleChanged.Instance);
            await AwaitPausedAsync(client, own, true);
            await AwaitAssertAsync(async () => Assert.Equal(50 * 1024, (await client.FindTorrentAsync(own))!.DownloadLimit),
                TimeSpan.FromSeconds(15));

            // 0 lifts it: qBittorrent reports no limit.
            live.Change(live.Current with { DownloadLimit = 0 });
            actor.Tell(DownloadScheduleChanged.Instance);
            await AwaitAssertAsync(async () => Assert.Equal(0, (await client.FindTorrentAsync(own))!.DownloadLimit), TimeSpan.FromSeconds(15));
            Assert.Equal(0, (await client.FindTorrentAsync(foreign))!.DownloadLimit);
            Assert.True(await IsPausedAsync(client, foreign));
        }
        finally
        {
            await client.StopTorrentsAsync([own]);
        }
    }

    private TimeZoneInfo ZoneWhereNowIs(TimeOnly localNow)
    {
        var offset = TimeSpan.FromMinutes(Math.Floor((localNow.ToTimeSpan() - Clock.Now.UtcDateTime.TimeOfDay).TotalMinutes));
        while (offset > TimeSpan.FromHours(12))
            offset -= TimeSpan.FromDays(1);
        while (offset <= TimeSpan.FromHours(-12))
            offset += TimeSpan.FromDays(1);
        return TimeZoneInfo.CreateCustomTimeZone("spec", offset, "spec", "spec");
    }

    private async Task<string> AddAsync(QBittorrentClient client, string category, bool paused)
    {
        var torrent = TestTorrent.Create(Path.Combine(qbittorrent.DataDirectory, "source-" + Guid.NewGuid().ToString("N")[..8]));
        var savePath = Path.Combine(qbittorrent.DataDirectory, "downloads-" + category);
        Assert.True(await client.AddTorrentAsync(torrent.Bytes,
            new TorrentAddOptions { Category = category, Tags = OwnTags, SavePath = savePath, Paused = paused }));
        await NoxWaits.ListedAsync(client, torrent.InfoHash);
        return torrent.InfoHash;
    }

    private static async Task<bool> IsPausedAsync(QBittorrentClient client, string hash)
    {
        var state = (await client.FindTorrentAsync(hash))!.State;
        return state.StartsWith("paused", StringComparison.Ordinal) || state.StartsWith("stopped", StringComparison.Ordinal);
    }

    private Task AwaitPausedAsync(QBittorrentClient client, string hash, bool paused) =>
        AwaitAssertAsync(async () => Assert.Equal(paused, await IsPausedAsync(client, hash)), TimeSpan.FromSeconds(15));
}
