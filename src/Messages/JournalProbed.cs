namespace MovieSync.Messages;

/// <summary>
/// Written by the journal-health actor's probe (<c>journal-probe</c>) to learn whether the journal takes writes again
/// after an outage; deleted once written.
/// </summary>
public sealed record JournalProbed(DateTimeOffset At) : IPersistedMessage;
