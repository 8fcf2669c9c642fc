namespace MovieSync.Messages;

/// <summary>Marks everything written to the journal or snapshot store; the MovieSync serializer binds to it.</summary>
public interface IPersistedMessage;

/// <summary>A message about one movie.</summary>
public interface IWithMovieId
{
    MovieId MovieId { get; }
}
