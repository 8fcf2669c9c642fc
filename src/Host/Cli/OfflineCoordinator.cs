using Akka.Actor;
using MovieSync.Actors.Movies;
using MovieSync.Actors.Hosting;
using MovieSync.Host.Home;
using MovieSync.Messages;

namespace MovieSync.Host.Cli;

/// <summary>
/// The coordinator started by a command while no host runs (the caller holds run.lock), so that a state change is
/// recorded exactly as the host would record it. Its grabber only defers: nothing is grabbed or failed meanwhile.
/// </summary>
public sealed class OfflineCoordinator : IAsyncDisposable
{
    public static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(10);

    private readonly ActorSystem _system;
    private readonly IActorRef _coordinator;

    private OfflineCoordinator(ActorSystem system)
    {
        _system = system;
        _coordinator = system.ActorOf(MovieCoordinator.Props(new DeferringGrabber(), MovieSettings.Default), MovieCoordinator.Name);
    }

    public static OfflineCoordinator Start(HomeLayout home)
    {
        return new OfflineCoordinator(ActorSystem.Create("moviesync-command", MovieSyncConfig.ForCommand(home.Journal)));
    }

    /// <summary>Asks the coordinator, then waits until the writes the command set off are in the journal.</summary>
    /// <exception cref="OperationFailedException">The journal cannot be written: said as soon as a write fails, not after the timeout.</exception>
    public async Task<T> AskAsync<T>(object command, MovieId? movie = null)
    {
        var reply = await JournalWatchedAsk.AskAsync<T>(_system, _coordinator, command, AskTimeout, "the change was not recorded");
        await SettleAsync(movie);
        return reply;
    }

    /// <summary>
    /// A reopened movie's actor records the retry while it recovers, after the coordinator has replied: asking it
    /// anything waits for that. The coordinator answers statistics only between its own writes.
    /// </summary>
    private async Task SettleAsync(MovieId? movie)
    {
        try
        {
            if (movie is { } id)
            {
                // Answered by the movie's actor once its recovery writes are done, or at once when it has none.
                await _coordinator.Ask<object>(new MovieQueries.GetMovieState(id), SettleTimeout);
            }

            await _coordinator.Ask<MovieQueries.StatisticsResult>(MovieQueries.GetStatistics.Instance, SettleTimeout);
        }
        catch (AskTimeoutException)
        {
            // The movie has no actor (settled): nothing of its own is being written.
        }
    }

    public async ValueTask DisposeAsync() => await _system.Terminate();

    /// <summary>Answers every attempt with "later": the next `run` makes it.</summary>
    private sealed class DeferringGrabber : IMovieGrabber
    {
        public Task<GrabOutcome> GrabAsync(GrabRequest request, CancellationToken cancellationToken) =>
            Task.FromResult<GrabOutcome>(new GrabOutcome.Deferred("a command holds the journal; the next `run` grabs it",
                DateTimeOffset.UtcNow.AddDays(1)));

        public Task<DownloadProgress> FollowAsync(MovieId movieId, string infoHash, CancellationToken cancellationToken) =>
            Task.FromResult<DownloadProgress>(new DownloadProgress.InProgress(0, 0, null));

        /// <summary>Never asked: its progress tells no torrent state, so nothing is judged stalled while a command runs.</summary>
        public Task<bool> RemoveAsync(MovieId movieId, string infoHash, bool deleteFiles, CancellationToken cancellationToken) =>
            throw new NotSupportedException("a command removes no torrent");
    }
}
