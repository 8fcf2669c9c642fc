using Akka.Actor;

namespace MovieSync.Actors.Journal;

/// <summary>
/// How long each write of the node's journal took, told to whoever listens (the host's <c>/metrics</c>): the journal
/// plugin times every batch it writes (<see cref="MonitoredSqlJournal"/>), so no actor measures its own persists.
/// </summary>
public sealed class JournalWriteTimings : IExtension
{
    private Action<TimeSpan, bool>? _listener;

    /// <summary>Told the duration of each write and whether it was committed; called off any actor, so it must be quick.</summary>
    public Action<TimeSpan, bool>? Listener
    {
        get => Volatile.Read(ref _listener);
        set => Volatile.Write(ref _listener, value);
    }

    public static JournalWriteTimings Of(ActorSystem system) => system.WithExtension<JournalWriteTimings, JournalWriteTimingsId>();

    internal void Record(TimeSpan took, bool committed) => Listener?.Invoke(took, committed);
}

public sealed class JournalWriteTimingsId : ExtensionIdProvider<JournalWriteTimings>
{
    public override JournalWriteTimings CreateExtension(ExtendedActorSystem system) => new();
}
