using System.Collections.Concurrent;
using MovieSync.Actors.Movies;
using MovieSync.Messages;

namespace MovieSync.Tests.Support;

/// <summary>A grabber double: answers each attempt from a script per movie and records every call.</summary>
public sealed class ScriptedGrabber : IMovieGrabber
{
    private readonly ConcurrentDictionary<MovieId, ConcurrentQueue<Func<GrabOutcome>>> _scripts = new();
    private readonly ConcurrentDictionary<MovieId, ConcurrentQueue<DownloadProgress>> _progress = new();

    public ConcurrentQueue<GrabRequest> Attempts { get; } = new();

    /// <summary>What an attempt answers when its movie has no script left.</summary>
    public Func<GrabRequest, GrabOutcome> Otherwise { get; set; } =
        r => new GrabOutcome.Added($"{r.Title}.1080p", "hash-" + r.MovieId);

    public ScriptedGrabber Script(MovieId id, params Func<GrabOutcome>[] outcomes)
    {
        var queue = _scripts.GetOrAdd(id, _ => new ConcurrentQueue<Func<GrabOutcome>>());
        foreach (var outcome in outcomes)
            queue.Enqueue(outcome);
        return this;
    }

    public ScriptedGrabber Progress(MovieId id, params DownloadProgress[] reports)
    {
        var queue = _progress.GetOrAdd(id, _ => new ConcurrentQueue<DownloadProgress>());
        foreach (var report in reports)
            queue.Enqueue(report);
        return this;
    }

    public int AttemptsFor(MovieId id) => Attempts.Count(a => a.MovieId == id);

    private readonly ConcurrentDictionary<MovieId, TaskCompletionSource<GrabOutcome>> _held = new();

    /// <summary>The movie's next attempt runs until the test completes the returned source (an attempt under way).</summary>
    public TaskCompletionSource<GrabOutcome> HoldNext(MovieId id) =>
        _held.GetOrAdd(id, _ => new TaskCompletionSource<GrabOutcome>(TaskCreationOptions.RunContinuationsAsynchronously));

    public Task<GrabOutcome> GrabAsync(GrabRequest request, CancellationToken cancellationToken)
    {
        Attempts.Enqueue(request);
        if (_held.TryRemove(request.MovieId, out var held))
            return held.Task;
        return _scripts.TryGetValue(request.MovieId, out var queue) && queue.TryDequeue(out var next)
            ? Task.FromResult(next())
            : Task.FromResult(Otherwise(request));
    }

    /// <summary>When set, answers every progress check (by movie and info-hash) instead of the scripts.</summary>
    public Func<MovieId, string, DownloadProgress>? Following { get; set; }

    public Task<DownloadProgress> FollowAsync(MovieId movieId, string infoHash, CancellationToken cancellationToken) =>
        Following is { } following ? Task.FromResult(following(movieId, infoHash)) : Task.FromResult(_progress.TryGetValue(movieId, out var queue) && queue.TryDequeue(out var next)
            ? next
            : new DownloadProgress.InProgress(0.5, 1000, TimeSpan.FromMinutes(1)));

    /// <summary>Every removal asked for, in order; <see cref="RemoveFails"/> makes the next ones throw (the client is down).</summary>
    public ConcurrentQueue<(MovieId MovieId, string InfoHash, bool DeleteFiles)> Removals { get; } = new();

    public volatile bool RemoveFails;

    public Task<bool> RemoveAsync(MovieId movieId, string infoHash, bool deleteFiles, CancellationToken cancellationToken)
    {
        if (RemoveFails)
            throw new InvalidOperationException("qBittorrent unreachable");
        Removals.Enqueue((movieId, infoHash, deleteFiles));
        return Task.FromResult(true);
    }

    public static Func<GrabOutcome> Fails(string reason) => () => new GrabOutcome.Failed(reason);

    public static Func<GrabOutcome> Throws(string message) => () => throw new InvalidOperationException(message);
}
