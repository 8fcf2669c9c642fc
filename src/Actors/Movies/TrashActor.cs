using Akka.Actor;
using Akka.Event;
using MovieSync.Actors.Work;
using MovieSync.Clients.Library;

namespace MovieSync.Actors.Movies;

/// <summary>Empties the film trash (<see cref="FilmTrash"/>) of removals older than 30 days: at start, then once a day.</summary>
public sealed class TrashActor : ReceiveActor, IWithTimers
{
    public const string Name = "trash";
    public static readonly TimeSpan Period = TimeSpan.FromDays(1);

    private readonly FilmTrash _trash;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private bool _busy;

    public TrashActor(FilmTrash trash)
    {
        _trash = trash;
        Receive<EmptyDue>(_ => Empty());
        Receive<Emptied>(OnEmptied);
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(FilmTrash trash) => Akka.Actor.Props.Create(() => new TrashActor(trash));

    protected override void PreStart()
    {
        Timers.StartPeriodicTimer("empty", EmptyDue.Instance, Period);
        Self.Tell(EmptyDue.Instance);
    }

    private void Empty()
    {
        if (_busy)
            return;
        _busy = true;
        var (trash, now) = (_trash, Context.System.Scheduler.Now);
        PipedWork.Run(_ => Task.FromResult(trash.EmptyOlderThan(now)), TimeSpan.FromMinutes(10),
            count => new Emptied(count, null), error => new Emptied(0, error.Message), Self);
    }

    private void OnEmptied(Emptied emptied)
    {
        _busy = false;
        if (emptied.Error is not null)
            _log.Warning("Emptying the trash {Folder} failed: {Error}; trying again tomorrow", _trash.Folder, emptied.Error);
        else if (emptied.Count > 0)
            _log.Info("🗑 Emptied {Count} removal(s) older than {Days} days from {Folder}", emptied.Count, FilmTrash.KeptFor.Days, _trash.Folder);
    }

    /// <summary>Tells the actor to empty the trash now (also what its daily timer sends).</summary>
    public sealed record EmptyDue : INoSerializationVerificationNeeded
    {
        public static EmptyDue Instance { get; } = new();
    }

    private sealed record Emptied(int Count, string? Error) : INoSerializationVerificationNeeded;
}
