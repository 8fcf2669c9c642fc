using MovieSync.Messages;

namespace MovieSync.Actors.Movies;

/// <summary>Finds a torrent for a movie and hands it to the download client; then reports how the download goes.</summary>
/// <remarks>
/// Implementations must be idempotent per movie: an attempt interrupted by a crash is run again, and must not add a
/// second torrent when the first add had already reached the client.
/// </remarks>
public interface IMovieGrabber
{
    Task<GrabOutcome> GrabAsync(GrabRequest request, CancellationToken cancellationToken);

    Task<DownloadProgress> FollowAsync(MovieId movieId, string infoHash, CancellationToken cancellationToken);

    /// <summary>
    /// Takes a torrent the movie gave up on (it stalled) out of the download client, with its files when
    /// <paramref name="deleteFiles"/>; false when the client no longer had it. Throws while the client cannot be asked.
    /// </summary>
    Task<bool> RemoveAsync(MovieId movieId, string infoHash, bool deleteFiles, CancellationToken cancellationToken);
}

/// <summary>
/// One attempt at a movie; <paramref name="Attempt"/> is 1 for the first try, 2 for the first retry, ...;
/// <paramref name="TrackedAt"/> (when the movie was first tracked) orders movies that wait for the same resource.
/// </summary>
public sealed record GrabRequest(MovieId MovieId, string Title, int? Year, int Attempt, DateTimeOffset TrackedAt = default)
{
    /// <summary>Torrents that stalled for this movie before: never to be chosen again.</summary>
    public IReadOnlyList<RejectedTorrent> Rejected { get; init; } = [];

    /// <summary>Its place class in the FileList line (before <see cref="TrackedAt"/>): `grab`, then priority.</summary>
    public QueueRank Rank { get; init; } = QueueRank.Normal;
}

public abstract record GrabOutcome
{
    private GrabOutcome() { }

    /// <summary>The torrent is in the download client.</summary>
    public sealed record Added(string TorrentName, string InfoHash, string? Reason = null, long? SizeBytes = null) : GrabOutcome
    {
        /// <summary>The FileList torrent id it came from, so that a stalled one is skipped before its .torrent is fetched.</summary>
        public long? FileListId { get; init; }
    }

    /// <summary>The film was already in the download directory.</summary>
    public sealed record AlreadyOnDisk(string Path) : GrabOutcome;

    /// <summary>The attempt failed for a reason worth retrying later (no torrent found, service down, ...).</summary>
    public sealed record Failed(string Reason) : GrabOutcome
    {
        /// <summary>A torrent found to be one that stalled before (under another FileList id): recorded as rejected too.</summary>
        public RejectedTorrent? Rejected { get; init; }
    }

    /// <summary>
    /// The attempt could not start for a reason that is not the movie's fault (the account's request budget is spent,
    /// its credentials were rejected): try again at <paramref name="RetryAt"/> without counting a failure.
    /// </summary>
    public sealed record Deferred(string Reason, DateTimeOffset RetryAt) : GrabOutcome;
}

public abstract record DownloadProgress
{
    private DownloadProgress() { }

    public sealed record InProgress(double Fraction, long BytesPerSecond, TimeSpan? Eta) : DownloadProgress
    {
        /// <summary>The client's own state name (<c>stalledDL</c>, <c>metaDL</c>, ...); null: the client tells none, so no stall is judged.</summary>
        public string? State { get; init; }

        /// <summary>Seeds connected, when the client tells.</summary>
        public int? Seeds { get; init; }

        /// <summary>Bytes downloaded so far (0 with a fraction of 0: nothing of the film is on disk).</summary>
        public long? DownloadedBytes { get; init; }

        /// <summary>Paused, queued, checking or moving: not trying to download, so it cannot stall (its stall clock starts again).</summary>
        public bool Held { get; init; }
    }

    public sealed record Finished(string? Path) : DownloadProgress;

    /// <summary>The torrent is broken in the client (or gone from a client that lists adds at once): the attempt counts as failed.</summary>
    public sealed record Lost(string Reason) : DownloadProgress;

    /// <summary>
    /// The client does not list the torrent. qBittorrent answers an add before it lists the torrent (it processes adds
    /// asynchronously), so this counts as lost only once it lasts <see cref="MovieSettings.MissingTorrentGrace"/>.
    /// </summary>
    public sealed record NotListed(string Reason) : DownloadProgress;
}
