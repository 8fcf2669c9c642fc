using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using MovieSync.Clients.FileList;
using MovieSync.Messages;
using static MovieSync.Messages.FileListCommands;
using static MovieSync.Messages.FileListEvents;
using static MovieSync.Messages.FileListQueries;

namespace MovieSync.Actors.FileList;

/// <summary>
/// One FileList account: every search and .torrent download of every movie goes through it and spends from its
/// hourly budget, whose spend is persisted before each request so it survives restarts. While the budget is spent or
/// the credentials are rejected, requests are answered <see cref="Deferred"/>: the work waits, it never fails.
/// </summary>
public sealed class FileListAccountActor : ReceivePersistentActor
{
    public const string Name = "filelist-account";

    /// <summary>Any film with many releases: the check-config search only needs FileList to answer.</summary>
    private const string CheckImdbId = "tt0133093";

    private readonly FileListAccountSettings _settings;
    private readonly Func<FileListAccount, FileListClient> _clientFor;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private List<DateTimeOffset>? _recovered = [];
    private RequestBudget _budget;
    private FileListClient _client;
    private Rejection? _rejected;
    private bool _snapshotting;

    public FileListAccountActor(FileListAccountSettings settings, Func<FileListAccount, FileListClient> clientFor)
    {
        _settings = settings;
        _clientFor = clientFor;
        _client = clientFor(settings.Account);
        _budget = new RequestBudget(settings.RequestsPerHour, settings.Window);

        Recover<SnapshotOffer>(offer => _recovered = ((FileListAccountSnapshot)offer.Snapshot).SpentAt.ToList());
        Recover<FileListRequestSpent>(e => _recovered?.Add(e.At));
        Recover<FileListRateLimitReached>(e => _recovered?.AddRange(Enumerable.Repeat(e.At, settings.RequestsPerHour)));
        Recover<RecoveryCompleted>(_ => OnRecovered());

        Command<Search>(s => Spend(Sender, client => SearchAsync(client, s), replyWithStatus: false));
        Command<Download>(d => Spend(Sender, client => DownloadAsync(client, d), replyWithStatus: false));
        Command<CheckFileListAccount>(_ => Spend(Sender, client => SearchAsync(client, new Search(CheckImdbId, "", null, _settings.Categories)),
            replyWithStatus: true));
        Command<RequestFinished>(OnRequestFinished);
        Command<GetFileListAccountStatus>(_ => Sender.Tell(Status()));
        Command<ChangeFileListCredentials>(OnChangeCredentials);
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
            replyTo.Tell(replyWithStatus ? Status() : new Deferred(rejected.Reason, rejected.Until));
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
            request(client).ContinueWith(t => t.IsCompletedSuccessfully
                    ? t.Result
                    : new RequestFinished(new Searched(FileListSearchResult.Failed(FileListOutcome.ServerError,
                        "the FileList request crashed: " + t.Exception?.InnerException?.GetType().Name))), TaskScheduler.Default)
                .PipeTo(Self, sender: replyTo, success: r => r with { ReplyWithStatus = replyWithStatus });
            SnapshotWhenDue();
        });
    }

    private static async Task<RequestFinished> SearchAsync(FileListClient client, Search search) =>
        new(new Searched(await client.SearchForFilmAsync(search.ImdbId, search.Title, search.Year, search.Categories)));

    private static async Task<RequestFinished> DownloadAsync(FileListClient client, Download download) =>
        new(new Downloaded(await client.DownloadTorrentAsync(download.Torrent)));

    private void OnRequestFinished(RequestFinished finished)
    {
        var (outcome, error, retryAfter) = finished.Answer switch
        {
            Searched s => (s.Result.Outcome, s.Result.Error, s.Result.RetryAfter),
            Downloaded d => (d.Result.Outcome, d.Result.Error, (TimeSpan?)null),
            _ => (FileListOutcome.ServerError, null, null),
        };
        var now = Now;
        object answer = finished.Answer;
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
                answer = new Deferred($"FileList's request limit is reached; waiting until {until:u}", until);
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
    private Deferred Reject(string error, DateTimeOffset now)
    {
        var until = now + _settings.CredentialsPause;
        var reason = $"{error}: all FileList work waits until {until:u} or new credentials (filelist.username / filelist.passkey)";
        if (_rejected is null)
            _log.Warning("FileList rejected the credentials of account {User} ({Error}); all FileList work is paused until {Until:u} " +
                         "or new credentials are configured (filelist.username / filelist.passkey)", Username, error, until);
        else
            _log.Info("FileList still rejects the credentials of account {User}; waiting until {Until:u}", Username, until);
        _rejected = new Rejection(reason, until);
        return new Deferred(_rejected.Reason, _rejected.Until);
    }

    private Deferred BudgetSpent(DateTimeOffset now)
    {
        var at = _budget.NextAvailableAt(now);
        return new Deferred(
            $"the FileList request budget ({_settings.RequestsPerHour} per hour, filelist.requests_per_hour) is spent; next request at {at:u}",
            at);
    }

    private void OnChangeCredentials(ChangeFileListCredentials change)
    {
        _client = _clientFor(_settings.Account with { Passkey = change.Passkey });
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

    /// <summary>Search FileList for a film: by IMDb id when given, else by title and year. Answered <see cref="Searched"/> or <see cref="Deferred"/>.</summary>
    public sealed record Search(string? ImdbId, string Title, int? Year, IReadOnlyList<int> Categories);

    /// <summary>Fetch a result's .torrent (its link is secret). Answered <see cref="Downloaded"/> or <see cref="Deferred"/>.</summary>
    public sealed record Download(FileListTorrent Torrent);

    /// <summary>What FileList answered a search.</summary>
    public sealed record Searched(FileListSearchResult Result);

    /// <summary>What the download link answered.</summary>
    public sealed record Downloaded(FileListDownloadResult Result);

    /// <summary>No request was made (or FileList refused it for the account's sake): try again at <paramref name="RetryAt"/>.</summary>
    public sealed record Deferred(string Reason, DateTimeOffset RetryAt);

    private sealed record RequestFinished(object Answer)
    {
        public bool ReplyWithStatus { get; init; }
    }

    private sealed record Rejection(string Reason, DateTimeOffset Until);
}
