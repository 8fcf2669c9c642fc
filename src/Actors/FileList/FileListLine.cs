using MovieSync.Messages;

namespace MovieSync.Actors.FileList;

/// <summary>A film waiting for FileList requests: its place in line is its rank (`grab`, priority), then when it was tracked.</summary>
public sealed record FileListWaiter(MovieId MovieId, DateTimeOffset TrackedAt, QueueRank Rank = QueueRank.Normal);

/// <summary>
/// The films waiting for FileList requests, in the order they get them: a `grab` first, then by priority, and within
/// those, tracked first, served first (ties by id, so the order is total). A film is in line at most once. Shared by one account's <see cref="FileListQueue"/> and the
/// <see cref="FileListBroker"/> of several accounts, so both serve films in the same order.
/// </summary>
public sealed class FileListLine
{
    private readonly SortedSet<FileListWaiter> _order = new(WaiterOrder.Instance);
    private readonly Dictionary<MovieId, FileListWaiter> _byMovie = new();

    public int Count => _order.Count;

    /// <summary>The film served next; null when nobody waits.</summary>
    public FileListWaiter? Head => _order.Min;

    /// <summary>How many films are ahead of <paramref name="waiter"/> (in line or not).</summary>
    public int Ahead(FileListWaiter waiter) => _order.Count(w => WaiterOrder.Instance.Compare(w, waiter) < 0);

    /// <summary>Puts the film in line, at the place its rank and tracking time give it (moving it if it was there already).</summary>
    public void Enter(FileListWaiter waiter)
    {
        Leave(waiter.MovieId);
        _order.Add(waiter);
        _byMovie[waiter.MovieId] = waiter;
    }

    /// <summary>Puts the film in line unless it is there already.</summary>
    public void EnterUnlessWaiting(FileListWaiter waiter)
    {
        if (_byMovie.TryAdd(waiter.MovieId, waiter))
            _order.Add(waiter);
    }

    /// <summary>Takes the film out of line; false when it was not in line.</summary>
    public bool Leave(MovieId movie)
    {
        if (!_byMovie.Remove(movie, out var waiter))
            return false;
        _order.Remove(waiter);
        return true;
    }

    private sealed class WaiterOrder : IComparer<FileListWaiter>
    {
        public static WaiterOrder Instance { get; } = new();

        public int Compare(FileListWaiter? x, FileListWaiter? y)
        {
            if (ReferenceEquals(x, y)) return 0;
            if (x is null) return -1;
            if (y is null) return 1;
            return QueueOrder.Compare(x.Rank, x.TrackedAt, x.MovieId, y.Rank, y.TrackedAt, y.MovieId);
        }
    }
}
