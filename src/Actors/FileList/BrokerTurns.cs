using System.Collections.Immutable;
using Akka.Actor;
using Akka.Event;
using MovieSync.Messages;
using static MovieSync.Actors.FileList.FileListBroker;
using static MovieSync.Messages.FileListCommands;

namespace MovieSync.Actors.FileList;

/// <summary>
/// The broker's line and the reservations it holds: a film's ask is reserved on the best account (or claims the turn it
/// was promised); when none can serve, the film waits in line, and as accounts free the head of the line is promised a
/// reservation and woken (<see cref="FileListEvents.FileListTurn"/>), one film at a time. A reservation or promise not
/// claimed in time lapses.
/// </summary>
internal sealed class BrokerTurns(IFileListBroker broker, IActorContext context, BrokerAccounts accounts, TimeSpan turnClaimTimeout,
    TimeSpan reservationTimeout, ILoggingAdapter log)
{
    private readonly Dictionary<long, BrokerReservation> _reservations = new();
    private readonly Dictionary<long, Pending> _pending = new();
    private readonly FileListLine _line = new();
    private readonly Dictionary<MovieId, long> _promised = new();
    private long _lastUse;

    /// <summary>The broker reservation under <paramref name="reservation"/>; null when it is unknown (released, lapsed).</summary>
    public BrokerReservation? Find(long reservation) => _reservations.GetValueOrDefault(reservation);

    /// <summary>A film asks for its search and download: its promise if it has one, else the best account now, else the line.</summary>
    public void OnReserve(ReserveFileListRequests reserve)
    {
        if (_promised.Remove(reserve.MovieId, out var promised) && _reservations.TryGetValue(promised, out var held) && !held.Gone)
        {
            held.ExpiresAt = broker.Now + reservationTimeout;
            context.Sender.Tell(new FileListReserved(promised));
            return;
        }

        var waiter = new FileListWaiter(reserve.MovieId, reserve.TrackedAt, reserve.Rank);
        _line.Leave(reserve.MovieId);
        var ahead = _line.Ahead(waiter);
        if (ahead > 0 || accounts.Best([], broker.Now) is null)
        {
            Wait(waiter, context.Sender);
            return;
        }

        Route(new Pending(waiter, context.Sender, Account: null, IsPromise: false, []));
    }

    /// <summary>Asks the best account not yet tried to reserve; when none can, the film waits in line.</summary>
    private void Route(Pending pending)
    {
        var account = accounts.Best(pending.Tried, broker.Now);
        if (account is null)
        {
            Wait(pending.Waiter, pending.IsPromise ? null : pending.ReplyTo);
            return;
        }

        var id = broker.NextNumber();
        account.LastUse = ++_lastUse;
        account.Asking++;
        _pending[id] = pending with { Account = account };
        account.Ref.Tell(new ReserveFileListRequests(pending.Waiter.MovieId, pending.Waiter.TrackedAt)
        {
            RequestId = id, WaitInLine = false, Rank = pending.Waiter.Rank,
        });
    }

    public void OnAccountReserved(FileListReserved reserved)
    {
        if (reserved.RequestId is not { } requestId || !_pending.Remove(requestId, out var pending) || pending.Account is null)
        {
            // A late answer for an ask the broker gave up on (its account stopped): nobody takes it.
            context.Sender.Tell(new ReleaseFileListReservation(reserved.Reservation));
            return;
        }

        pending.Account.Asking--;
        pending.Account.GrantedSinceStatus++; // its status after this answer counts it (the account tells it after every change)
        var id = broker.NextNumber();
        var expiresAt = broker.Now + (pending.IsPromise ? turnClaimTimeout : reservationTimeout);
        _reservations[id] = new BrokerReservation(pending.Account, reserved.Reservation, pending.Waiter.MovieId) { ExpiresAt = expiresAt };
        ScheduleFreeCheck();
        if (pending.IsPromise)
        {
            _promised[pending.Waiter.MovieId] = id;
            log.Debug("FileList broker: {Movie}'s turn on account {User}", pending.Waiter.MovieId, pending.Account.Username);
            context.System.EventStream.Publish(new FileListEvents.FileListTurn(pending.Waiter.MovieId));
        }
        else
            pending.ReplyTo.Tell(new FileListReserved(id));
    }

    public void OnAccountDeferred(FileListDeferred deferred)
    {
        if (deferred.RequestId is not { } requestId)
            return;
        if (!_pending.Remove(requestId, out var pending) || pending.Account is null)
            return;
        pending.Account.Asking--;
        pending.Account.PassOver();
        Route(pending with { Tried = pending.Tried.Add(pending.Account.Username) });
    }

    /// <summary>The film will claim no turn: out of the line, and a turn promised to it goes to the next film.</summary>
    public void OnLineLeft(FileListEvents.FileListLineLeft left)
    {
        var wasWaiting = _line.Leave(left.MovieId);
        if (_promised.Remove(left.MovieId, out var promised))
            Release(promised);
        else if (!wasWaiting)
            return;
        ServeLine();
    }

    public void Release(long reservation)
    {
        if (!_reservations.Remove(reservation, out var held))
            return;
        if (!held.Gone)
            held.Account.Ref.Tell(new ReleaseFileListReservation(held.AccountReservation));
    }

    /// <summary>The account stopped: a search or download under its reservations makes the film search again.</summary>
    public void MarkGone(BrokerAccount account)
    {
        foreach (var held in _reservations.Values.Where(h => h.Account == account))
            held.Gone = true;
    }

    /// <summary>The account stopped: what was asked of it and not answered yet is asked of the next account.</summary>
    public void Reroute(BrokerAccount account)
    {
        foreach (var (id, pending) in _pending.Where(p => p.Value.Account == account).ToList())
        {
            _pending.Remove(id);
            Route(pending with { Tried = pending.Tried.Add(account.Username) });
        }
    }

    /// <summary>The film waits in the broker's line; <paramref name="replyTo"/> (if any) learns when the first account should free.</summary>
    private void Wait(FileListWaiter waiter, IActorRef? replyTo)
    {
        _line.EnterUnlessWaiting(waiter);
        var position = _line.Ahead(waiter) + 1;
        var at = accounts.EstimatedTurn(position, broker.Now);
        replyTo?.Tell(new FileListDeferred(
            $"{Ordinal(position)} in line for FileList (no account can serve now: every one is spent, rate-limited or rejected); " +
            $"woken when its turn comes, by {at:u} at the latest", at));
        ScheduleFreeCheck();
    }

    /// <summary>Promises free accounts to the head of the line, one film per free pair of requests, each woken by its turn.</summary>
    public void ServeLine()
    {
        while (_line.Head is { } head && accounts.Best([], broker.Now) is not null)
        {
            _line.Leave(head.MovieId);
            Route(new Pending(head, ActorRefs.Nobody, Account: null, IsPromise: true, []));
        }

        ScheduleFreeCheck();
    }

    /// <summary>While films wait: ask the accounts again when the first of them should free.</summary>
    public void ScheduleFreeCheck()
    {
        var now = broker.Now;
        DateTimeOffset? next = _line.Count > 0 ? accounts.EarliestFree(now) : null;
        if (_reservations.Count > 0)
        {
            var expiry = _reservations.Values.Min(h => h.ExpiresAt);
            next = next is null || expiry < next ? expiry : next;
        }

        if (next is { } at)
            broker.Timers.StartSingleTimer(FreeTimer, FreeTick.Instance, at > now ? at - now : TimeSpan.Zero);
        else
            broker.Timers.Cancel(FreeTimer);
    }

    /// <summary>Releases the reservations and promises nobody claimed in time.</summary>
    public void ReleaseLapsed()
    {
        var now = broker.Now;
        foreach (var (id, held) in _reservations.Where(r => r.Value.ExpiresAt <= now).ToList())
        {
            Release(id);
            if (_promised.TryGetValue(held.MovieId, out var promise) && promise == id)
                _promised.Remove(held.MovieId);
        }
    }

    private static string Ordinal(int n) => (n % 100) switch
    {
        11 or 12 or 13 => n + "th",
        _ => (n % 10) switch { 1 => n + "st", 2 => n + "nd", 3 => n + "rd", _ => n + "th" },
    };

    private sealed record Pending(FileListWaiter Waiter, IActorRef ReplyTo, BrokerAccount? Account, bool IsPromise,
        ImmutableHashSet<string> Tried);
}

/// <summary>A broker reservation: the account that holds the film's search and download, under its own number.</summary>
internal sealed class BrokerReservation(BrokerAccount account, long accountReservation, MovieId movieId)
{
    public BrokerAccount Account { get; } = account;
    public long AccountReservation { get; } = accountReservation;
    public MovieId MovieId { get; } = movieId;
    public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>The account stopped: a search or download under this reservation makes the film search again.</summary>
    public bool Gone { get; set; }
}
