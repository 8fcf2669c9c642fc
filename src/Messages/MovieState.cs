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
    DateTimeOffset? QueuedAt = null) : IPersistedMessage
{
    /// <summary>The state of a movie that has no events yet.</summary>
    public static MovieState Empty(MovieId id) =>
        new(id, "", null, MovieStatus.Pending, 0, null, null, null, null, null, null);

    /// <summary>True once the movie has at least one event.</summary>
    public bool Exists => UpdatedAt is not null;

    /// <summary>Completed, permanently failed or forgotten: no attempt will run without a command.</summary>
    public bool IsSettled => Status is MovieStatus.Completed or MovieStatus.PermanentFailure or MovieStatus.Forgotten;

    public string DisplayName => Year is { } year ? $"{Title} ({year})" : Title;

    public MovieState Apply(IMovieEvent e) => e switch
    {
        MovieQueued q => this with
        {
            QueuedAt = QueuedAt ?? q.At,
            Title = q.Title, Year = q.Year, Status = MovieStatus.Pending, Failures = 0, LastError = null,
            NextRetryAt = null, UpdatedAt = q.At,
        },
        AttemptFailed f => this with
        {
            Status = MovieStatus.Failed, Failures = f.Failures, LastError = f.Error, NextRetryAt = f.NextRetryAt,
            TorrentName = null, InfoHash = null, UpdatedAt = f.At,
        },
        MovieFailedPermanently p => this with
        {
            Status = MovieStatus.PermanentFailure, Failures = p.Failures, LastError = p.Error, NextRetryAt = null,
            TorrentName = null, InfoHash = null, UpdatedAt = p.At,
        },
        TorrentAdded t => this with
        {
            Status = MovieStatus.Downloading, TorrentName = t.TorrentName, InfoHash = t.InfoHash, NextRetryAt = null,
            UpdatedAt = t.At,
        },
        MovieCompleted c => this with { Status = MovieStatus.Completed, Path = c.Path, NextRetryAt = null, UpdatedAt = c.At },
        RetryRequested r => this with
        {
            Status = MovieStatus.Pending, Failures = 0, NextRetryAt = null, UpdatedAt = r.At,
        },
        MovieForgotten g => this with { Status = MovieStatus.Forgotten, NextRetryAt = null, UpdatedAt = g.At },
        _ => throw new ArgumentOutOfRangeException(nameof(e), e.GetType().Name, "not a movie event"),
    };

    /// <summary>The event that records a failed attempt: a scheduled retry, or a permanent failure when none is left.</summary>
    public IMovieEvent FailAttempt(string error, RetryPolicy policy, DateTimeOffset now)
    {
        var failures = Failures + 1;
        return policy.AllowsRetryAfter(failures)
            ? new AttemptFailed(MovieId, failures, error, now + policy.DelayBeforeRetry(failures), now)
            : new MovieFailedPermanently(MovieId, failures, error, now);
    }

    /// <summary>Folds a movie's history into its current state.</summary>
    public static MovieState Replay(MovieId id, IEnumerable<IMovieEvent> events) =>
        events.Aggregate(Empty(id), (state, e) => state.Apply(e));
}
