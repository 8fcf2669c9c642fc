namespace MovieSync.Messages;

/// <summary>Where a movie is in its lifecycle.</summary>
public enum MovieStatus
{
    Pending,
    Failed,
    PermanentFailure,
    Downloading,
    Completed,
    Forgotten,

    /// <summary>Someone said never to grab it (`skip`): kept while on the watchlist; `retry` or `grab` brings it back.</summary>
    Skipped,
}

/// <summary>The order in which waiting movies get the FileList budget (`priority ID high|normal|low`).</summary>
public enum MoviePriority
{
    High,
    Normal,
    Low,
}

/// <summary>
/// A movie's place class in every FileList line: a `grab` goes first, then by priority; within a class, the order the
/// movies were tracked (<see cref="QueueOrder"/>).
/// </summary>
public enum QueueRank
{
    GrabNow,
    High,
    Normal,
    Low,
}

/// <summary>The one order of every FileList line, and of the dashboard's list of movies to grab.</summary>
public static class QueueOrder
{
    /// <summary>By rank, then tracked first, then by id (so the order is total).</summary>
    public static int Compare(QueueRank xRank, DateTimeOffset xTrackedAt, MovieId xId, QueueRank yRank, DateTimeOffset yTrackedAt, MovieId yId)
    {
        var byRank = xRank.CompareTo(yRank);
        if (byRank != 0)
            return byRank;
        var byTime = xTrackedAt.CompareTo(yTrackedAt);
        return byTime != 0 ? byTime : string.CompareOrdinal(xId.Value, yId.Value);
    }
}

/// <summary>A movie's persisted lifecycle events, oldest first in its journal (<c>movie-&lt;id&gt;</c>).</summary>
public interface IMovieEvent : IPersistedMessage, IWithMovieId
{
    DateTimeOffset At { get; }
}

public static class MovieEvents
{
    /// <summary>The movie is wanted: it came from the watchlist (or a command) and waits for its first attempt.</summary>
    public sealed record MovieQueued(MovieId MovieId, string Title, int? Year, DateTimeOffset At) : IMovieEvent;

    /// <summary>
    /// An attempt failed; <paramref name="Failures"/> counts the failed attempts so far and retry number
    /// <paramref name="Failures"/> runs at <paramref name="NextRetryAt"/>.
    /// </summary>
    public sealed record AttemptFailed(MovieId MovieId, int Failures, string Error, DateTimeOffset NextRetryAt, DateTimeOffset At)
        : IMovieEvent
    {
        /// <summary>The torrent this attempt gave up on (it stalled): never chosen again for this movie. Absent before issue 12.</summary>
        public RejectedTorrent? Rejected { get; init; }
    }

    /// <summary>The last allowed retry failed: no more attempts until someone asks for a retry.</summary>
    public sealed record MovieFailedPermanently(MovieId MovieId, int Failures, string Error, DateTimeOffset At) : IMovieEvent
    {
        /// <summary>As <see cref="AttemptFailed.Rejected"/>: kept through a later `retry`.</summary>
        public RejectedTorrent? Rejected { get; init; }
    }

    /// <summary>A torrent for the movie is in the download client, identified by its info-hash.</summary>
    public sealed record TorrentAdded(MovieId MovieId, string TorrentName, string InfoHash, DateTimeOffset At) : IMovieEvent
    {
        /// <summary>Why this torrent was chosen among the search results ("1080p, freeleech, 143 seeders").</summary>
        public string? Reason { get; init; }

        public long? SizeBytes { get; init; }

        /// <summary>The FileList torrent id it came from (absent before issue 12, and for torrents from elsewhere).</summary>
        public long? FileListId { get; init; }
    }

    /// <summary>
    /// The download was seen moving (to <paramref name="Fraction"/>) or legitimately held (paused, queued, checking) at
    /// <paramref name="At"/>: its stall clock starts there, also after a restart. Written at most once per
    /// <c>MovieSettings.ProgressMarkEvery</c>, so the journal does not grow with every poll.
    /// </summary>
    public sealed record DownloadProgressed(MovieId MovieId, double Fraction, DateTimeOffset At) : IMovieEvent;

    /// <summary>The film is on disk: its download finished, or it was found already there.</summary>
    public sealed record MovieCompleted(MovieId MovieId, string? Path, bool AlreadyOnDisk, DateTimeOffset At) : IMovieEvent;

