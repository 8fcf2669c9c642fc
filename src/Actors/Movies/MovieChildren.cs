using Akka.Actor;
using MovieSync.Messages;

namespace MovieSync.Actors.Movies;

/// <summary>
/// The coordinator's movie actors, one per movie that needs one, named <c>movie-&lt;escaped id&gt;</c>: started, stopped on
/// purpose, or found stopped; a message for an actor that is stopping waits for its successor. Only the coordinator
/// (and so only this class) knows the names.
/// </summary>
internal sealed class MovieChildren(IActorContext context, Func<MovieId, Props> propsOf)
{
    private static readonly TimeSpan FirstRespawnDelay = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan LastRespawnDelay = TimeSpan.FromMinutes(5);

    private readonly Dictionary<IActorRef, MovieId> _movieOf = new();
    private readonly HashSet<MovieId> _stopping = new();
    private readonly HashSet<MovieId> _justStarted = new();
    private readonly Dictionary<MovieId, List<(object Message, IActorRef Sender)>> _waitingForStop = new();
    private readonly Dictionary<MovieId, TimeSpan> _respawnDelay = new();

    /// <summary>How a watched movie actor ended.</summary>
    public enum Ending
    {
        /// <summary>Not one of ours (any more).</summary>
        Unknown,

        /// <summary>Messages waited for it to stop: its successor is already started and has them.</summary>
        Succeeded,

        /// <summary>Stopped because its movie settled or parked.</summary>
        OnPurpose,

        /// <summary>Stopped by itself: its journal failed, or it kept crashing.</summary>
        Unexpectedly,
    }

    public IActorRef Of(MovieId id) => context.Child(NameOf(id));

    public bool IsRunning(MovieId id) => !Of(id).IsNobody();

    /// <summary>Running and not stopping: a message sent to it now is answered.</summary>
    public bool Answers(MovieId id) => IsRunning(id) && !_stopping.Contains(id);

    /// <summary>Starts the movie's actor unless it runs (a stopping one is started again once it has stopped).</summary>
    public void Start(MovieId id)
    {
        if (IsRunning(id))
            return;
        var child = context.ActorOf(propsOf(id), NameOf(id));
        _movieOf[child] = id;
        _justStarted.Add(id);
        // Plain Watch + Terminated rather than WatchWith: a custom termination message that arrives while a Persist
        // stashes commands comes back from the stash as a bare Terminated (which would kill the coordinator).
        context.Watch(child);
    }

    /// <summary>True until the actor's first report after <see cref="Start"/> (its recovered state) is booked.</summary>
    public bool IsJustStarted(MovieId id) => _justStarted.Contains(id);

    /// <summary>The actor reported: it is past its start, and healthy, so its next unexpected stop waits the least.</summary>
    public void Reported(MovieId id)
    {
        _justStarted.Remove(id);
        _respawnDelay.Remove(id);
    }

    /// <summary>Hands a message to the movie's actor, started by <paramref name="start"/> first; waits for a stopping one.</summary>
    public void Deliver(MovieId id, object message, IActorRef sender, Action start)
    {
        if (_stopping.Contains(id) && IsRunning(id))
        {
            if (!_waitingForStop.TryGetValue(id, out var waiting))
                _waitingForStop[id] = waiting = [];
            waiting.Add((message, sender));
            return;
        }

        start();
        Of(id).Tell(message, sender);
    }

    public void Stop(MovieId id, IActorRef child)
    {
        _stopping.Add(id);
        child.Tell(MovieCommands.Passivate.Instance); // not Context.Stop: it would overtake messages already forwarded
    }

    /// <summary>Books a watched actor's end; messages that waited for it go to a successor started here.</summary>
    public Ending OnTerminated(IActorRef actor, out MovieId id)
    {
        if (!_movieOf.Remove(actor, out id))
            return Ending.Unknown;
        var onPurpose = _stopping.Remove(id);
        if (_waitingForStop.Remove(id, out var waiting))
        {
            Start(id);
            foreach (var (message, sender) in waiting)
                Of(id).Tell(message, sender);
            return Ending.Succeeded;
        }

        return onPurpose ? Ending.OnPurpose : Ending.Unexpectedly;
    }

    /// <summary>How long to wait before starting an actor that stopped unexpectedly: doubling, at most 5 minutes.</summary>
    public TimeSpan NextRespawnDelay(MovieId id)
    {
        var delay = _respawnDelay.TryGetValue(id, out var last)
            ? TimeSpan.FromTicks(Math.Min(last.Ticks * 2, LastRespawnDelay.Ticks))
            : FirstRespawnDelay;
        _respawnDelay[id] = delay;
        return delay;
    }

    private static string NameOf(MovieId id) => "movie-" + Uri.EscapeDataString(id.Value);
}
