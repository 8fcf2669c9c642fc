using System.Data.Common;
using LinqToDB.Common;
using LinqToDB.Interceptors;

namespace MovieSync.Bench.Journal;

/// <summary>
/// An experiment, not the host's configuration: Microsoft.Data.Sqlite runs every "async" command synchronously, so the
/// journal's write stream (a queue, then batches, then parallel writes) writes each event on the stream's own thread
/// before the next one is even queued, and no batch ever forms. Yielding before each write frees that thread while the
/// write runs, so events arriving meanwhile are batched into the next shared transaction.
/// </summary>
internal sealed class YieldingWrites : CommandInterceptor
{
    public override async Task<Option<int>> ExecuteNonQueryAsync(CommandEventData eventData, DbCommand command, Option<int> result,
        CancellationToken cancellationToken)
    {
        await Task.Yield();
        return result;
    }
}
