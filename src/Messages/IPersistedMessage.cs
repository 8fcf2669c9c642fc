namespace MovieSync.Messages;

/// <summary>Marks everything written to the journal or snapshot store; the MovieSync serializer binds to it.</summary>
public interface IPersistedMessage;

/// <summary>
/// Marks every message one actor sends another (commands, queries, their replies, reports): bound to the MovieSync
/// serializer like the persisted ones, so each could cross to another node and none carries a secret.
/// </summary>
public interface IProtocolMessage;

/// <summary>A message about one movie.</summary>
public interface IWithMovieId
{
    MovieId MovieId { get; }
}
