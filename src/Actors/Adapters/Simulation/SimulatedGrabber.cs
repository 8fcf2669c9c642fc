using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MovieSync.Actors.Movies;
using MovieSync.Messages;

namespace MovieSync.Actors.Adapters.Simulation;

/// <summary>
/// A download client that exists only in a ledger file: slow adds, scripted failures, downloads that finish after a
/// while. Like the real client it is idempotent per movie: an add that reached the ledger is never made twice.
/// </summary>
public sealed class SimulatedGrabber : IMovieGrabber
{
    private readonly SimulationPlan _plan;
    private readonly TimeProvider _clock;
    private readonly Lock _ledgerLock = new();

    public SimulatedGrabber(SimulationPlan plan, TimeProvider clock)
    {
        _plan = plan;
        _clock = clock;
    }

    public async Task<GrabOutcome> GrabAsync(GrabRequest request, CancellationToken cancellationToken)
    {
        var movie = _plan.Movie(request.MovieId);
        Append($"attempt {request.MovieId} {request.Attempt}");
        await Task.Delay(TimeSpan.FromSeconds(_plan.GrabSeconds), cancellationToken);
        if (movie?.OnDisk == true)
            return new GrabOutcome.AlreadyOnDisk(Path.Combine(_plan.DownloadDirectory, request.Title));
        if (request.Attempt <= (movie?.FailAttempts ?? 0))
            return new GrabOutcome.Failed(movie?.Error ?? $"simulated failure of attempt {request.Attempt}");

        var hash = InfoHash(request.MovieId);
        lock (_ledgerLock)
        {
            if (AddedAt(request.MovieId) is null)
                Append($"added {request.MovieId} {_clock.GetUtcNow().ToUnixTimeMilliseconds()}");
        }

        return new GrabOutcome.Added($"{request.Title}.{request.Year}.1080p.BluRay.x264-SIM", hash, "simulated: 1080p");
    }

    public Task<DownloadProgress> FollowAsync(MovieId movieId, string infoHash, CancellationToken cancellationToken)
    {
        DateTimeOffset? added;
        lock (_ledgerLock)
            added = AddedAt(movieId);
        if (added is null)
            return Task.FromResult<DownloadProgress>(new DownloadProgress.Lost("the torrent is no longer in the client"));
        var fraction = (_clock.GetUtcNow() - added.Value).TotalSeconds / Math.Max(_plan.DownloadSeconds, 0.001);
        return Task.FromResult<DownloadProgress>(fraction >= 1
            ? new DownloadProgress.Finished(Path.Combine(_plan.DownloadDirectory, movieId.Value))
            : new DownloadProgress.InProgress(fraction, 10_000_000, TimeSpan.FromSeconds(_plan.DownloadSeconds * (1 - fraction))));
    }

    /// <summary>Never asked: the simulation tells no torrent state, so nothing stalls.</summary>
    public Task<bool> RemoveAsync(MovieId movieId, string infoHash, bool deleteFiles, CancellationToken cancellationToken) =>
        throw new NotSupportedException("the simulated client reports no torrent state, so no torrent stalls in it");

    private DateTimeOffset? AddedAt(MovieId movieId)
    {
        if (!File.Exists(_plan.Ledger))
            return null;
        var prefix = $"added {movieId} ";
        var line = File.ReadLines(_plan.Ledger).FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
        return line is null ? null : DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(line[prefix.Length..]));
    }

    private void Append(string line)
    {
        lock (_ledgerLock)
        {
            using var stream = new FileStream(_plan.Ledger, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
            stream.Write(Encoding.UTF8.GetBytes(line + "\n"));
            stream.Flush(flushToDisk: true);
        }
    }

    private static string InfoHash(MovieId id) =>
        Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(id.Value)));
}

/// <summary>What a simulated run contains: the watchlist, how each film behaves, and where the ledger is.</summary>
public sealed record SimulationPlan(
    IReadOnlyList<SimulatedMovie> Movies,
    double GrabSeconds,
    double DownloadSeconds,
    string Ledger,
    string DownloadDirectory)
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public SimulatedMovie? Movie(MovieId id) => Movies.FirstOrDefault(m => m.Id == id.Value);

    public static SimulationPlan Load(string path) =>
        JsonSerializer.Deserialize<SimulationPlan>(File.ReadAllText(path), Json)
        ?? throw new InvalidDataException($"{path} holds no simulation plan");

    public void Save(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, Json));
}

/// <summary>
/// A film of a simulated watchlist: its first <paramref name="FailAttempts"/> attempts fail, with <paramref name="Error"/>
/// when set (else "simulated failure of attempt N").
/// </summary>
public sealed record SimulatedMovie(string Id, string Title, int? Year, int FailAttempts = 0, bool OnDisk = false, string? Error = null);
