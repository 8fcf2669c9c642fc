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
}

/// <summary>
/// One attempt at a movie; <paramref name="Attempt"/> is 1 for the first try, 2 for the first retry, ...;
/// <paramref name="TrackedAt"/> (when the movie was first tracked) orders movies that wait for the same resource.
/// </summary>
public sealed record GrabRequest(MovieId MovieId, string Title, int? Year, int Attempt, DateTimeOffset TrackedAt = default);

public abstract record GrabOutcome
{
    private GrabOutcome() { }

    /// <summary>The torrent is in the download client.</summary>
    public sealed record Added(string TorrentName, string InfoHash, string? Reason = null, long? SizeBytes = null) : GrabOutcome;

    /// <summary>The film was already in the download directory.</summary>
    public sealed record AlreadyOnDisk(string Path) : GrabOutcome;

    /// <summary>The attempt failed for a reason worth retrying later (no torrent found, service down, ...).</summary>
    public sealed record Failed(string Reason) : GrabOutcome;

    /// <summary>
    /// The attempt could not start for a reason that is not the movie's fault (the account's request budget is spent,
    /// its credentials were rejected): try again at <paramref name="RetryAt"/> without counting a failure.
    /// </summary>
    public sealed record Deferred(string Reason, DateTimeOffset RetryAt) : GrabOutcome;
}

public abstract record DownloadProgress
{
    private DownloadProgress() { }

    public sealed record InProgress(double Fraction, long BytesPerSecond, TimeSpan? Eta) : DownloadProgress;

    public sealed record Finished(string? Path) : DownloadProgress;

    /// <summary>The torrent vanished from the client or is broken there: the attempt counts as failed.</summary>
    public sealed record Lost(string Reason) : DownloadProgress;
}
