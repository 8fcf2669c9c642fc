using MovieSync.Actors.Movies;
using MovieSync.Host.Journal;
using MovieSync.Messages;

namespace MovieSync.Host.Web;

/// <summary>One row of <c>GET /api/movies</c>; progress, speed and ETA are set for downloading movies only.</summary>
/// <param name="State">The journal's state, or <c>waiting</c> while the running host holds the movie back (<see cref="WaitingReason"/> says why).</param>
/// <param name="Progress">Fraction downloaded, 0 to 1.</param>
/// <param name="DownloadSpeed">Bytes per second.</param>
/// <param name="Priority"><c>high</c>, <c>normal</c> or <c>low</c>.</param>
/// <param name="GrabNow">A `grab` is under way: first in the FileList line until its attempt ends.</param>
/// <param name="QueuePosition">For a movie still to grab (pending, failed, waiting for its turn): its place in the FileList line's order, 1 first.</param>
public sealed record MovieView(
    string Id,
    string Title,
    int? Year,
    string State,
    int Retries,
    DateTimeOffset? NextRetryAt,
    string? LastError,
    string? TorrentName,
    double? Progress,
    long? DownloadSpeed,
    double? EtaSeconds,
    DateTimeOffset? UpdatedAt,
    string Priority,
    bool GrabNow,
    string? WaitingReason,
    DateTimeOffset? WaitingUntil,
    int? QueuePosition)
{
    public static MovieView Of(MovieState movie, MovieProgress? progress, MovieWait? wait = null, int? queuePosition = null) => new(
        movie.MovieId.Value,
        movie.Title,
        movie.Year,
        wait is null ? StateNames.Of(movie.Status) : StateNames.Waiting,
        movie.Failures,
        movie.NextRetryAt,
        movie.LastError,
        movie.TorrentName,
        progress?.Fraction,
        progress?.BytesPerSecond,
        progress?.Eta is { } eta ? Math.Round(eta.TotalSeconds) : null,
        movie.UpdatedAt,
        Priorities.Of(movie.Priority),
        movie.GrabNow,
        wait?.Reason,
        wait?.Until,
        queuePosition);

    /// <summary>The movies still to grab (pending or failed), in the FileList line's order: their <see cref="QueuePosition"/>.</summary>
    public static IReadOnlyDictionary<MovieId, int> QueuePositions(IEnumerable<MovieState> movies) => movies
        .Where(m => m.Status is MovieStatus.Pending or MovieStatus.Failed)
        .Order(Comparer<MovieState>.Create((x, y) => QueueOrder.Compare(x.Rank, x.TrackedAt, x.MovieId, y.Rank, y.TrackedAt, y.MovieId)))
        .Select((m, index) => (m.MovieId, Position: index + 1))
        .ToDictionary(p => p.MovieId, p => p.Position);
}

/// <summary>The answer of <c>POST /api/movies/{id}/retry</c>, <c>/forget</c>, <c>/grab</c>, <c>/skip</c> and <c>/priority</c>, as the coordinator gave it.</summary>
public sealed record CommandReply(bool Accepted, string Message);

/// <summary>The answer of <c>POST /api/cleanup?days=N</c>: how many completed movies were dropped, and which.</summary>
public sealed record CleanupReply(int Removed, IReadOnlyList<string> Ids);

/// <summary>Every error the API answers with.</summary>
public sealed record ErrorReply(string Error);
