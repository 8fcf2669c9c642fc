using System.Text.Json.Nodes;
using Akka.Actor;
using Akka.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using MovieSync.Actors.Movies;
using MovieSync.Host.Journal;
using MovieSync.Messages;
using static MovieSync.Messages.MovieQueries;

namespace MovieSync.Host.Web;

/// <summary>The JSON API under <c>/api</c>: the same views the CLI prints, and the commands (retry, forget, grab, skip, priority) through the coordinator.</summary>
public static class MovieApi
{
    private const string AskedReason = "asked through the API";
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan ProgressTimeout = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan VisibleTimeout = TimeSpan.FromSeconds(5);

    public static RouteGroupBuilder MapMovieApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api");
        api.MapGet("/health", () => Results.Text("ok"));
        api.MapGet("/status", StatusAsync);
        // The other routes read the board: the first requests may arrive while it still reads the journal, and wait for
        // it, for a while.
        var loaded = api.MapGroup("");
        loaded.AddEndpointFilter(async (context, next) =>
        {
            var board = context.HttpContext.RequestServices.GetRequiredService<MovieBoard>();
            try
            {
                await board.WhenReady.WaitAsync(ReadyTimeout, context.HttpContext.RequestAborted);
            }
            catch (TimeoutException)
            {
                return StillLoading();
            }

            return await next(context);
        });
        loaded.MapGet("/movies", MoviesAsync);
        loaded.MapGet("/failures", (MovieBoard board) =>
            Results.Ok(board.Movies.Where(m => m.Status == MovieStatus.PermanentFailure).Select(m => MovieView.Of(m, null))));
        loaded.MapGet("/movies/{id}/history", HistoryAsync);
        loaded.MapPost("/movies/{id}/retry", (string id, MovieBoard board, ActorRegistry registry, JournalGate journal, CancellationToken ct) =>
            CommandAsync(id, board, registry, journal, movie => new MovieCommands.RetryMovie(movie),
                (MovieCommands.RetryMovieResult r) => new CommandReply(r.Accepted, r.Message), (before, now) => !Equals(before, now), ct));
        loaded.MapPost("/movies/{id}/forget", (string id, MovieBoard board, ActorRegistry registry, JournalGate journal, CancellationToken ct) =>
            CommandAsync(id, board, registry, journal, movie => new MovieCommands.ForgetMovie(movie, AskedReason),
                (MovieCommands.ForgetMovieResult r) => new CommandReply(r.Accepted, r.Message),
                (_, now) => now?.Status == MovieStatus.Forgotten, ct));
        loaded.MapPost("/movies/{id}/grab", (string id, MovieBoard board, ActorRegistry registry, JournalGate journal, CancellationToken ct) =>
            CommandAsync<MovieCommands.MovieCommandResult>(id, board, registry, journal, movie => new MovieCommands.GrabMovie(movie, AskedReason), Reply,
                (before, now) => !Equals(before, now), ct));
        loaded.MapPost("/movies/{id}/skip", (string id, MovieBoard board, ActorRegistry registry, JournalGate journal, CancellationToken ct) =>
            CommandAsync<MovieCommands.MovieCommandResult>(id, board, registry, journal, movie => new MovieCommands.SkipMovie(movie, AskedReason), Reply,
                (_, now) => now?.Status == MovieStatus.Skipped, ct));
        loaded.MapPost("/movies/{id}/priority", PriorityAsync);
        loaded.MapPost("/cleanup", CleanupAsync);
        loaded.MapGet("/events", LiveEvents.StreamAsync);
        return api;
    }

    /// <summary>
    /// The counts from the board once it has read the journal; until then from the coordinator, which has them as soon as
    /// its movies have recovered (<c>loading: true</c>: the unreadable journals are those found so far).
    /// </summary>
    private static async Task<IResult> StatusAsync(MovieBoard board, ActorRegistry registry, JournalGate journal, CancellationToken ct)
    {
        var journalView = await journal.ViewAsync(ct);
        if (!board.WhenReady.IsCompleted)
        {
            var coordinator = await registry.GetAsync<MovieCoordinator>(ct);
            var statistics = coordinator.Ask<StatisticsResult>(GetStatistics.Instance, ReadyTimeout, ct);
            var first = await Task.WhenAny(board.WhenReady, statistics);
            if (first == statistics && !board.WhenReady.IsCompleted)
            {
                if (!statistics.IsCompletedSuccessfully)
                    return StillLoading();
                return Results.Ok(StatusView.Of(statistics.Result.Counts, journalView, board.Unreadable, loading: true)
                    with { Accounts = await AccountsApi.AccountsAsync(registry, ct) });
            }
        }

        var waits = await LiveWaits.AskAsync(registry, ct);
        return Results.Ok(StatusView.Of(waits.Count(board.Movies, board.Counts), journalView, board.Unreadable)
            with { Accounts = await AccountsApi.AccountsAsync(registry, ct) });
    }

    /// <summary><c>POST /api/movies/{id}/priority?value=high|normal|low</c> (`priority ID VALUE`).</summary>
    private static async Task<IResult> PriorityAsync(string id, HttpRequest request, MovieBoard board, ActorRegistry registry,
        JournalGate journal, CancellationToken ct)
    {
        var text = request.Query["value"].ToString();
        if (!Priorities.TryParse(text, out var priority))
            return BadRequest($"value: expected {Priorities.Accepted}, got '{text}' (as in /api/movies/{{id}}/priority?value=high)");
        return await CommandAsync<MovieCommands.MovieCommandResult>(id, board, registry, journal, movie => new MovieCommands.SetPriority(movie, priority, AskedReason), Reply,
            (_, now) => now?.Priority == priority, ct);
    }

    private static CommandReply Reply(MovieCommands.MovieCommandResult result) => new(result.Accepted, result.Message);

    private static IResult StillLoading() =>
        Results.Json(new ErrorReply("the host is still loading its journal; try again shortly"), statusCode: StatusCodes.Status503ServiceUnavailable);

    private static async Task<IResult> MoviesAsync(string? state, MovieBoard board, ActorSystem system, ActorRegistry registry,
        CancellationToken ct)
    {
        if (state is not null && !StateNames.All.Contains(state))
            return BadRequest($"state: '{state}' is not a state; accepted values: {string.Join(", ", StateNames.All)}");
        var waits = await LiveWaits.AskAsync(registry, ct);
        var positions = MovieView.QueuePositions(board.Movies);
        var movies = board.Movies.Where(m => state is null || waits.StateOf(m) == state).ToList();
        var downloading = movies.Where(m => m.Status == MovieStatus.Downloading).ToList();
        var progress = new Dictionary<MovieId, MovieProgress?>();
        if (downloading.Count > 0)
        {
            var coordinator = await registry.GetAsync<MovieCoordinator>(ct);
            var answers = await Task.WhenAll(downloading.Select(m => ProgressOf(coordinator, m.MovieId)));
            foreach (var (movie, answer) in downloading.Zip(answers))
                progress[movie.MovieId] = answer;
        }

        return Results.Ok(movies.Select(m =>
            MovieView.Of(m, progress.GetValueOrDefault(m.MovieId), waits.Of(m), positions.GetValueOrDefault(m.MovieId) is var p and > 0 ? p : null)));
    }

    /// <summary>Live progress from the movie's own actor; null when it does not answer quickly (the list still loads).</summary>
    private static async Task<MovieProgress?> ProgressOf(IActorRef coordinator, MovieId id)
    {
        try
        {
            var answer = await coordinator.Ask<object>(new MovieQueries.GetMovieState(id), ProgressTimeout);
            return (answer as MovieQueries.MovieStateResult)?.Progress;
        }
        catch (AskTimeoutException)
        {
            return null;
        }
    }

    private static async Task<IResult> HistoryAsync(string id, MovieBoard board, CancellationToken ct)
    {
        if (!MovieId.TryParse(id, out var movieId, out var error))
            return BadRequest(error);
        var events = await board.HistoryAsync(movieId, ct);
        if (events.Count == 0 && board.Find(movieId) is null)
            return UnknownMovie(movieId);
        return Results.Ok(new JsonArray(events.Select(e => (JsonNode)EventText.ToJson(e, withPersistenceId: false)).ToArray()));
    }

    private static async Task<IResult> CommandAsync<TResult>(string id, MovieBoard board, ActorRegistry registry, JournalGate journal,
        Func<MovieId, object> command, Func<TResult, CommandReply> reply, Func<MovieState?, MovieState?, bool> visible, CancellationToken ct)
        where TResult : class
    {
        if (!MovieId.TryParse(id, out var movieId, out var error))
            return BadRequest(error);
        if (await journal.RefusalAsync(ct) is { } refusal)
            return refusal;
        var before = board.Find(movieId);
        var coordinator = await registry.GetAsync<MovieCoordinator>(ct);
        var (result, failure) = await journal.AskAsync<TResult>(coordinator, command(movieId), CommandTimeout,
            $"the host did not answer about {movieId} in time; see `moviesync history {movieId}`", ct);
        if (failure is not null)
            return failure;

        var answer = reply(result!);
        if (!answer.Accepted)
            // The coordinator refuses movies it does not track; the journal confirms that nobody ever named this one.
            return board.Find(movieId) is null ? UnknownMovie(movieId) : Results.Json(answer, statusCode: StatusCodes.Status409Conflict);
        // Read your writes: the next GET shows the change (the journal is read a moment after the write).
        await board.WaitUntilAsync(b => visible(before, b.Find(movieId)), VisibleTimeout, ct);
        return Results.Ok(answer);
    }

    /// <summary><c>POST /api/cleanup?days=N</c>: drops completed movies older than N days from the live state (`cleanup --days N`).</summary>
    private static async Task<IResult> CleanupAsync(HttpRequest request, MovieBoard board, ActorRegistry registry, JournalGate journal,
        CancellationToken ct)
    {
        var text = request.Query["days"].ToString();
        if (text.Length == 0)
            return BadRequest("days: required, the age in days of the completed movies to drop (0: every completed movie), as in /api/cleanup?days=30");
        if (!int.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var days))
            return BadRequest($"days: expected a whole number of days, got '{text}'");
        if (days is < 0 or > MovieCommands.CleanupCompleted.MaxDays)
            return BadRequest($"days: must be from 0 to {MovieCommands.CleanupCompleted.MaxDays}, got {days}");

        if (await journal.RefusalAsync(ct) is { } refusal)
            return refusal;
        var coordinator = await registry.GetAsync<MovieCoordinator>(ct);
        var (result, failure) = await journal.AskAsync<MovieCommands.CleanupCompletedResult>(coordinator,
            new MovieCommands.CleanupCompleted(DateTimeOffset.UtcNow.AddDays(-days)), CommandTimeout,
            "the host did not finish the cleanup in time; `moviesync status` shows what it did", ct);
        if (failure is not null)
            return failure;

        var removed = result!.Removed.Select(id => id.Value).ToList();
        await board.WaitUntilAsync(b => b.Movies.All(m => !removed.Contains(m.MovieId.Value)), VisibleTimeout, ct);
        return Results.Ok(new CleanupReply(result.Count, removed));
    }

    private static IResult BadRequest(string error) => Results.Json(new ErrorReply(error), statusCode: StatusCodes.Status400BadRequest);

    private static IResult UnknownMovie(MovieId id) =>
        Results.Json(new ErrorReply($"'{id}' is not a movie MovieSync has seen"), statusCode: StatusCodes.Status404NotFound);
}
