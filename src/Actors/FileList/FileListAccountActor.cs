using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using MovieSync.Actors.Work;
using MovieSync.Clients.FileList;
using MovieSync.Messages;
using static MovieSync.Messages.FileListCommands;
using static MovieSync.Messages.FileListEvents;
using static MovieSync.Messages.FileListQueries;

namespace MovieSync.Actors.FileList;

/// <summary>
/// One FileList account: every search and .torrent download of every movie goes through it and spends from its
/// hourly budget, whose spend is persisted before each request so it survives restarts. While the budget is spent or
/// the credentials are rejected, requests are answered <see cref="FileListDeferred"/>: the work waits, it never fails.
/// The results' download links (they embed the passkey) stay here: a fetch names the torrent by its id.
/// </summary>
public sealed class FileListAccountActor : ReceivePersistentActor
{
    public const string Name = "filelist-account";

    /// <summary>Any film with many releases: the check-config search only needs FileList to answer.</summary>
    private const string CheckImdbId = "tt0133093";

    private readonly FileListAccountSettings _settings;
    private readonly Func<FileListAccount, FileListClient> _clientFor;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    /// <summary>How many found torrents' download links are kept for a fetch (the newest searches' results).</summary>
    private const int LinksKept = 2000;

    private readonly Dictionary<long, Uri> _links = new();
    private readonly Queue<long> _linkOrder = new();
    private List<DateTimeOffset>? _recovered = [];
    private RequestBudget _budget;
    private FileListClient _client;
    private Rejection? _rejected;
    private bool _snapshotting;

    public FileListAccountActor(FileListAccountSettings settings, Func<FileListAccount, FileListClient> clientFor)
    {
        _settings = settings;
        _clientFor = clientFor;
        _client = clientFor(settings.ReadCredentials());
        _budget = new RequestBudget(settings.RequestsPerHour, settings.Window);

        Recover<SnapshotOffer>(offer => _recovered = ((FileListAccountSnapshot)offer.Snapshot).SpentAt.ToList());
        Recover<FileListRequestSpent>(e => _recovered?.Add(e.At));
        Recover<FileListRateLimitReached>(e => _recovered?.AddRange(Enumerable.Repeat(e.At, settings.RequestsPerHour)));
        Recover<RecoveryCompleted>(_ => OnRecovered());

        Command<SearchFilm>(s => Spend(Sender, client => SearchAsync(client, s), replyWithStatus: false));
        Command<FetchTorrent>(OnFetch);
        Command<CheckFileListAccount>(_ => Spend(Sender, client => SearchAsync(client, new SearchFilm(CheckImdbId, "", null, _settings.Categories)),
            replyWithStatus: true));
        Command<RequestFinished>(OnRequestFinished);
        Command<GetFileListAccountStatus>(_ => Sender.Tell(Status()));
        Command<ReloadFileListCredentials>(_ => OnReloadCredentials());
        Command<SaveSnapshotSuccess>(OnSnapshotSaved);
        Command<SaveSnapshotFailure>(f =>
        {
            _snapshotting = false;
            _log.Warning(f.Cause, "Snapshot of the FileList account's spend failed");
        });
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteMessagesSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(f => _log.Warning(f.Cause, "Deleting old FileList account snapshots failed"));
        Command<DeleteMessagesFailure>(f => _log.Warning(f.Cause, "Deleting old FileList account events failed"));
    }

    public override string PersistenceId => _settings.PersistenceId;

    public static Props Props(FileListAccountSettings settings, Func<FileListAccount, FileListClient> clientFor) =>
        Akka.Actor.Props.Create(() => new FileListAccountActor(settings, clientFor));

    private DateTimeOffset Now => Context.System.Scheduler.Now;

    private string Username => _settings.Account.Username;

    private void OnRecovered()
    {
        _budget = RequestBudget.Restore(_settings.RequestsPerHour, _recovered ?? [], Now, _settings.Window);
        _recovered = null;
        _log.Info("FileList account {User}: {Remaining} of {Limit} requests left in the current hour", Username,
            _budget.Remaining(Now), _settings.RequestsPerHour);
    }

    /// <summary>Answers at once when work must wait; else persists the spend first, then makes the request.</summary>
    private void Spend(IActorRef replyTo, Func<FileListClient, Task<RequestFinished>> request, bool replyWithStatus)
    {
        var now = Now;
        if (_rejected is { } rejected && now < rejected.Until)
        {
            replyTo.Tell(replyWithStatus ? Status() : new FileListDeferred(rejected.Reason, rejected.Until));
            return;
        }

        if (!_budget.TryTake(now))
        {
            replyTo.Tell(replyWithStatus ? Status() : BudgetSpent(now));
            return;
        }

        var client = _client;
        Persist(new FileListRequestSpent(now), _ =>
        {
            // The client answers its own timeouts; this one only bounds a request that hangs regardless.
            PipedWork.Run(_ => request(client), _settings.RequestTimeout,
                finished => finished with { ReplyWithStatus = replyWithStatus },
                error => new RequestFinished(FileListSearchResult.Failed(FileListOutcome.ServerError,
                    $"the FileList request failed: {error.GetType().Name}")) { ReplyWithStatus = replyWithStatus },
                Self, replyTo);
            SnapshotWhenDue();
        });
    }

