using Akka.Actor;
using Akka.Event;
using MovieSync.Actors.Work;
using MovieSync.Clients.FileList;
using MovieSync.Messages;
using static MovieSync.Actors.FileList.FileListAccountActor;
using static MovieSync.Messages.FileListCommands;

namespace MovieSync.Actors.FileList;

/// <summary>
/// The account's FileList requests: a search, check-config's search or a .torrent download spends from the budget (the
/// spend persisted first) and runs off the mailbox; its outcome is answered, and a rejection of the credentials or
/// FileList's request limit holds back the account's work. The results' download links stay here
/// (<see cref="DownloadLinks"/>): a fetch names the torrent by its id.
/// </summary>
internal sealed class AccountRequests(IAccountLedger account, IActorContext context, AccountTurns turns, AccountCredentials credentials,
    BudgetClock clock, ILoggingAdapter log)
{
    /// <summary>Any film with many releases: the check-config search only needs FileList to answer.</summary>
    private const string CheckImdbId = "tt0133093";

    private readonly DownloadLinks _links = new();

    /// <summary>Searches made since the actor started (check-config's included).</summary>
    public int Searches { get; private set; }

    /// <summary>.torrent downloads made since the actor started.</summary>
    public int Downloads { get; private set; }

    private string Username => account.Settings.Account.Username;

    public void OnSearch(SearchFilm search)
    {
        if (Spend(context.Sender, client => SearchAsync(client, search), isCheck: false, search.Reservation))
            Searches++;
    }

    public void OnCheck()
    {
        if (Spend(context.Sender, client => SearchAsync(client, new SearchFilm(CheckImdbId, "", null, account.Settings.Categories)),
                isCheck: true, reservation: null))
            Searches++;
    }

    public void OnFetch(FetchTorrent fetch)
    {
        if (!_links.TryGet(fetch.TorrentId, out var link))
        {
            // Only after a restart of this actor (or thousands of searches since): the film's attempt searches again.
            context.Sender.Tell(new FileListDeferred($"torrent {fetch.TorrentId} is no longer known to FileList account {Username}; searching again",
                context.System.Scheduler.Now));
            return;
        }

        if (Spend(context.Sender, async client => new RequestFinished(await client.DownloadTorrentAsync(link)), isCheck: false,
                fetch.Reservation))
            Downloads++;
    }

    /// <summary>
    /// Answers at once when work must wait; else persists the spend first, then makes the request. A check
    /// (<paramref name="isCheck"/>) spends only a request no film has reserved, and is answered <see cref="FileListAccountChecked"/>.
    /// </summary>
    /// <returns>Whether the request is made.</returns>
    private bool Spend(IActorRef replyTo, Func<FileListClient, Task<RequestFinished>> request, bool isCheck, long? reservation)
    {
        var now = clock.Now;
        var queue = account.Queue;
        if (credentials.Rejected is { } rejected && now < rejected.Until)
        {
            // Reserved before the rejection came back: the film waits in line with the others, woken when the credentials
            // work; or, reserved by a broker, it goes back to the broker at once.
            var elsewhere = reservation is { } refused && !queue.Requeue(refused);
            replyTo.Tell(isCheck
                ? Checked(FileListCheckOutcome.CredentialsRejected, requestMade: false, rejected.Reason, clock.ToWall(rejected.Until))
                : elsewhere ? TryElsewhere(rejected.Reason, now) : new FileListDeferred(rejected.Reason, clock.ToWall(rejected.Until)));
            return false;
        }

        var taken = reservation is { } reserved
            ? queue.SpendReserved(reserved, now) || queue.SpendUnreserved(now)
            : queue.SpendUnreserved(now);
        if (!taken)
        {
            replyTo.Tell(isCheck ? CheckRefused(now) : BudgetSpent(now));
            return false;
        }

        var client = credentials.Client;
        account.JournalSpend(now, () =>
            // The client answers its own timeouts; this one only bounds a request that hangs regardless.
            PipedWork.Run(_ => request(client), account.Settings.RequestTimeout,
                finished => finished with { IsCheck = isCheck, Reservation = reservation },
                error => new RequestFinished(FileListSearchResult.Failed(FileListOutcome.ServerError,
                    $"the FileList request failed: {error.GetType().Name}")) { IsCheck = isCheck, Reservation = reservation },
                context.Self, replyTo));
        return true;
    }

    private static async Task<RequestFinished> SearchAsync(FileListClient client, SearchFilm search) =>
        new(await client.SearchForFilmAsync(search.ImdbId, search.Title, search.Year, search.Categories));

    public void OnFinished(RequestFinished finished)
    {
        var (outcome, error, retryAfter, answer) = finished.Answer switch
        {
            FileListSearchResult s => (s.Outcome, s.Error, s.RetryAfter,
                (object)new FilmSearchResult(s.Torrents, s.IsSuccess ? null : s.Error ?? "the FileList search failed")),
            FileListDownloadResult d => (d.Outcome, d.Error, (TimeSpan?)null,
                new FetchTorrentResult(d.IsSuccess ? d.Content : null, d.IsSuccess ? null : d.Error ?? "the .torrent download failed")),
            _ => (FileListOutcome.ServerError, null, null, new FilmSearchResult([], "FileList answered nothing")),
        };
        if (finished.Answer is FileListSearchResult { IsSuccess: true } found)
            _links.Remember(found);
        var now = clock.Now;
        var checkedAs = (Outcome: FileListCheckOutcome.Accepted, Error: (string?)null, NextRequestAt: (DateTimeOffset?)null);
        switch (outcome)
        {
            case FileListOutcome.CredentialsRejected:
                // Woken with the others as soon as the credentials work; or, reserved by a broker, back to it at once.
                var elsewhere = finished.Reservation is { } refused && !account.Queue.Requeue(refused);
                var rejection = error ?? "FileList rejected the username/passkey";
                var paused = credentials.Reject(rejection, now);
                answer = elsewhere ? TryElsewhere(paused.Reason, now) : paused;
                checkedAs = (FileListCheckOutcome.CredentialsRejected, rejection, paused.RetryAt);
                break;
            case FileListOutcome.RateLimited:
                account.Budget.MarkExhausted(now);
                account.JournalRateLimit(now);
                var until = clock.ToWall(retryAfter is { } wait && wait > TimeSpan.Zero ? now + wait : account.Budget.NextAvailableAt(now));
                log.Warning("FileList says the request limit of account {User} is reached; FileList work waits until {Until:u}",
                    Username, until);
                answer = new FileListDeferred($"FileList's request limit is reached; waiting until {until:u}", until);
                checkedAs = (FileListCheckOutcome.BudgetSpent, $"FileList says the request limit of the account is reached; next request at {until:u}", until);
                break;
            default:
                credentials.Accepted();
                turns.ServeLine();
                if (finished.Answer is not FileListSearchResult { IsSuccess: true })
                    checkedAs = (FileListCheckOutcome.Failed, $"{error ?? "FileList answered nothing usable"} ({outcome})", null);
                break;
        }

        context.Sender.Tell(finished.IsCheck ? Checked(checkedAs.Outcome, requestMade: true, checkedAs.Error, checkedAs.NextRequestAt) : answer);
    }

    /// <summary>
    /// A film a broker reserved here, refused for the credentials: it asks the broker again in a moment, which passes this
    /// account over while it is paused (else the film, told to come back when the pause ends, is routed here again and
    /// probes the credentials at every pause, while the other accounts could serve it).
    /// </summary>
    private FileListDeferred TryElsewhere(string reason, DateTimeOffset now) =>
        new($"{reason}; another FileList account is tried", clock.ToWall(now + MinimumWait));

    private FileListAccountChecked Checked(FileListCheckOutcome outcome, bool requestMade, string? error, DateTimeOffset? nextRequestAt) =>
        new(outcome, requestMade, error, nextRequestAt, account.Status());

    /// <summary>A check gets only a request no waiting film is promised: none is free until the budget frees one more.</summary>
    private FileListAccountChecked CheckRefused(DateTimeOffset now)
    {
        var queue = account.Queue;
        var at = clock.ToWall(account.Budget.AvailableAt(1, queue.Held, now));
        var held = queue.Held > 0 ? $" or set aside for the {Plural(queue.Held, "request")} of films in line" : "";
        return Checked(FileListCheckOutcome.BudgetSpent, requestMade: false,
            $"the FileList request budget ({account.Settings.RequestsPerHour} per hour, filelist.requests_per_hour) is spent{held}; " +
            $"next request at {at:u}", at);
    }

    private static string Plural(int n, string noun) => n == 1 ? $"1 {noun}" : $"{n} {noun}s";

    /// <summary>The answer while the budget is spent (also the status's reason then).</summary>
    public FileListDeferred BudgetSpent(DateTimeOffset now)
    {
        var at = account.Budget.NextAvailableAt(now);
        return new FileListDeferred(
            $"the FileList request budget ({account.Settings.RequestsPerHour} per hour, filelist.requests_per_hour) is spent; next request at {clock.ToWall(at):u}",
            clock.ToWall(at));
    }
}
