using System.Data.Common;
using LinqToDB;
using LinqToDB.Common;
using LinqToDB.Interceptors;
using Akka.Persistence.Sql.Config;

namespace MovieSync.Actors.Hosting;

/// <summary>
/// Lets the SQLite journal batch concurrent writes into shared transactions. Microsoft.Data.Sqlite runs every "async"
/// command synchronously, so the plugin's write stream wrote each event on its own thread before the next one was even
/// queued, and no batch ever formed: 1,000 movies persisting at once (a restart, a full walk) took 1,000 transactions.
/// Yielding before each write frees that thread while the write runs, so events arriving meanwhile are batched into the
/// next transaction (README, Benchmarks: the journal's burst row).
/// </summary>
public sealed class SqliteBatchedWrites : CommandInterceptor
{
    /// <summary>The journal's HOCON that goes with it: one write stream, so batches form instead of parallel single writes.</summary>
    public const string Hocon = "akka.persistence.journal.sql.parallelism = 1";

    /// <summary>linq2db's options for the plugins on <paramref name="connectionString"/>, with the writes yielding first.</summary>
    public static DataOptionsSetup Setup(string connectionString) =>
        new(new DataOptions().UseConnectionString(JournalOptions.SqliteProvider, connectionString).UseInterceptor(new SqliteBatchedWrites()));

    public override async Task<Option<int>> ExecuteNonQueryAsync(CommandEventData eventData, DbCommand command, Option<int> result,
        CancellationToken cancellationToken)
    {
        await Task.Yield();
        return result;
    }
}
