namespace MovieSync.Messages;

/// <summary>The FileList account actor's persisted events (<c>filelist-account-&lt;username&gt;</c>): the spent request budget.</summary>
public interface IFileListAccountEvent : IPersistedMessage
{
    DateTimeOffset At { get; }
}

public static class FileListEvents
{
    /// <summary>One FileList request (search or .torrent download) was spent from the account's hourly budget.</summary>
    public sealed record FileListRequestSpent(DateTimeOffset At) : IFileListAccountEvent;

    /// <summary>FileList answered 429: its own count says the budget is spent, whatever ours says.</summary>
    public sealed record FileListRateLimitReached(DateTimeOffset At) : IFileListAccountEvent;

    /// <summary>
    /// Published on the event stream (not persisted): requests freed and this waiting movie is promised the next
    /// search and download; whoever holds the movie wakes it so that it claims them with <see cref="FileListCommands.ReserveFileListRequests"/>.
    /// </summary>
    public sealed record FileListTurn(MovieId MovieId) : IProtocolMessage;

    /// <summary>
    /// Published on the event stream by the coordinator (not persisted): the movie will claim no turn (skipped, forgotten,
    /// settled, or it has no actor to wake). Every line drops it, and a turn promised to it goes to the next movie at once.
    /// </summary>
    public sealed record FileListLineLeft(MovieId MovieId) : IProtocolMessage;
}

/// <summary>
/// The account's spend as a snapshot: when the requests still inside the window were made, oldest first.
/// </summary>
public sealed record FileListAccountSnapshot(IReadOnlyList<DateTimeOffset> SpentAt) : IPersistedMessage;

/// <summary>Whether the FileList account can be used right now.</summary>
public enum FileListAccountHealth
{
    /// <summary>The credentials were accepted (or not yet tried) and requests are allowed.</summary>
    Ok,

    /// <summary>FileList rejected the username/passkey: all FileList work waits.</summary>
    CredentialsRejected,

    /// <summary>The hourly request budget is spent: work waits for the window to free.</summary>
    BudgetSpent,
}

/// <summary>What a check of the account's credentials (check-config) found.</summary>
public enum FileListCheckOutcome
{
    /// <summary>FileList answered the search: the credentials work.</summary>
    Accepted,

    /// <summary>FileList rejected the username/passkey (now, or in the request whose pause still lasts).</summary>
    CredentialsRejected,

    /// <summary>No request was free in the budget (or FileList said its limit is reached): nothing was checked.</summary>
    BudgetSpent,

    /// <summary>FileList could not be asked or did not answer usefully (unreachable, timeout, server error).</summary>
    Failed,
}

public static class FileListCommands
{
    /// <summary>
    /// Search FileList for a film: by IMDb id when given, else by title and year. Answered <see cref="FilmSearchResult"/>
    /// or <see cref="FileListDeferred"/>.
    /// </summary>
    public sealed record SearchFilm(string? ImdbId, string Title, int? Year, IReadOnlyList<int> Categories) : IProtocolMessage
    {
        /// <summary>The <see cref="FileListReserved"/> this search spends from; none: any free request.</summary>
        public long? Reservation { get; init; }
    }

    /// <summary>
    /// Fetch the .torrent of a result this same account found: its download link embeds the account's passkey, so it
    /// never leaves the account. Answered <see cref="FetchTorrentResult"/> or <see cref="FileListDeferred"/>.
    /// </summary>
    public sealed record FetchTorrent(long TorrentId) : IProtocolMessage
    {
        /// <summary>The reservation whose search found the torrent: its download was set aside with it.</summary>
        public long? Reservation { get; init; }
    }

    /// <summary>
    /// A movie asks for one search and one .torrent download, reserved together so that no search is made without
    /// its download. Movies wait in line by <see cref="Rank"/>, then in the order they were tracked (<paramref name="TrackedAt"/>). Answered
    /// <see cref="FileListReserved"/>, or <see cref="FileListDeferred"/> with the time the movie's turn should come (it
    /// is woken earlier by <see cref="FileListEvents.FileListTurn"/> when requests free sooner).
    /// </summary>
    public sealed record ReserveFileListRequests(MovieId MovieId, DateTimeOffset TrackedAt) : IProtocolMessage
    {
        /// <summary>The broker's number for this ask, echoed in the answer (none from a movie).</summary>
        public long? RequestId { get; init; }

        /// <summary>False: answer <see cref="FileListDeferred"/> without a place in this account's line (the broker keeps the line).</summary>
        public bool WaitInLine { get; init; } = true;

        /// <summary>The movie's place class in line (`grab`, priority); absent from nodes before issue 12: normal.</summary>
        public QueueRank Rank { get; init; } = QueueRank.Normal;
    }