    private static async Task<RequestFinished> SearchAsync(FileListClient client, SearchFilm search) =>
        new(await client.SearchForFilmAsync(search.ImdbId, search.Title, search.Year, search.Categories));

    private void OnFetch(FetchTorrent fetch)
    {
        if (!_links.TryGetValue(fetch.TorrentId, out var link))
        {
            // Only after a restart of this actor (or thousands of searches since): the film's attempt searches again.
            Sender.Tell(new FileListDeferred($"torrent {fetch.TorrentId} is no longer known to FileList account {Username}; searching again", Now));
            return;
        }

        Spend(Sender, async client => new RequestFinished(await client.DownloadTorrentAsync(link)), replyWithStatus: false);
    }

    private void Remember(FileListSearchResult result)
    {
        foreach (var (id, link) in result.DownloadLinks)
        {
            if (_links.TryAdd(id, link))
                _linkOrder.Enqueue(id);
            else
                _links[id] = link;
        }

        while (_linkOrder.Count > LinksKept)
            _links.Remove(_linkOrder.Dequeue());
    }

    private void OnRequestFinished(RequestFinished finished)
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
            Remember(found);
        var now = Now;
        switch (outcome)
        {
            case FileListOutcome.CredentialsRejected:
                answer = Reject(error ?? "FileList rejected the username/passkey", now);
                break;
            case FileListOutcome.RateLimited:
                _budget.MarkExhausted(now);
                Persist(new FileListRateLimitReached(now), _ => { });
                var until = retryAfter is { } wait && wait > TimeSpan.Zero ? now + wait : _budget.NextAvailableAt(now);
                _log.Warning("FileList says the request limit of account {User} is reached; FileList work waits until {Until:u}",
                    Username, until);
                answer = new FileListDeferred($"FileList's request limit is reached; waiting until {until:u}", until);
                break;
            default:
                if (_rejected is not null)
                    _log.Info("FileList accepts the credentials of {User} again; FileList work resumes", Username);
                _rejected = null;
                break;
        }

        Sender.Tell(finished.ReplyWithStatus ? Status() : answer);
    }

    /// <summary>Pauses all FileList work; warns once when the account goes from usable to rejected.</summary>
    private FileListDeferred Reject(string error, DateTimeOffset now)
    {
        var until = now + _settings.CredentialsPause;
        var reason = $"{error}: all FileList work waits until {until:u} or new credentials (filelist.username / filelist.passkey)";
        if (_rejected is null)
            _log.Warning("FileList rejected the credentials of account {User} ({Error}); all FileList work is paused until {Until:u} " +
                         "or new credentials are configured (filelist.username / filelist.passkey)", Username, error, until);
        else
            _log.Info("FileList still rejects the credentials of account {User}; waiting until {Until:u}", Username, until);
        _rejected = new Rejection(reason, until);
        return new FileListDeferred(_rejected.Reason, _rejected.Until);
    }

    private FileListDeferred BudgetSpent(DateTimeOffset now)
    {
        var at = _budget.NextAvailableAt(now);
        return new FileListDeferred(
            $"the FileList request budget ({_settings.RequestsPerHour} per hour, filelist.requests_per_hour) is spent; next request at {at:u}",
            at);
    }

    private void OnReloadCredentials()
    {
        _client = _clientFor(_settings.ReadCredentials());
        if (_rejected is not null)
            _log.Info("New FileList credentials for {User}: FileList work resumes", Username);
        _rejected = null;
        Sender.Tell(Status());
    }

    private FileListAccountStatus Status()
    {
        var now = Now;
        var remaining = _budget.Remaining(now);
        if (_rejected is { } rejected)
            return new FileListAccountStatus(Username, FileListAccountHealth.CredentialsRejected, rejected.Reason,
                _settings.RequestsPerHour, remaining, rejected.Until > now ? rejected.Until : null);
        if (remaining == 0)
            return new FileListAccountStatus(Username, FileListAccountHealth.BudgetSpent, BudgetSpent(now).Reason,
                _settings.RequestsPerHour, 0, _budget.NextAvailableAt(now));
        return new FileListAccountStatus(Username, FileListAccountHealth.Ok, null, _settings.RequestsPerHour, remaining, null);
    }

    private void SnapshotWhenDue()
    {
        if (_snapshotting || LastSequenceNr % _settings.SnapshotEvery != 0)
            return;
        _snapshotting = true;
        SaveSnapshot(new FileListAccountSnapshot(_budget.SpentAt));
    }

    private void OnSnapshotSaved(SaveSnapshotSuccess saved)
    {
        _snapshotting = false;
        // The snapshot holds the whole spend: older events and snapshots can never matter again.
        DeleteMessages(saved.Metadata.SequenceNr);
        DeleteSnapshots(new SnapshotSelectionCriteria(saved.Metadata.SequenceNr - 1));
    }

    /// <summary>A FileList call's outcome (<see cref="FileListSearchResult"/> or <see cref="FileListDownloadResult"/>), piped back.</summary>
    private sealed record RequestFinished(object Answer) : INoSerializationVerificationNeeded
    {
        public bool ReplyWithStatus { get; init; }
    }

    private sealed record Rejection(string Reason, DateTimeOffset Until);
}
