using System.Text.Json.Nodes;
using Akka.Actor;
using Akka.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using MovieSync.Actors.Downloads;
using MovieSync.Messages;

namespace MovieSync.Host.Web;

/// <summary>The JSON API under <c>/api</c>: the same views the CLI prints, and retry/forget through the coordinator.</summary>
public static class MovieApi
{
    private const string ForgetReason = "asked through the API";
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan ProgressTimeout = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(10);

    public static RouteGroupBuilder MapMovieApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api");
        api.AddEndpointFilter(async (context, next) =>
        {
            // The first requests may arrive while the journal is still being read: they wait for it, for a while.
            var board = context.HttpContext.RequestServices.GetRequiredService<MovieBoard>();
            try
            {
                await board.WhenReady.WaitAsync(ReadyTimeout, context.HttpContext.RequestAborted);
            }
            catch (TimeoutException)
            {
                return Results.Json(new ErrorReply("the host is still loading its journal; try again shortly"), statusCode: 503);
            }

            return await next(context);
        });
        api.MapGet("/health", () => Results.Text("ok"));
        api.MapGet("/status", (MovieBoard board) => Results.Ok(StateNames.Count(board.Movies)));
        api.MapGet("/movies", MoviesAsync);
        api.MapGet("/failures", (MovieBoard board) =>
            Results.Ok(board.Movies.Where(m => m.Status == MovieStatus.PermanentFailure).Select(m => MovieView.Of(m, null))));
        api.MapGet("/movies/{id}/history", HistoryAsync);
        api.MapPost("/movies/{id}/retry", (string id, MovieBoard board, ActorRegistry registry, CancellationToken ct) =>
            CommandAsync(id, board, registry, movie => new DownloadCommands.RetryMovie(movie),
                (DownloadCommands.RetryMovieResult r) => new CommandReply(r.Accepted, r.Message), ct));
        api.MapPost("/movies/{id}/forget", (string id, MovieBoard board, ActorRegistry registry, CancellationToken ct) =>
            CommandAsync(id, board, registry, movie => new DownloadCommands.ForgetMovie(movie, ForgetReason),
                (DownloadCommands.ForgetMovieResult r) => new CommandReply(r.Accepted, r.Message), ct));
        api.MapGet("/events", LiveEvents.StreamAsync);
        return api;
    }

    private static async Task<IResult> MoviesAsync(string? state, MovieBoard board, ActorSystem system, ActorRegistry registry,
        CancellationToken ct)
    {
        if (state is not null && !StateNames.All.Contains(state))
            return BadRequest($"state: '{state}' is not a state; accepted values: {string.Join(", ", StateNames.All)}");
        var movies = board.Movies.Where(m => state is null || StateNames.Of(m.Status) == state).ToList();
        var downloading = movies.Where(m => m.Status == MovieStatus.Downloading).ToList();
        var progress = new Dictionary<MovieId, DownloadProgress.InProgress?>();
        if (downloading.Count > 0)
        {
            var coordinator = await registry.GetAsync<DownloadCoordinator>(ct);
            var answers = await Task.WhenAll(downloading.Select(m => ProgressOf(system, coordinator, m.MovieId)));
            foreach (var (movie, answer) in downloading.Zip(answers))
                progress[movie.MovieId] = answer;
        }

        return Results.Ok(movies.Select(m => MovieView.Of(m, progress.GetValueOrDefault(m.MovieId))));
    }

    /// <summary>Live progress from the movie's own actor; null when it does not answer quickly (the list still loads).</summary>
    private static async Task<DownloadProgress.InProgress?> ProgressOf(ActorSystem system, IActorRef coordinator, MovieId id)
    {
        try
        {
            var actor = system.ActorSelection(coordinator.Path / ("movie-" + Uri.EscapeDataString(id.Value)));
            var answer = await actor.Ask<DownloadActor.MovieStateResult>(DownloadActor.GetMovieState.Instance, ProgressTimeout);
            return answer.Progress;
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
        return Results.Ok(new JsonArray(events.Select(e => (JsonNode)EventEntry.History(e)).ToArray()));
    }

    private static async Task<IResult> CommandAsync<TResult>(string id, MovieBoard board, ActorRegistry registry,
        Func<MovieId, object> command, Func<TResult, CommandReply> reply, CancellationToken ct)
    {
        if (!MovieId.TryParse(id, out var movieId, out var error))
            return BadRequest(error);
        var coordinator = await registry.GetAsync<DownloadCoordinator>(ct);
        TResult result;
        try
        {
            result = await coordinator.Ask<TResult>(command(movieId), CommandTimeout, ct);
        }
        catch (AskTimeoutException)
        {
            return Results.Json(new ErrorReply($"the host did not answer about {movieId} in time; see `moviesync history {movieId}`"),
                statusCode: StatusCodes.Status504GatewayTimeout);
        }

        var answer = reply(result);
        // The coordinator refuses movies it does not track; the journal confirms that nobody ever named this one.
        return !answer.Accepted && board.Find(movieId) is null ? UnknownMovie(movieId) : Results.Ok(answer);
    }

    private static IResult BadRequest(string error) => Results.Json(new ErrorReply(error), statusCode: StatusCodes.Status400BadRequest);

    private static IResult UnknownMovie(MovieId id) =>
        Results.Json(new ErrorReply($"'{id}' is not a movie MovieSync has seen"), statusCode: StatusCodes.Status404NotFound);
}
