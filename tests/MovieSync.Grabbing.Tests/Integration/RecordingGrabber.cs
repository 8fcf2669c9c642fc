using System.Collections.Concurrent;
using MovieSync.Actors.Movies;
using MovieSync.Messages;

namespace MovieSync.Grabbing.Tests.Integration;

/// <summary>Passes every call to the real grabber and keeps what it answered.</summary>
public sealed class RecordingGrabber(IMovieGrabber inner) : IMovieGrabber
{
    /// <summary>Every attempt, recorded as it starts: in step with the movie actor that started it.</summary>
    public ConcurrentQueue<GrabRequest> Started { get; } = new();

    public ConcurrentQueue<(GrabRequest Request, GrabOutcome Outcome)> Grabs { get; } = new();

    public ConcurrentQueue<DownloadProgress> Progress { get; } = new();

    public IReadOnlyList<GrabOutcome> OutcomesFor(MovieId id) => Grabs.Where(g => g.Request.MovieId == id).Select(g => g.Outcome).ToList();

    public async Task<GrabOutcome> GrabAsync(GrabRequest request, CancellationToken cancellationToken)
    {
        Started.Enqueue(request);
        var outcome = await inner.GrabAsync(request, cancellationToken);
        Grabs.Enqueue((request, outcome));
        return outcome;
    }

    public async Task<DownloadProgress> FollowAsync(MovieId movieId, string infoHash, CancellationToken cancellationToken)
    {
        var progress = await inner.FollowAsync(movieId, infoHash, cancellationToken);
        Progress.Enqueue(progress);
        return progress;
    }

    public ConcurrentQueue<(string InfoHash, bool DeleteFiles)> Removed { get; } = new();

    public async Task<bool> RemoveAsync(MovieId movieId, string infoHash, bool deleteFiles, CancellationToken cancellationToken)
    {
        var removed = await inner.RemoveAsync(movieId, infoHash, deleteFiles, cancellationToken);
        Removed.Enqueue((infoHash, deleteFiles));
        return removed;
    }
}