    /// <summary>Someone asked for a failed movie to be tried again with a fresh retry count.</summary>
    public sealed record RetryRequested(MovieId MovieId, DateTimeOffset At) : IMovieEvent;

    /// <summary>The movie is no longer tracked (it will be grabbed again only if it reappears on the watchlist).</summary>
    public sealed record MovieForgotten(MovieId MovieId, string Reason, DateTimeOffset At) : IMovieEvent;

    /// <summary>Its place in the FileList line changed (`priority`); <paramref name="Reason"/> says who asked.</summary>
    public sealed record PriorityChanged(MovieId MovieId, MoviePriority Priority, string Reason, DateTimeOffset At) : IMovieEvent;

    /// <summary>
    /// Someone asked to grab it now (`grab`): pending at once, whatever its backoff, and first in the FileList line until
    /// its next attempt ends. The retry count carries on.
    /// </summary>
    public sealed record GrabRequested(MovieId MovieId, string Reason, DateTimeOffset At) : IMovieEvent;

    /// <summary>Someone said never to grab it (`skip`): no attempt runs until a `retry` or `grab`.</summary>
    public sealed record MovieSkipped(MovieId MovieId, string Reason, DateTimeOffset At) : IMovieEvent;

    /// <summary>
    /// A finished movie left the watchlist and <c>letterboxd.on_removed</c> asked for more than forgetting it: what was done.
    /// It is no longer tracked (as <see cref="MovieForgotten"/>); back on the watchlist, it is grabbed again.
    /// </summary>
    /// <param name="TorrentRemoved">Its torrent was taken out of qBittorrent just now (false: it was not there any more).</param>
    /// <param name="TrashedTo">Where its files went in the trash folder; null when they stayed (or were not there).</param>
    public sealed record MovieRemoved(MovieId MovieId, string Reason, bool TorrentRemoved, string? TrashedTo, DateTimeOffset At) : IMovieEvent;
}

public static class MovieCommands
{
    /// <summary>Track a movie and grab it unless it is already tracked. Answered <see cref="QueueMovieResult"/>.</summary>
    public sealed record QueueMovie(MovieId MovieId, string Title, int? Year) : IWithMovieId, IProtocolMessage;

    /// <summary>The movie is tracked (now, or already was): whoever queued it need not tell it again.</summary>
    public sealed record QueueMovieResult(MovieId MovieId) : IWithMovieId, IProtocolMessage;

    /// <summary>Put a failed or permanently failed movie back to pending with a fresh retry count.</summary>
    public sealed record RetryMovie(MovieId MovieId) : IWithMovieId, IProtocolMessage;

    /// <summary>The outcome of <see cref="RetryMovie"/>.</summary>
    public sealed record RetryMovieResult(MovieId MovieId, bool Accepted, string Message) : IProtocolMessage;

    /// <summary>Stop tracking a movie (it left the watchlist, or a person asked). A movie already in the download client is left alone.</summary>
    public sealed record ForgetMovie(MovieId MovieId, string Reason) : IWithMovieId, IProtocolMessage
    {
        /// <summary>
        /// What to do with a finished movie (from <c>letterboxd.on_removed</c>): <see cref="RemovalAction.Forget"/> leaves it
        /// alone; <see cref="RemovalAction.RemoveTorrent"/> and <see cref="RemovalAction.RemoveFiles"/> remove its torrent
        /// (and move its files to the trash) and record <see cref="MovieEvents.MovieRemoved"/>.
        /// </summary>
        public RemovalAction Removal { get; init; } = RemovalAction.Forget;

        /// <summary>True when a finished movie is to lose its torrent (and perhaps its files).</summary>
        public bool RemovesFinished => Removal is RemovalAction.RemoveTorrent or RemovalAction.RemoveFiles;
    }

    /// <summary>The outcome of <see cref="ForgetMovie"/>.</summary>
    public sealed record ForgetMovieResult(MovieId MovieId, bool Accepted, string Message) : IProtocolMessage;

    /// <summary>Attempt now, first in the FileList line, ignoring the backoff (also for a permanent failure). Answered <see cref="MovieCommandResult"/>.</summary>
    public sealed record GrabMovie(MovieId MovieId, string Reason) : IWithMovieId, IProtocolMessage;

    /// <summary>Never grab the movie (state skipped) until a `retry` or `grab`. Answered <see cref="MovieCommandResult"/>.</summary>
    public sealed record SkipMovie(MovieId MovieId, string Reason) : IWithMovieId, IProtocolMessage;

