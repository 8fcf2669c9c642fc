using System.Data.Common;
using System.Runtime.Serialization;
using Npgsql;

namespace MovieSync.Actors.Journal;

/// <summary>What a failed journal call says: the database's own words, and whether the journal or one entity is at fault.</summary>
public static class JournalFailure
{
    /// <summary>
    /// The most telling message in the chain: the database's ("SQLite Error 5: 'database is locked'.", "SQLite Error
    /// 13: 'database or disk is full'.", "PostgreSQL 55P03: canceling statement due to lock timeout", "Failed to connect
    /// to db.example:5432: Connection refused"), else the file system's, else the innermost one.
    /// </summary>
    public static string CauseOf(Exception failure)
    {
        var chain = Chain(failure).ToList();
        var telling = chain.FirstOrDefault(e => e is DbException) ?? chain.FirstOrDefault(e => e is IOException) ?? chain[^1];
        return telling switch
        {
            // Npgsql's own message adds a hint about error details on further lines; the code and text say it all.
            PostgresException postgres => $"PostgreSQL {postgres.SqlState}: {postgres.MessageText}",
            // "Failed to connect to ...", "Exception while reading from stream": the reason is the socket's.
            NpgsqlException { InnerException: { } inner } npgsql => $"{npgsql.Message}: {Chain(inner).Last().Message}",
            _ => telling.Message,
        };
    }

    /// <summary>True when an entity's events cannot be read (an unknown event type, a payload that does not parse).</summary>
    public static bool IsUnreadableEvent(Exception failure) =>
        Chain(failure).Any(e => e is SerializationException or System.Text.Json.JsonException) && !Chain(failure).Any(e => e is DbException);

    /// <summary>
    /// True when the failure is the journal's, not the caller's: the database or the file system refused, or the circuit
    /// breaker in front of them is open. <see cref="JournalHealthActor"/> reports those once a minute.
    /// </summary>
    public static bool IsJournalUnavailable(Exception failure) =>
        Chain(failure).Any(e => e is DbException or IOException or Akka.Pattern.OpenCircuitException);

    /// <summary>True when the call was refused by the journal's open circuit breaker, without reaching the database.</summary>
    public static bool IsCircuitOpen(Exception failure) => Chain(failure).Any(e => e is Akka.Pattern.OpenCircuitException);

    private static IEnumerable<Exception> Chain(Exception failure)
    {
        for (Exception? e = failure; e is not null; e = e is AggregateException { InnerExceptions.Count: 1 } aggregate
                 ? aggregate.InnerExceptions[0]
                 : e.InnerException)
            yield return e;
    }
}
