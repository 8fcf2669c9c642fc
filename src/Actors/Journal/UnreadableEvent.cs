namespace MovieSync.Actors.Journal;

/// <summary>
/// A stored event or snapshot this version cannot read: an unknown manifest (written by a newer MovieSync, read after a
/// downgrade) or a payload that does not parse. Readers of the journal (status, history, the API) show it as unreadable;
/// recovery refuses it (<see cref="MonitoredSqlJournal"/>), so no actor ever rebuilds its state without it.
/// </summary>
public sealed record UnreadableEvent(string Manifest, string Error);
