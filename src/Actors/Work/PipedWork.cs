using Akka.Actor;

namespace MovieSync.Actors.Work;

/// <summary>
/// Runs slow work (HTTP, disk) off the actor's thread, bounded by a timeout, and pipes how it ended back as a message:
/// the one way actors here wait for anything.
/// </summary>
public static class PipedWork
{
    /// <summary>
    /// Starts <paramref name="work"/> on the thread pool (so even its synchronous part never runs in the mailbox) and
    /// tells <paramref name="recipient"/> <paramref name="done"/>'s message, or <paramref name="failed"/>'s for an
    /// exception; a timeout (whether or not the work honours its token) arrives as a <see cref="TimeoutException"/>.
    /// </summary>
    public static void Run<T>(Func<CancellationToken, Task<T>> work, TimeSpan timeout, Func<T, object> done,
        Func<Exception, object> failed, IActorRef recipient, IActorRef? sender = null)
    {
        var cancellation = new CancellationTokenSource(timeout);
        Task.Run(() => work(cancellation.Token), cancellation.Token)
            .WaitAsync(timeout)
            .ContinueWith(task =>
            {
                cancellation.Dispose();
                return task.IsCompletedSuccessfully ? done(task.Result) : failed(Cause(task, timeout));
            }, TaskScheduler.Default)
            .PipeTo(recipient, sender);
    }

    private static Exception Cause(Task task, TimeSpan timeout) => task.Exception?.GetBaseException() switch
    {
        null or OperationCanceledException or TimeoutException => new TimeoutException($"no result within {timeout}"),
        var error => error,
    };
}
