using MovieSync.Actors.Movies;
using MovieSync.Host.Journal;
using MovieSync.Messages;

namespace MovieSync.Host.Web;

/// <summary>One row of <c>GET /api/movies</c>; progress, speed and ETA are set for downloading movies only.</summary>
/// <param name="Progress">Fraction downloaded, 0 to 1.</param>
/// <param name="DownloadSpeed">Bytes per second.</param>
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
    DateTimeOffset? UpdatedAt)
{
    public static MovieView Of(MovieState movie, MovieProgress? progress) => new(
        movie.MovieId.Value,
        movie.Title,
        movie.Year,
        StateNames.Of(movie.Status),
        movie.Failures,
        movie.NextRetryAt,
        movie.LastError,
        movie.TorrentName,
        progress?.Fraction,
        progress?.BytesPerSecond,
        progress?.Eta is { } eta ? Math.Round(eta.TotalSeconds) : null,
        movie.UpdatedAt);
}

/// <summary>The answer of <c>POST /api/movies/{id}/retry</c> and <c>/forget</c>, as the coordinator gave it.</summary>
public sealed record CommandReply(bool Accepted, string Message);

/// <summary>The answer of <c>POST /api/cleanup?days=N</c>: how many completed movies were dropped, and which.</summary>
public sealed record CleanupReply(int Removed, IReadOnlyList<string> Ids);

/// <summary>Every error the API answers with.</summary>
public sealed record ErrorReply(string Error);