    /// <summary>The movie's search and download are set aside: pass <paramref name="Reservation"/> with both.</summary>
    public sealed record FileListReserved(long Reservation) : IProtocolMessage
    {
        /// <summary>The <see cref="ReserveFileListRequests.RequestId"/> this answers.</summary>
        public long? RequestId { get; init; }
    }

    /// <summary>The movie is done with its reservation (whatever it did not spend goes to the next movie).</summary>
    public sealed record ReleaseFileListReservation(long Reservation) : IProtocolMessage;

    /// <summary>The account's credentials changed: read them again and lift a credentials pause. Answered <see cref="FileListQueries.FileListAccountStatus"/>.</summary>
    public sealed record ReloadFileListCredentials : IProtocolMessage
    {
        public static ReloadFileListCredentials Instance { get; } = new();
    }

    /// <summary>
    /// The sender (the broker) is told the account's <see cref="FileListQueries.FileListAccountStatus"/> now and whenever
    /// it changes, until the sender stops.
    /// </summary>
    public sealed record WatchFileListAccountStatus : IProtocolMessage
    {
        public static WatchFileListAccountStatus Instance { get; } = new();
    }

    /// <summary>
    /// Spend one request of the budget on a search to learn whether FileList accepts the credentials (check-config).
    /// Answered <see cref="FileListAccountChecked"/>; no request is made while the budget is spent or the credentials'
    /// pause lasts.
    /// </summary>
    public sealed record CheckFileListAccount : IProtocolMessage
    {
        public static CheckFileListAccount Instance { get; } = new();
    }

    /// <summary>
    /// What the check found: <paramref name="RequestMade"/> says whether a request was spent on it;
    /// <paramref name="Error"/> explains anything but <see cref="FileListCheckOutcome.Accepted"/> (never a secret);
    /// <paramref name="NextRequestAt"/> is when the account can make its next request, when it cannot now.
    /// </summary>
    public sealed record FileListAccountChecked(
        FileListCheckOutcome Outcome,
        bool RequestMade,
        string? Error,
        DateTimeOffset? NextRequestAt,
        FileListQueries.FileListAccountStatus Status) : IProtocolMessage;

    /// <summary>
    /// What FileList answered a search: the results (none is a valid answer), or <paramref name="Error"/> when the
    /// search failed for a reason that is the film's attempt's (never a secret).
    /// </summary>
    public sealed record FilmSearchResult(IReadOnlyList<FileListTorrent> Torrents, string? Error) : IProtocolMessage
    {
        public bool IsSuccess => Error is null;
    }

    /// <summary>The .torrent's bytes, or why there are none.</summary>
    public sealed record FetchTorrentResult(byte[]? Content, string? Error) : IProtocolMessage
    {
        public override string ToString() =>
            Content is null ? $"FetchTorrentResult {{ Error = {Error} }}" : $"FetchTorrentResult {{ {Content.Length} bytes }}";
    }

    /// <summary>
    /// No request was made, or FileList refused it for the account's sake (budget, rate limit, credentials): not the
    /// film's fault; try again at <paramref name="RetryAt"/>.
    /// </summary>
    public sealed record FileListDeferred(string Reason, DateTimeOffset RetryAt) : IProtocolMessage
    {
        /// <summary>The <see cref="ReserveFileListRequests.RequestId"/> this answers.</summary>
        public long? RequestId { get; init; }
    }
}

public static class FileListQueries
{
    /// <summary>Asks the account actor for its current status, without spending a request.</summary>
    public sealed record GetFileListAccountStatus : IProtocolMessage
    {
        public static GetFileListAccountStatus Instance { get; } = new();
    }

    /// <summary>
    /// The account's state: <paramref name="Message"/> explains anything but <see cref="FileListAccountHealth.Ok"/>
    /// (never a secret); <paramref name="PausedUntil"/> is when work resumes after a credentials rejection or a spent budget.
    /// </summary>
    public sealed record FileListAccountStatus(
        string Username,
        FileListAccountHealth Health,
        string? Message,
        int RequestsPerHour,
        int RequestsRemaining,
        DateTimeOffset? PausedUntil) : IProtocolMessage
    {
        /// <summary>Requests neither spent nor set aside for a film: a new film can be served when this is at least 2.</summary>
        public int? RequestsFree { get; init; }

        /// <summary>When a new film could be served (a search and a download free), when it cannot now.</summary>
        public DateTimeOffset? FilmTurnAt { get; init; }

        /// <summary>Searches made by this account since it started (check-config's included).</summary>
        public int Searches { get; init; }

        /// <summary>.torrent downloads made by this account since it started.</summary>
        public int Downloads { get; init; }
    }
}
