using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.Logging;
using MovieSync.Actors.Schedule;
using MovieSync.Configuration;

namespace MovieSync.Host.Hosting;

/// <summary>
/// Takes up an edit of <c>schedule.download_window</c> or <c>qbittorrent.max_download_kbps</c> while `run` runs: later
/// adds use it at once, and the download window actor pauses, resumes and limits MovieSync's torrents to match.
/// </summary>
public sealed class DownloadScheduleReload(LiveDownloadSchedule live, ActorRegistry registry, ILogger<DownloadScheduleReload> logger)
    : IConfigPart
{
    public void Apply(MovieSyncOptions now)
    {
        var schedule = DownloadSchedule.From(now, live.Current.Zone);
        if (live.Change(schedule) is not { } before)
            return;
        if (before.Window != schedule.Window)
            logger.LogInformation("config.json has a new schedule.download_window: {Window} (was {Before}); MovieSync's torrents follow it from now on",
                Describe(schedule.Window), Describe(before.Window));
        if (before.DownloadLimit != schedule.DownloadLimit)
            logger.LogInformation("config.json has a new qbittorrent.max_download_kbps: {Limit} (was {Before}); set on MovieSync's torrents now and on every add",
                Describe(schedule.DownloadLimit), Describe(before.DownloadLimit));
        // In a cluster the registry holds the singleton's proxy: the actor may be on this node only while it is the coordinator.
        if (registry.TryGet<DownloadWindowActor>(out var actor))
            actor.Tell(DownloadScheduleChanged.Instance, ActorRefs.NoSender);
    }

    private static string Describe(DownloadWindow? window) => window?.ToString() ?? "null, downloads at any time";

    private static string Describe(long? bytesPerSecond) => bytesPerSecond switch
    {
        null => "null, limits left alone",
        0 => "0, no limit",
        var bytes => $"{bytes / 1024} KiB/s",
    };
}
