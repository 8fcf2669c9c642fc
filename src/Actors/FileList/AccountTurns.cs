using Akka.Actor;
using Akka.Event;
using static MovieSync.Actors.FileList.FileListAccountActor;
using static MovieSync.Messages.FileListCommands;
using static MovieSync.Messages.FileListEvents;

namespace MovieSync.Actors.FileList;

/// <summary>
/// Who gets the account's requests, and when: a film's search and download are reserved together now, or it waits in
/// line (<see cref="FileListQueue"/>) and learns when its turn should come; as requests free, the films at the head of
/// the line are woken (<see cref="FileListTurn"/>), one at a time. While the credentials are rejected only one is
/// woken, to probe them.
/// </summary>
internal sealed class AccountTurns(IAccountLedger account, IActorContext context, AccountCredentials credentials, BudgetClock clock,
    ILoggingAdapter log)
{
    /// <summary>
    /// A movie asks for its search and download: granted now, or it waits in line (the credentials' pause counts as
    /// waiting too) and learns when its turn should come; it is woken earlier if requests free sooner.
    /// </summary>
    public void OnReserve(ReserveFileListRequests reserve)
    {
        ServeLine(); // those already in line first: a newcomer never overtakes them
        var now = clock.Now;
        var queue = account.Queue;
        var settings = account.Settings;
        var paused = credentials.Rejected is { } rejected && (now < rejected.Until || queue.HasReservations);
        var entry = queue.Enter(reserve.MovieId, reserve.TrackedAt, now, serveNew: !paused, join: reserve.WaitInLine,
            rank: reserve.Rank);
        if (entry is FileListQueue.Entry.Granted granted)
        {
            context.Sender.Tell(new FileListReserved(granted.Reservation) { RequestId = reserve.RequestId });
            return;
        }

        var waiting = (FileListQueue.Entry.Waiting)entry;
        // While the credentials are rejected only the head of the line probes them; the rest are woken when they work.
        var turnAt = credentials.Rejected is { } pause && paused ? Later(waiting.TurnAt, now + settings.LongestCredentialsPause) : waiting.TurnAt;
        turnAt = Later(turnAt, now + MinimumWait);
        var why = credentials.Rejected is { } r
            ? r.Reason
            : $"the FileList request budget ({settings.RequestsPerHour} per hour, filelist.requests_per_hour) is spent";
        context.Sender.Tell(new FileListDeferred($"{Ordinal(waiting.Position)} in line for FileList ({why}); woken when its turn comes, " +
                                                 $"by {clock.ToWall(turnAt):u} at the latest", clock.ToWall(turnAt)) { RequestId = reserve.RequestId });
        ScheduleQueueTick();
    }

    /// <summary>The film gives back what its reservation did not spend.</summary>
    public void OnRelease(ReleaseFileListReservation release)
    {
        account.Queue.Release(release.Reservation);
        ServeLine();
    }

    /// <summary>The film will claim no turn: it leaves the line, and a turn promised to it goes to the next film.</summary>
    public void OnLineLeft(FileListLineLeft left)
    {
        if (account.Queue.Leave(left.MovieId))
            ServeLine();
    }

    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    /// <summary>Promises freed requests to the movies at the head of the line and has them woken (one, to probe credentials).</summary>
    public void ServeLine()
    {
        var now = clock.Now;
        var max = credentials.Rejected switch
        {
            null => int.MaxValue,
            { } rejected when now >= rejected.Until && !account.Queue.HasReservations => 1,
            _ => 0,
        };
        foreach (var movie in account.Queue.PromiseTurns(now, max))
        {
            log.Debug("FileList account {User}: {Movie}'s turn", account.Settings.Account.Username, movie);
            context.System.EventStream.Publish(new FileListTurn(movie));
        }

        ScheduleQueueTick();
    }

    public void ScheduleQueueTick()
    {
        var now = clock.Now;
        var queue = account.Queue;
        var next = queue.NextChangeAt(now);
        if (credentials.Rejected is { } rejected && rejected.Until > now && queue.Waiting > 0 && (next is null || rejected.Until > next))
            next = rejected.Until;
        if (next is { } at)
            account.Timers.StartSingleTimer(QueueTimer, QueueTick.Instance, at > now ? at - now : TimeSpan.Zero);
        else
            account.Timers.Cancel(QueueTimer);
    }

    private static string Ordinal(int n) => (n % 100) switch
    {
        11 or 12 or 13 => n + "th",
        _ => (n % 10) switch { 1 => n + "st", 2 => n + "nd", 3 => n + "rd", _ => n + "th" },
    };
}
