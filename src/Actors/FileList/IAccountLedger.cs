using Akka.Actor;
using MovieSync.Clients.FileList;
using static MovieSync.Messages.FileListQueries;

namespace MovieSync.Actors.FileList;

/// <summary>
/// What the parts of a <see cref="FileListAccountActor"/> (<see cref="AccountTurns"/>, <see cref="AccountRequests"/>,
/// <see cref="AccountCredentials"/>) share: the account's settings, its budget and line, how a spend is journaled, its
/// status. Only the actor implements it.
/// </summary>
internal interface IAccountLedger
{
    /// <summary>The settings as they are now (config.json's <c>requests_per_hour</c> may change while it runs).</summary>
    FileListAccountSettings Settings { get; }

    /// <summary>The hourly budget, as recovered from the journal.</summary>
    RequestBudget Budget { get; }

    /// <summary>The line of films and their reservations over <see cref="Budget"/>.</summary>
    FileListQueue Queue { get; }

    ITimerScheduler Timers { get; }

    /// <summary>Persists a request spent at <paramref name="at"/>, then runs <paramref name="then"/>, then snapshots when due.</summary>
    void JournalSpend(DateTimeOffset at, Action then);

    /// <summary>Persists FileList's own word that the request limit is reached (the whole budget counts as spent).</summary>
    void JournalRateLimit(DateTimeOffset at);

    /// <summary>Sets the line's timer for the next change (a pause ending counts).</summary>
    void ScheduleQueueTick();

    FileListAccountStatus Status();
}
