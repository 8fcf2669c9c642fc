using MovieSync.Actors.Downloads;
using MovieSync.Messages;

namespace MovieSync.Host.Hosting;

/// <summary>
/// Stands in until the FileList and qBittorrent clients are wired in: an attempt fails with a message that says so,
/// and the movie keeps its place in the retry schedule.
/// </summary>
public sealed class UnavailableGrabber : IMovieGrabber
{
    public Task<GrabOutcome> GrabAsync(GrabRequest request, CancellationToken cancellationToken) =>
        Task.FromResult<GrabOutcome>(new GrabOutcome.Failed("no download source is configured in this version"));

    public Task<DownloadProgress> FollowAsync(MovieId movieId, string infoHash, CancellationToken cancellationToken) =>
        Task.FromResult<DownloadProgress>(new DownloadProgress.Lost("no download client is configured in this version"));
}