    /// <summary>Sets the movie's priority in the FileList line. Answered <see cref="MovieCommandResult"/>.</summary>
    public sealed record SetPriority(MovieId MovieId, MoviePriority Priority, string Reason) : IWithMovieId, IProtocolMessage;

    /// <summary>The outcome of <see cref="GrabMovie"/>, <see cref="SkipMovie"/> and <see cref="SetPriority"/>.</summary>
    public sealed record MovieCommandResult(MovieId MovieId, bool Accepted, string Message) : IProtocolMessage;

    /// <summary>
    /// From the coordinator to a movie's actor: the movie needs no actor now (settled or parked). Told in order, so what
    /// was forwarded to the actor before it is still answered; then the actor stops.
    /// </summary>
    public sealed record Passivate : IProtocolMessage
    {
        public static Passivate Instance { get; } = new();
    }

    /// <summary>Drop completed movies that completed before <paramref name="OlderThan"/> from the live state (`cleanup`).</summary>
    public sealed record CleanupCompleted(DateTimeOffset OlderThan) : IProtocolMessage
    {
        /// <summary>The largest age `cleanup` and <c>/api/cleanup</c> take (a century): more would be no date at all.</summary>
        public const int MaxDays = 36_500;
    }

    /// <summary>The outcome of <see cref="CleanupCompleted"/>: which movies were dropped.</summary>
    public sealed record CleanupCompletedResult(IReadOnlyList<MovieId> Removed) : IProtocolMessage
    {
        public int Count => Removed.Count;
    }
}

public static class MovieQueries
{
    /// <summary>Counts per state; answered once every recovered movie has reported in.</summary>
    public sealed record GetStatistics : IProtocolMessage
    {
        public static GetStatistics Instance { get; } = new();
    }

    /// <summary>Counts per state. <paramref name="Changes"/> grows with every state change seen since start.</summary>
    public sealed record StatisticsResult(MovieCounts Counts, long Changes) : IProtocolMessage;

    /// <summary>
    /// One movie's state from its own actor, with its download's progress: the coordinator forwards it to the movie's
    /// actor, or answers <see cref="MovieNotRunning"/> when the movie has none (settled, parked, unknown).
    /// </summary>
    public sealed record GetMovieState(MovieId MovieId) : IWithMovieId, IProtocolMessage;

    /// <summary>The movie's state; <paramref name="Progress"/> is its download's, when one is being followed.</summary>
    public sealed record MovieStateResult(MovieState State, MovieProgress? Progress) : IProtocolMessage;

    /// <summary>The movie has no actor right now: its journal (or `list`) has its state.</summary>
    public sealed record MovieNotRunning(MovieId MovieId) : IWithMovieId, IProtocolMessage;

    /// <summary>Which movies wait right now for something that is not their fault, and why (not journaled). Answered <see cref="WaitingResult"/>.</summary>
    public sealed record GetWaiting : IProtocolMessage
    {
        public static GetWaiting Instance { get; } = new();
    }

    /// <summary>The movies whose last attempt was deferred (FileList budget or credentials, disk space), and why.</summary>
    public sealed record WaitingResult(IReadOnlyList<MovieWait> Movies) : IProtocolMessage;
}

/// <summary>Why a movie waits, and until when at the latest.</summary>
public sealed record MovieWait(MovieId MovieId, string Reason, DateTimeOffset Until);

public static class MovieReports
{
    /// <summary>A movie's actor tells its coordinator its state after recovery and after every change, once its timers are set.</summary>
    public sealed record MovieStateReported(MovieState State) : IProtocolMessage;

    /// <summary>
    /// The movie's attempt waits for something that is not its fault (the FileList budget or credentials) until
    /// <paramref name="Until"/> at the latest: nothing is persisted, and its coordinator may stop its actor until then.
    /// </summary>
    public sealed record MovieWaiting(MovieId MovieId, DateTimeOffset Until, string Reason) : IProtocolMessage;
}

/// <summary>A torrent that failed a movie (it stalled): skipped by FileList id when choosing, and by info-hash once fetched.</summary>
public sealed record RejectedTorrent(string InfoHash, string TorrentName, long? FileListId);

/// <summary>How a download is going, as the download client last reported it.</summary>
public sealed record MovieProgress(double Fraction, long BytesPerSecond, TimeSpan? Eta);
