using System.Collections.Immutable;
using System.Diagnostics;
using System.Runtime.Serialization;
using Akka.Actor;
using Akka.Persistence;
using Akka.Persistence.Sql.Journal;
using static MovieSync.Actors.Journal.JournalReports;

namespace MovieSync.Actors.Journal;

/// <summary>
/// Akka.Persistence.Sql's journal (hocon/persistence.hocon names it as the plugin's class), telling the node's
/// <see cref="JournalHealthActor"/> how each write and recovery went: Akka itself publishes nothing about a journal that
/// fails, it only stops the actor whose persist failed. It also refuses to recover an entity past an event this version
/// cannot read (<see cref="UnreadableEvent"/>): skipping it would rebuild a wrong state.
/// </summary>
public sealed class MonitoredSqlJournal : SqlWriteJournal
{
    private readonly IActorRef _health;
    private readonly JournalWriteTimings _timings;

    public MonitoredSqlJournal(Akka.Configuration.Config journalConfig) : base(journalConfig)
    {
        _health = JournalHealthExtension.Of(Context.System);
        _timings = JournalWriteTimings.Of(Context.System);
    }

    protected override Task<IImmutableList<Exception>> WriteMessagesAsync(IEnumerable<AtomicWrite> messages,
        CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var write = base.WriteMessagesAsync(messages, cancellationToken);
        var health = _health;
        var timings = _timings;
        write.ContinueWith(done =>
        {
            timings.Record(Stopwatch.GetElapsedTime(started), done.IsCompletedSuccessfully);
            if (done.IsFaulted)
                health.Tell(new WriteFailed(JournalFailure.CauseOf(done.Exception!)));
            else if (done.IsCompletedSuccessfully)
                health.Tell(WriteSucceeded.Instance);
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return write;
    }

    public override async Task ReplayMessagesAsync(IActorContext context, string persistenceId, long fromSequenceNr, long toSequenceNr,
        long max, Action<IPersistentRepresentation> recoveryCallback)
    {
        try
        {
            await base.ReplayMessagesAsync(context, persistenceId, fromSequenceNr, toSequenceNr, max, persistent =>
            {
                if (persistent.Payload is UnreadableEvent unreadable)
                    throw new SerializationException($"event #{persistent.SequenceNr} of {persistenceId} cannot be read: {unreadable.Error}");
                recoveryCallback(persistent);
            });
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _health.Tell(JournalFailure.IsUnreadableEvent(e)
                ? new ReplayUnreadable(persistenceId, JournalFailure.CauseOf(e))
                : new ReadFailed(JournalFailure.CauseOf(e)));
            throw;
        }

        _health.Tell(new ReplaySucceeded(persistenceId));
    }

    public override async Task<long> ReadHighestSequenceNrAsync(string persistenceId, long fromSequenceNr,
        CancellationToken cancellationToken)
    {
        try
        {
            return await base.ReadHighestSequenceNrAsync(persistenceId, fromSequenceNr, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _health.Tell(new ReadFailed(JournalFailure.CauseOf(e)));
            throw;
        }
    }
}
