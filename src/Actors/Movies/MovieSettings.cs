using MovieSync.Messages;

namespace MovieSync.Actors.Movies;

/// <summary>Timings of a movie's lifecycle.</summary>
public sealed record MovieSettings(RetryPolicy Retry, TimeSpan FollowInterval, TimeSpan AttemptTimeout, int SnapshotEvery)
{
    /// <summary>A failed movie whose next attempt is further away than this is parked: its actor stops until then.</summary>
    public TimeSpan ParkWhenWaitingLongerThan { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>A download with no progress for this long is a failed attempt (<c>qbittorrent.stalled_after</c>); zero: never.</summary>
    public TimeSpan StalledAfter { get; init; } = TimeSpan.FromHours(48);

    /// <summary>
    /// How often, at most, the stall clock's start is journaled (so a restart does not start it again): a restart may
    /// delay a stall by this much, and a download writes a few events a day to the movie's history, not one per poll.
    /// </summary>
    public TimeSpan ProgressMarkEvery { get; init; } = TimeSpan.FromHours(6);

    /// <summary>
    /// How long the client may not list a movie's torrent before the download counts as lost: a busy qBittorrent lists
    /// an add it accepted only once it has processed it, and a short absence is no reason to fail the attempt.
    /// </summary>
    public TimeSpan MissingTorrentGrace { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Where a finished movie's files go when it leaves the watchlist with <c>on_removed: remove_files</c>; null: nowhere.</summary>
    public Clients.Library.FilmTrash? Trash { get; init; }

    public static MovieSettings Default { get; } =
        new(RetryPolicy.Default, TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(10), SnapshotEvery: 50);
}
