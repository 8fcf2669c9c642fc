using MovieSync.Clients.FileList;
using MovieSync.Messages;

namespace MovieSync.Actors.FileList;

/// <summary>
/// The order in which movies get an account's requests. A movie's search and the download of the torrent it picks are
/// reserved together (a <see cref="Reservation"/>), so a search that was made always has its download. Movies that find
/// the budget spent wait in line, in the order they were tracked; as requests free, the head of the line is promised a
/// reservation, one movie at a time, and has <c>promiseTimeout</c> to claim it. The line's order is
/// <see cref="FileListLine"/>'s (`grab`, priority, then tracking time). Pure: the caller passes the time.
/// </summary>
public sealed class FileListQueue
{
    private readonly RequestBudget _budget;
    private readonly TimeSpan _promiseTimeout;
    private readonly TimeSpan _reservationTimeout;
    private readonly FileListLine _line = new();
    private readonly Dictionary<long, Reservation> _reservations = new();
    private readonly Dictionary<MovieId, long> _promised = new();
    private long _lastReservation;

    public FileListQueue(RequestBudget budget, TimeSpan promiseTimeout, TimeSpan reservationTimeout)
    {
        _budget = budget;
        _promiseTimeout = promiseTimeout;
        _reservationTimeout = reservationTimeout;
    }

    /// <summary>One search and one download per film; an account allowed a single request an hour reserves the search only.</summary>
    public int RequestsPerFilm => Math.Min(2, _budget.RequestsPerWindow);

    /// <summary>Movies waiting in line (promised ones not included).</summary>
    public int Waiting => _line.Count;

    /// <summary>Requests set aside for reservations and promises, not spent yet.</summary>
    public int Held => _reservations.Values.Sum(r => r.Left);

    /// <summary>Requests anyone may spend right now: the budget's, less what is held.</summary>
    public int Free(DateTimeOffset now) => _budget.Remaining(now) - Held;

    /// <summary>
    /// A movie asks for its search and download: granted when it was promised a turn, or when no one waits ahead of it
    /// and the budget allows (and <paramref name="serveNew"/>); else it takes (or keeps) its place in line and learns
    /// when its turn should come.
    /// </summary>
    /// <param name="join">False: a movie not served now takes no place in line (the broker keeps its own line).</param>
    /// <param name="rank">Its place class in line (`grab`, priority), before <paramref name="trackedAt"/>.</param>
    public Entry Enter(MovieId movie, DateTimeOffset trackedAt, DateTimeOffset now, bool serveNew = true, bool join = true,
        QueueRank rank = QueueRank.Normal)
    {
        Expire(now);
        if (_promised.Remove(movie, out var promised) && _reservations.TryGetValue(promised, out var reservation))
        {
            _reservations[promised] = reservation with { ExpiresAt = now + _reservationTimeout };
            return new Entry.Granted(promised);
        }

        var waiter = new FileListWaiter(movie, trackedAt, rank);
        _line.Leave(movie);
        var ahead = _line.Ahead(waiter);
        if (serveNew && ahead == 0 && Free(now) >= RequestsPerFilm)
            return new Entry.Granted(Reserve(waiter, now + _reservationTimeout, inLine: join));
        if (!join)
            return new Entry.Waiting(ahead + 1, TurnAt(ahead, now));

        _line.Enter(waiter);
        return new Entry.Waiting(ahead + 1, TurnAt(ahead, now));
    }

    /// <summary>When the movie with <paramref name="ahead"/> movies before it in line should get its turn.</summary>
    public DateTimeOffset TurnAt(int ahead, DateTimeOffset now) =>
        _budget.AvailableAt(RequestsPerFilm * (ahead + 1), Held, now);

    /// <summary>Spends one request of a reservation; false when it is unknown (expired) or used up.</summary>
    public bool SpendReserved(long reservation, DateTimeOffset now)
    {
        Expire(now);
        if (!_reservations.TryGetValue(reservation, out var held) || held.Left == 0)
            return false;
        if (held.Left == 1)
            _reservations.Remove(reservation);
        else
            _reservations[reservation] = held with { Left = held.Left - 1 };
        return _budget.TryTake(now);
    }

