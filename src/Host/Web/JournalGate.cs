using Akka.Actor;
using Microsoft.AspNetCore.Http;
using MovieSync.Actors.Journal;
using MovieSync.Host.Journal;

namespace MovieSync.Host.Web;

/// <summary>
/// Keeps the API's state changes from waiting on a journal that cannot be written: refused at once (503, with the
/// database's reason) while it is failing, and an ask in flight is given up as soon as the journal is seen failing.
/// </summary>
public sealed class JournalGate(ActorSystem system)
{
    private static readonly TimeSpan HealthTimeout = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan WatchEvery = TimeSpan.FromMilliseconds(250);

    /// <summary>The journal as the host sees it; "unknown" when its health actor does not answer in time.</summary>
    public async Task<JournalView> ViewAsync(CancellationToken cancellationToken) =>
        await JournalHealthExtension.AskAsync(system, HealthTimeout, cancellationToken) is { } health
            ? JournalView.Of(health)
            : new JournalView("unknown", "the host did not say in time", null);

    /// <summary>A 503 naming the cause when a change asked for now would fail; null when it may go ahead.</summary>
    public async Task<IResult?> RefusalAsync(CancellationToken cancellationToken) =>
        await RefusingHealthAsync(cancellationToken) is { } health
            ? Unavailable(health, "nothing was changed; try again once it can be written")
            : null;

    /// <summary>
    /// Asks <paramref name="target"/>; gives up with a 503 as soon as the journal is seen failing meanwhile (the answer
    /// would wait for it), saying <paramref name="unconfirmed"/> (by default, where a movie's change can be looked up),
    /// and with a 504 after <paramref name="timeout"/>, naming what to look at.
    /// </summary>
    public async Task<(T? Answer, IResult? Failure)> AskAsync<T>(IActorRef target, object message, TimeSpan timeout, string timeoutError,
        CancellationToken cancellationToken, string? unconfirmed = null) where T : class
    {
        unconfirmed ??= "the change was not confirmed; `moviesync history ID` shows whether it was recorded";
        var ask = target.Ask<T>(message, timeout, cancellationToken);
        while (!ask.IsCompleted)
        {
            await Task.WhenAny(ask, Task.Delay(WatchEvery, cancellationToken));
            if (!ask.IsCompleted && await RefusingHealthAsync(cancellationToken) is { } health)
                return (null, Unavailable(health, unconfirmed));
        }

        try
        {
            return (await ask, null);
        }
        catch (AskTimeoutException)
        {
            return await RefusingHealthAsync(cancellationToken) is { } health
                ? (null, Unavailable(health, unconfirmed))
                : (null, Results.Json(new ErrorReply(timeoutError), statusCode: StatusCodes.Status504GatewayTimeout));
        }
    }

    private async Task<JournalHealth?> RefusingHealthAsync(CancellationToken cancellationToken) =>
        await JournalHealthExtension.AskAsync(system, HealthTimeout, cancellationToken) is { } health && health.RefusesChangesAt(system.Scheduler.Now)
            ? health
            : null;

    private static IResult Unavailable(JournalHealth health, string consequence) =>
        Results.Json(new ErrorReply($"the journal cannot be written ({health.Cause}); {consequence}"),
            statusCode: StatusCodes.Status503ServiceUnavailable);
}
