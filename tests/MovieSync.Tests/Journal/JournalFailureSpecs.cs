using System.Net.Sockets;
using MovieSync.Actors.Journal;
using Npgsql;
using Xunit;

namespace MovieSync.Tests.Journal;

/// <summary>What the host says when the journal fails: the database's own reason, whichever database it is.</summary>
public sealed class JournalFailureSpecs
{
    [Fact]
    public void A_PostgreSQL_error_is_told_by_its_code_and_text()
    {
        var failure = new InvalidOperationException("write failed",
            new AggregateException(new PostgresException("canceling statement due to lock timeout", "ERROR", "ERROR", "55P03")));

        Assert.Equal("PostgreSQL 55P03: canceling statement due to lock timeout", JournalFailure.CauseOf(failure));
        Assert.True(JournalFailure.IsJournalUnavailable(failure));
        Assert.False(JournalFailure.IsUnreadableEvent(failure));
    }

    [Fact]
    public void A_server_that_cannot_be_reached_is_told_with_the_sockets_reason()
    {
        var failure = new NpgsqlException("Failed to connect to 127.0.0.1:5432", new SocketException((int)SocketError.ConnectionRefused));

        Assert.Equal($"Failed to connect to 127.0.0.1:5432: {new SocketException((int)SocketError.ConnectionRefused).Message}", JournalFailure.CauseOf(failure));
        Assert.True(JournalFailure.IsJournalUnavailable(failure));
    }

    [Fact]
    public void A_SQLite_error_keeps_its_own_message() =>
        Assert.Equal("SQLite Error 5: 'database is locked'.",
            JournalFailure.CauseOf(new InvalidOperationException("outer", new Microsoft.Data.Sqlite.SqliteException("SQLite Error 5: 'database is locked'.", 5))));
}