    /// <summary>Spends one request outside any reservation (a check, a download beyond the reserved ones) if one is free.</summary>
    public bool SpendUnreserved(DateTimeOffset now)
    {
        Expire(now);
        return Free(now) >= 1 && _budget.TryTake(now);
    }

    /// <summary>
    /// The reservation's request was refused for the account's sake (credentials): its film goes back to its place in
    /// line, to be woken with the others when the account works again.
    /// </summary>
    /// <returns>
    /// False when the reservation was granted to a film that takes no place in this line (<c>join: false</c>: a broker
    /// keeps its place): it is released instead, and the film goes back to the broker, which tries another account.
    /// </returns>
    public bool Requeue(long reservation)
    {
        if (!_reservations.Remove(reservation, out var held))
            return true;
        if (!held.InLine)
            return false;
        _line.EnterUnlessWaiting(held.Waiter);
        return true;
    }

    /// <summary>The movie will claim no turn: it leaves the line, and a turn promised to it is free again. False: it had neither.</summary>
    public bool Leave(MovieId movie)
    {
        var left = _line.Leave(movie);
        if (_promised.Remove(movie, out var promised))
            left |= _reservations.Remove(promised);
        return left;
    }

    /// <summary>Gives back what a reservation did not spend (the film needed no download, or gave up).</summary>
    public void Release(long reservation) => _reservations.Remove(reservation);

    /// <summary>
    /// Promises the freed requests to the movies at the head of the line, at most <paramref name="max"/>; they are to be
    /// woken. A promise nobody claims in time goes to the next movie.
    /// </summary>
    public IReadOnlyList<MovieId> PromiseTurns(DateTimeOffset now, int max = int.MaxValue)
    {
        Expire(now);
        var woken = new List<MovieId>();
        while (woken.Count < max && _line.Head is { } head && Free(now) >= RequestsPerFilm)
        {
            _line.Leave(head.MovieId);
            _promised[head.MovieId] = Reserve(head, now + _promiseTimeout);
            woken.Add(head.MovieId);
        }

        return woken;
    }

    /// <summary>Whether a promise or reservation is outstanding (a credentials probe waits for its answer).</summary>
    public bool HasReservations => _reservations.Count > 0;

    /// <summary>When something changes by itself: a reservation lapses, or the head of the line can be served.</summary>
    public DateTimeOffset? NextChangeAt(DateTimeOffset now)
    {
        Expire(now);
        DateTimeOffset? next = _reservations.Count == 0 ? null : _reservations.Values.Min(r => r.ExpiresAt);
        if (_line.Count > 0)
        {
            var turn = TurnAt(0, now);
            if (next is null || turn < next)
                next = turn;
        }

        return next;
    }

    private long Reserve(FileListWaiter waiter, DateTimeOffset expiresAt, bool inLine = true)
    {
        var id = ++_lastReservation;
        _reservations[id] = new Reservation(waiter, RequestsPerFilm, expiresAt, inLine);
        return id;
    }

    private void Expire(DateTimeOffset now)
    {
        foreach (var (id, reservation) in _reservations.Where(r => r.Value.ExpiresAt <= now).ToList())
        {
            _reservations.Remove(id);
            if (_promised.TryGetValue(reservation.MovieId, out var promised) && promised == id)
                _promised.Remove(reservation.MovieId);
        }
    }

    /// <summary>What <see cref="Enter"/> answers.</summary>
    public abstract record Entry
    {
        private Entry() { }

        /// <summary>The movie's search and download are set aside under <paramref name="Reservation"/>.</summary>
        public sealed record Granted(long Reservation) : Entry;

        /// <summary>The movie is <paramref name="Position"/> in line (1: next) and should be served about <paramref name="TurnAt"/>.</summary>
        public sealed record Waiting(int Position, DateTimeOffset TurnAt) : Entry;
    }

    /// <param name="InLine">Whether the film keeps its place in this line (false: a broker asked, and keeps it).</param>
    private sealed record Reservation(FileListWaiter Waiter, int Left, DateTimeOffset ExpiresAt, bool InLine)
    {
        public MovieId MovieId => Waiter.MovieId;
    }
}
