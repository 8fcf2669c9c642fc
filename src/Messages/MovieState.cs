using static MovieSync.Messages.MovieEvents;

namespace MovieSync.Messages;

/// <summary>A movie's current state, derived only from its events.</summary>
public sealed record MovieState(
    MovieId MovieId,
    string Title,
    int? Year,
    MovieStatus Status,
    int Failures,
    string? LastError,
    DateTimeOffset? NextRetryAt,
    string? TorrentName,
    string? InfoHash,
    string? Path,
    DateTimeOffset? UpdatedAt,
    DateTimeOffset? QueuedAt = null,
    long? FileListId = null,
    double? ProgressFraction = null,
    DateTimeOffset? ProgressAt = null,
    IReadOnlyList<RejectedTorrent>? RejectedTorrents = null,
    MoviePriority Priority = MoviePriority.Normal,
    bool GrabNow = false) : IPersistedMessage
{
    /// <summary>The torrents that stalled for this movie, oldest first: never chosen again.</summary>
    public IReadOnlyList<RejectedTorrent> Rejected => RejectedTorrents ?? [];

    /// <summary>The state of a movie that has no events yet.</summary>
    public static MovieState Empty(MovieId id) =>
        new(id, "", null, MovieStatus.Pending, 0, null, null, null, null, null, null);

    /// <summary>True once the movie has at least one event.</summary>
    public bool Exists => UpdatedAt is not null;

    /// <summary>Completed, permanently failed, skipped or forgotten: no attempt will run without a command.</summary>
    public bool IsSettled =>
        Status is MovieStatus.Completed or MovieStatus.PermanentFailure or MovieStatus.Forgotten or MovieStatus.Skipped;

    /// <summary>When it was first tracked: its place in the FileList line within its <see cref="Rank"/>.</summary>
    public DateTimeOffset TrackedAt => QueuedAt ?? UpdatedAt ?? default;

    /// <summary>Its place class in the FileList line: a `grab` first (until its attempt ends), then by priority.</summary>
    public QueueRank Rank => GrabNow
        ? QueueRank.GrabNow
        : Priority switch { MoviePriority.High => QueueRank.High, MoviePriority.Low => QueueRank.Low, _ => QueueRank.Normal };

    public string DisplayName => Year is { } year ? $"{Title} ({year})" : Title;

    public MovieState Apply(IMovieEvent e) => e switch
    {
        MovieQueued q => this with
        {
            QueuedAt = QueuedAt ?? q.At,
            Title = q.Title, Year = q.Year, Status = MovieStatus.Pending, Failures = 0, LastError = null,
            NextRetryAt = null, UpdatedAt = q.At,
        },
        AttemptFailed f => WithoutTorrent(f.Rejected) with
        {
            GrabNow = false, Status = MovieStatus.Failed, Failures = f.Failures, LastError = f.Error, NextRetryAt = f.NextRetryAt, UpdatedAt = f.At,
        },
        MovieFailedPermanently p => WithoutTorrent(p.Rejected) with
        {
            GrabNow = false, Status = MovieStatus.PermanentFailure, Failures = p.Failures, LastError = p.Error, NextRetryAt = null, UpdatedAt = p.At,
        },
        TorrentAdded t => this with
        {
            GrabNow = false, Status = MovieStatus.Downloading, TorrentName = t.TorrentName, InfoHash = t.InfoHash, FileListId = t.FileListId,
            NextRetryAt = null, ProgressFraction = 0, ProgressAt = t.At, UpdatedAt = t.At,
        },
        // Not a change of status: UpdatedAt stays when the movie last changed.
        DownloadProgressed d => this with { ProgressFraction = d.Fraction, ProgressAt = d.At },
        MovieCompleted c => this with { GrabNow = false, Status = MovieStatus.Completed, Path = c.Path, NextRetryAt = null, UpdatedAt = c.At },
        RetryRequested r => this with
        {
            Status = MovieStatus.Pending, Failures = 0, NextRetryAt = null, UpdatedAt = r.At,
        },
        MovieForgotten g => this with { GrabNow = false, Status = MovieStatus.Forgotten, NextRetryAt = null, UpdatedAt = g.At },
        // Not a change of status either: only its place in line.
        PriorityChanged p => this with { Priority = p.Priority },
        // The retry count carries on: a failure now counts as the next one.
        GrabRequested g => this with { Status = MovieStatus.Pending, GrabNow = true, NextRetryAt = null, UpdatedAt = g.At },
        MovieSkipped k => this with { Status = MovieStatus.Skipped, GrabNow = false, NextRetryAt = null, UpdatedAt = k.At },
        MovieRemoved r => this with
        {
            Status = MovieStatus.Forgotten, GrabNow = false, NextRetryAt = null, InfoHash = null, Path = r.TrashedTo ?? Path, UpdatedAt = r.At,
        },
        _ => throw new ArgumentOutOfRangeException(nameof(e), e.GetType().Name, "not a movie event"),
    };

    /// <summary>
    /// The event that records a failed attempt: a scheduled retry, or a permanent failure when none is left;
    /// <paramref name="rejected"/> is the torrent never to choose again (it stalled).
    /// </summary>
    public IMovieEvent FailAttempt(string error, RetryPolicy policy, DateTimeOffset now, RejectedTorrent? rejected = null)
    {
        var failures = Failures + 1;
        return policy.AllowsRetryAfter(failures)
            ? new AttemptFailed(MovieId, failures, error, now + policy.DelayBeforeRetry(failures), now) { Rejected = rejected }
            : new MovieFailedPermanently(MovieId, failures, error, now) { Rejected = rejected };
    }

    /// <summary>Whether the torrent (by info-hash or FileList id) stalled for this movie before.</summary>
    public bool HasRejected(string infoHash, long? fileListId) => Rejected.Any(r =>
        string.Equals(r.InfoHash, infoHash, StringComparison.OrdinalIgnoreCase) || (fileListId is not null && r.FileListId == fileListId));

    private MovieState WithoutTorrent(RejectedTorrent? rejected) => this with
    {
        TorrentName = null, InfoHash = null, FileListId = null, ProgressFraction = null, ProgressAt = null,
        RejectedTorrents = rejected is null ? RejectedTorrents : [.. Rejected, rejected],
    };

    /// <summary>Folds a movie's history into its current state.</summary>
    public static MovieState Replay(MovieId id, IEnumerable<IMovieEvent> events) =>
        events.Aggregate(Empty(id), (state, e) => state.Apply(e));
}
