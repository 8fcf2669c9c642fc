using Akka.Actor;

namespace MovieSync.Actors.FileList;

/// <summary>
/// What the parts of a <see cref="FileListBroker"/> (<see cref="BrokerTurns"/>, <see cref="BrokerRequests"/>) share with it:
/// its clock, its numbers and its timers. Only the broker implements it.
/// </summary>
internal interface IFileListBroker
{
    /// <summary>The actor system's clock (a spec's scheduler moves it).</summary>
    DateTimeOffset Now { get; }

    /// <summary>The broker's next number: one sequence for its reservations, its asks of accounts and the requests it sends.</summary>
    long NextNumber();

    ITimerScheduler Timers { get; }
}
