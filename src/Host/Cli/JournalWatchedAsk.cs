using Akka.Actor;
using MovieSync.Actors.Journal;
using MovieSync.Host.Home;

namespace MovieSync.Host.Cli;

/// <summary>
/// An ask of an actor in a command's own actor system that gives up as soon as the journal refuses a write (a persistent
/// actor whose write fails stops and would never answer), rather than after the whole timeout.
/// </summary>
public static class JournalWatchedAsk
{
    private static readonly TimeSpan WatchEvery = TimeSpan.FromMilliseconds(250);

    /// <exception cref="OperationFailedException">The journal cannot be written: "the journal cannot be written (cause); <paramref name="consequence"/>".</exception>
    public static async Task<T> AskAsync<T>(ActorSystem system, IActorRef target, object message, TimeSpan timeout, string consequence)
    {
        var ask = target.Ask<T>(message, timeout);
        while (!ask.IsCompleted)
        {
            await Task.WhenAny(ask, Task.Delay(WatchEvery));
            if (!ask.IsCompleted && await JournalHealthExtension.AskAsync(system, WatchEvery) is { Writable: false } health)
                throw new OperationFailedException($"the journal cannot be written ({health.Cause}); {consequence}");
        }

        return await ask;
    }
}
