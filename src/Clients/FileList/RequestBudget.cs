namespace MovieSync.Clients.FileList;

/// <summary>
/// The account's FileList request allowance (150 per hour by default) as a sliding one-hour window. Pure: the caller
/// passes the time. <see cref="SpentAt"/> can be persisted and handed to <see cref="Restore"/> so spend survives restarts.
/// </summary>
public sealed class RequestBudget
{
    public const int DefaultRequestsPerHour = 150;

    private readonly Queue<DateTimeOffset> _spent = new();

    public RequestBudget(int requestsPerHour = DefaultRequestsPerHour, TimeSpan? window = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(requestsPerHour, 1);
        RequestsPerWindow = requestsPerHour;
        Window = window ?? TimeSpan.FromHours(1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(Window, TimeSpan.Zero, nameof(window));
    }

    public int RequestsPerWindow { get; private set; }

    /// <summary>
    /// Another allowance from now on (config.json's <c>requests_per_hour</c> changed): what was spent stays spent, so a
    /// smaller allowance may leave nothing free until enough of it is an hour old.
    /// </summary>
    public void Resize(int requestsPerWindow)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(requestsPerWindow, 1);
        RequestsPerWindow = requestsPerWindow;
    }

    public TimeSpan Window { get; }

    /// <summary>When the requests still inside the window were made, oldest first.</summary>
    public IReadOnlyList<DateTimeOffset> SpentAt => _spent.ToArray();

    /// <summary>
    /// A budget that already spent the requests made at <paramref name="pastRequests"/> (any order; old ones are dropped).
    /// A request stamped after <paramref name="now"/> (the clock was set back since) counts as made now: it still
    /// holds its place for a full window, so setting the clock back never frees requests early.
    /// </summary>
    public static RequestBudget Restore(int requestsPerHour, IEnumerable<DateTimeOffset> pastRequests, DateTimeOffset now, TimeSpan? window = null)
    {
        var budget = new RequestBudget(requestsPerHour, window);
        // Keep only the newest allowance-worth: older ones can never matter again.
        foreach (var at in pastRequests.Where(t => t > now - budget.Window).Select(t => t > now ? now : t).Order().TakeLast(requestsPerHour))
            budget._spent.Enqueue(at);
        return budget;
    }

    /// <summary>Requests left right now.</summary>
    public int Remaining(DateTimeOffset now)
    {
        Expire(now);
        return Math.Max(0, RequestsPerWindow - _spent.Count);
    }

    /// <summary>Spends one request if the window allows it.</summary>
    public bool TryTake(DateTimeOffset now)
    {
        Expire(now);
        if (_spent.Count >= RequestsPerWindow) return false;
        _spent.Enqueue(now);
        return true;
    }

    /// <summary>The earliest time <see cref="TryTake"/> can succeed: <paramref name="now"/> when a request is free.</summary>
    public DateTimeOffset NextAvailableAt(DateTimeOffset now)
    {
        Expire(now);
        return _spent.Count < RequestsPerWindow ? now : _spent.ElementAt(_spent.Count - RequestsPerWindow) + Window;
    }

    /// <summary>
    /// When the <paramref name="count"/>-th request from now can be made if nothing else is spent meanwhile, with
    /// <paramref name="held"/> requests set aside for work that spends them now. Each request frees again one window
    /// after it was made, so a count beyond one window's worth waits for the requests made before it to free.
    /// </summary>
    public DateTimeOffset AvailableAt(int count, int held, DateTimeOffset now)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        Expire(now);
        // When each of the window's requests is (or will be) free: the unspent now, the spent ones a window after they
        // were made, and the held ones a window after now.
        var freeAt = new List<DateTimeOffset>(RequestsPerWindow);
        freeAt.AddRange(Enumerable.Repeat(now, Math.Max(0, RequestsPerWindow - _spent.Count - held)));
        // After a smaller allowance, the oldest spend beyond it frees nothing: the window still holds too many after it.
        freeAt.AddRange(_spent.Skip(Math.Max(0, _spent.Count - RequestsPerWindow)).Select(t => t + Window));
        while (freeAt.Count < RequestsPerWindow)
            freeAt.Add(now + Window);
        var index = count - 1;
        return freeAt[index % RequestsPerWindow] + Window * (index / RequestsPerWindow);
    }

    /// <summary>Records that FileList said the allowance is spent (429) even though our count disagreed: wait a full window.</summary>
    public void MarkExhausted(DateTimeOffset now)
    {
        Expire(now);
        while (_spent.Count < RequestsPerWindow) _spent.Enqueue(now);
    }

    private void Expire(DateTimeOffset now)
    {
        while (_spent.Count > 0 && _spent.Peek() <= now - Window) _spent.Dequeue();
    }
}
