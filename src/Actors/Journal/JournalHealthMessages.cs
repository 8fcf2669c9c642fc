using Akka.Actor;

namespace MovieSync.Actors.Journal;

/// <summary>
/// What the journal plugin tells <see cref="JournalHealthActor"/> about each call. Local to the node whose journal it is
/// (a cause is the database's own message), so never serialized.
/// </summary>
public static class JournalReports
{
    /// <summary>A write (a persist) failed because the database refused it: locked, full, an I/O error.</summary>
    public sealed record WriteFailed(string Cause) : INoSerializationVerificationNeeded;

    /// <summary>A write was committed.</summary>
    public sealed record WriteSucceeded : INoSerializationVerificationNeeded
    {
        public static WriteSucceeded Instance { get; } = new();
    }

    /// <summary>A recovery could not read the database (locked, I/O error): the journal, not the entity, is at fault.</summary>
    public sealed record ReadFailed(string Cause) : INoSerializationVerificationNeeded;

    /// <summary>The database answered, but one entity's events cannot be read (an event this version does not know).</summary>
    public sealed record ReplayUnreadable(string PersistenceId, string Error) : INoSerializationVerificationNeeded;

    /// <summary>An entity's events were all read.</summary>
    public sealed record ReplaySucceeded(string PersistenceId) : INoSerializationVerificationNeeded;
}

/// <summary>Asks <see cref="JournalHealthActor"/> how the journal is; answered with <see cref="JournalHealth"/>.</summary>
public sealed record GetJournalHealth : INoSerializationVerificationNeeded
{
    public static GetJournalHealth Instance { get; } = new();
}

/// <summary>
/// The journal as this node sees it: writable, or unavailable since <paramref name="Since"/> with the latest
/// <paramref name="Cause"/>; and the entities whose events cannot be read.
/// </summary>
public sealed record JournalHealth(bool Writable, string? Cause, DateTimeOffset? Since, DateTimeOffset? LastFailureAt,
    IReadOnlyList<UnreadableJournal> Unreadable) : INoSerializationVerificationNeeded
{
    /// <summary>
    /// How long after a failed call a state change is refused at once rather than tried: as long as the journal's
    /// circuit breaker stays open after failing (hocon/persistence.hocon, reset-timeout). Later a change is tried again,
    /// since nothing else may write meanwhile to prove the journal writable.
    /// </summary>
    public static readonly TimeSpan RefuseChangesFor = TimeSpan.FromSeconds(10);

    public static JournalHealth Healthy { get; } = new(true, null, null, null, []);

    /// <summary>True when a state change asked for now would fail: the journal failed within <see cref="RefuseChangesFor"/>.</summary>
    public bool RefusesChangesAt(DateTimeOffset now) => !Writable && LastFailureAt is { } last && now - last < RefuseChangesFor;
}

/// <summary>One entity (a movie, say) whose journal cannot be recovered, and why.</summary>
public sealed record UnreadableJournal(string PersistenceId, string Error, DateTimeOffset Since);
