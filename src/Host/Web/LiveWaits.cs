using Akka.Actor;
using Akka.Hosting;
using MovieSync.Actors.Movies;
using MovieSync.Actors.Schedule;
using MovieSync.Host.Journal;
using MovieSync.Messages;

namespace MovieSync.Host.Web;

/// <summary>
/// What a running host holds back right now, and why (the state <c>waiting</c>): movies whose last attempt was deferred
/// (FileList budget or credentials, disk space), as the coordinator heard, and, while the download window is shut, every
/// download. None of it is in the journal: nothing is wrong, and a restart works it out again.
/// </summary>
public sealed class LiveWaits
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(2);

    private readonly IReadOnlyDictionary<MovieId, MovieWait> _deferred;
    private readonly MovieWait? _windowShut;

    private LiveWaits(IReadOnlyDictionary<MovieId, MovieWait> deferred, MovieWait? windowShut)
    {
        _deferred = deferred;
        _windowShut = windowShut;
    }

    public static LiveWaits None { get; } = new(new Dictionary<MovieId, MovieWait>(), null);

    /// <summary>Asks the coordinator and the download window actor; what does not answer in time counts as not waiting.</summary>
    public static async Task<LiveWaits> AskAsync(ActorRegistry registry, CancellationToken cancellationToken)
    {
        var coordinator = await registry.GetAsync<MovieCoordinator>(cancellationToken);
        var deferred = AskOrNull<MovieQueries.WaitingResult>(coordinator, MovieQueries.GetWaiting.Instance);
        var window = registry.TryGet<DownloadWindowActor>(out var windowActor)
            ? AskOrNull<DownloadWindowState>(windowActor, GetDownloadWindowState.Instance)
            : Task.FromResult<DownloadWindowState?>(null);
        await Task.WhenAll(deferred, window);
        var shut = window.Result is { Open: false } state
            ? new MovieWait(default, state.NextEdge is { } opens
                ? $"outside the download window (schedule.download_window): paused until {opens.ToLocalTime():yyyy-MM-dd HH:mm zzz}"
                : "outside the download window (schedule.download_window): paused", state.NextEdge ?? DateTimeOffset.MaxValue)
            : null;
        return new LiveWaits(deferred.Result?.Movies.ToDictionary(w => w.MovieId) ?? new Dictionary<MovieId, MovieWait>(), shut);
    }

    /// <summary>Why the movie waits; null when it does not (or it is in no state that can).</summary>
    public MovieWait? Of(MovieState movie) => movie.Status switch
    {
        MovieStatus.Pending or MovieStatus.Failed => _deferred.GetValueOrDefault(movie.MovieId),
        MovieStatus.Downloading => _windowShut is { } shut ? shut with { MovieId = movie.MovieId } : null,
        _ => null,
    };

    /// <summary>The state as `list` prints it and the API answers: <c>waiting</c>, else the journal's.</summary>
    public string StateOf(MovieState movie) => Of(movie) is null ? StateNames.Of(movie.Status) : StateNames.Waiting;

    /// <summary>The journal's counts with the waiting movies among <paramref name="movies"/> counted as waiting.</summary>
    public MovieCounts Count(IEnumerable<MovieState> movies, MovieCounts counts) =>
        counts.WithWaiting(movies.Where(m => Of(m) is not null).Select(m => m.Status));

    private static async Task<T?> AskOrNull<T>(IActorRef actor, object question) where T : class
    {
        try
        {
            return await actor.Ask<T>(question, AskTimeout);
        }
        catch (AskTimeoutException)
        {
            return null;
        }
    }
}
