using Akka.Actor;
using Microsoft.Extensions.Logging;
using MovieSync.Actors.Movies;
using MovieSync.Actors.FileList;
using MovieSync.Clients.FileList;
using MovieSync.Clients.QBittorrent;
using MovieSync.Clients.Torrents;
using MovieSync.Messages;

namespace MovieSync.Actors.Grabbing;

/// <summary>
/// Grabs a film: skips it when it is already on disk, else searches FileList through the account actor, chooses a
/// torrent, fetches its .torrent and adds it to qBittorrent (idempotently, by info-hash); then follows it there.
/// Trouble that is not the film's fault (budget, credentials) defers the attempt instead of failing it.
/// </summary>
public sealed class FileListGrabber : IMovieGrabber, IDisposable
{
    public const string MissingCredentials = "FileList credentials are not configured (filelist.username / filelist.passkey)";

    private readonly QBittorrentClient _qbittorrent;
    private readonly GrabbingSettings _settings;
    private readonly Akka.Actor.ITimeProvider _clock;
    private readonly ILogger _logger;
    private readonly LibraryOnDisk _library;
    private readonly Lock _gate = new();
    private DateTimeOffset? _loginPausedUntil;
    private string _loginFailure = "qBittorrent rejected the login";

    public FileListGrabber(IActorRef? account, QBittorrentClient qbittorrent, GrabbingSettings settings, Akka.Actor.ITimeProvider clock,
        ILogger<FileListGrabber> logger)
    {
        Account = account;
        _qbittorrent = qbittorrent;
        _settings = settings;
        _clock = clock;
        _logger = logger;
        _library = new LibraryOnDisk(settings.DownloadDirectory, clock, logger);
    }

    /// <summary>The FileList account actor (null when no credentials are configured): check-config asks it for its status.</summary>
    public IActorRef? Account { get; }

    private DateTimeOffset Now => _clock.Now;

    public async Task<GrabOutcome> GrabAsync(GrabRequest request, CancellationToken cancellationToken)
    {
        var film = request.Year is { } year ? $"{request.Title} ({year})" : request.Title;
        if (_library.FindMatch(request.Title, request.Year) is { } path)
            return new GrabOutcome.AlreadyOnDisk(path);
        if (Account is null)
            return new GrabOutcome.Deferred(MissingCredentials, Now + _settings.MissingCredentialsPause);
        // qBittorrent first: while it cannot take a torrent, no FileList request is spent.
        if (await PrepareQBittorrentAsync(cancellationToken) is { } notReady)
            return notReady;

        var imdbId = request.MovieId.IsImdb ? request.MovieId.Value : null;
        var searched = await AskAccountAsync(new FileListAccountActor.Search(imdbId, request.Title, request.Year, _settings.Criteria.Categories),
            cancellationToken);
        if (searched is not FileListAccountActor.Searched { Result: var found })
            return Unanswered(searched);
        if (found.Outcome == FileListOutcome.NoResults)
            return new GrabOutcome.Failed($"No torrents found on FileList for {film}");
        if (!found.IsSuccess)
            return new GrabOutcome.Failed(found.Error ?? "the FileList search failed");

        var choice = TorrentChooser.Choose(found.Torrents, _settings.Criteria);
        if (choice.Torrent is not { } chosen)
            return new GrabOutcome.Failed($"No suitable torrent on FileList for {film}: {choice.Reason}");
        _logger.LogInformation("{Film}: chose {Torrent} ({Reason})", film, chosen.Name, choice.Reason);

        var downloaded = await AskAccountAsync(new FileListAccountActor.Download(chosen), cancellationToken);
        if (downloaded is not FileListAccountActor.Downloaded { Result: var fetched })
            return Unanswered(downloaded);
        if (!fetched.IsSuccess || fetched.Content is null)
            return new GrabOutcome.Failed(fetched.Error ?? "the .torrent download failed");
        var torrent = TorrentFile.TryParse(fetched.Content, out var parseError);
        if (torrent is null)
            return new GrabOutcome.Failed($"the .torrent from FileList does not parse: {parseError}");

        return await AddAsync(film, fetched.Content, torrent, choice.Reason, chosen.SizeBytes, cancellationToken);
    }

    public async Task<DownloadProgress> FollowAsync(MovieId movieId, string infoHash, CancellationToken cancellationToken)
    {
        if (LoginPaused() is { } paused)
            throw new QBittorrentException(QBittorrentFailure.CredentialsRejected, paused.Reason);
        QBittorrentTorrent? torrent;
        try
        {
            torrent = await _qbittorrent.FindTorrentAsync(infoHash, cancellationToken);
        }
        catch (QBittorrentException e) when (e.Failure == QBittorrentFailure.CredentialsRejected)
        {
            LoginPaused();
            throw;
        }

        if (torrent is null)
            return new DownloadProgress.Lost("the torrent is no longer in qBittorrent");
        if (torrent.Status == TorrentStatus.Broken)
            return new DownloadProgress.Lost($"qBittorrent reports {torrent.State}");
        if (torrent.IsComplete)
            return new DownloadProgress.Finished(torrent.ContentPath.Length > 0 ? torrent.ContentPath : Path.Combine(torrent.SavePath, torrent.Name));
        return new DownloadProgress.InProgress(torrent.Progress, torrent.DownloadSpeed, torrent.Eta);
    }

    public void Dispose() => _qbittorrent.Dispose();

    private async Task<GrabOutcome?> PrepareQBittorrentAsync(CancellationToken cancellationToken)
    {
        if (LoginPaused() is { } paused)
            return paused;
        try
        {
            if (_settings.AddOptions.Category is { Length: > 0 } category)
                await _qbittorrent.EnsureCategoryAsync(category, _settings.AddOptions.SavePath, cancellationToken);
            else
                await _qbittorrent.GetVersionAsync(cancellationToken);
            return null;
        }
        catch (QBittorrentException e)
        {
            return FromQBittorrent(e);
        }
    }

    private async Task<GrabOutcome> AddAsync(string film, byte[] content, TorrentFile torrent, string reason, long size,
        CancellationToken cancellationToken)
    {
        try
        {
            var options = _settings.AddOptions with { FileName = torrent.InfoHash + ".torrent" };
            var added = await _qbittorrent.EnsureAddedAsync(content, torrent.InfoHash, options, cancellationToken);
            if (added.Outcome == EnsureAddedOutcome.AlreadyPresent)
                _logger.LogInformation("{Film}: qBittorrent already has torrent {Hash}; not adding it again", film, torrent.InfoHash);
            return new GrabOutcome.Added(added.Torrent?.Name is { Length: > 0 } name ? name : torrent.Name, torrent.InfoHash, reason, size);
        }
        catch (QBittorrentException e)
        {
            return FromQBittorrent(e);
        }
    }

    private async Task<object> AskAccountAsync(object message, CancellationToken cancellationToken)
    {
        try
        {
            return await Account!.Ask<object>(message, _settings.AccountTimeout, cancellationToken);
        }
        catch (AskTimeoutException)
        {
            // The account actor is down (its supervisor starts it again) or stuck: not the film's fault, so no failure
            // is counted. FileList's own errors and timeouts come back as answers and do count.
            return new GrabOutcome.Deferred(
                $"the FileList account did not answer within {_settings.AccountTimeout.TotalSeconds:0} s", Now + _settings.AccountTimeout);
        }
    }

    private static GrabOutcome Unanswered(object answer) => answer switch
    {
        FileListAccountActor.Deferred deferred => new GrabOutcome.Deferred(deferred.Reason, deferred.RetryAt),
        GrabOutcome outcome => outcome,
        _ => new GrabOutcome.Failed($"the FileList account answered {answer.GetType().Name}"),
    };

    private GrabOutcome FromQBittorrent(QBittorrentException e) => e.Failure switch
    {
        QBittorrentFailure.CredentialsRejected or QBittorrentFailure.Banned => (GrabOutcome?)LoginPaused(e.Message) ?? new GrabOutcome.Failed(e.Message),
        QBittorrentFailure.Unreachable => new GrabOutcome.Failed($"qBittorrent unreachable at {_qbittorrent.BaseUrl}: {e.Message}"),
        _ => new GrabOutcome.Failed(e.Message),
    };

    /// <summary>
    /// While qBittorrent rejects the login (or bans us), work waits and no login is tried; once the pause is over,
    /// exactly one new login is allowed. Answers the deferral while paused, null when qBittorrent may be called.
    /// </summary>
    private GrabOutcome.Deferred? LoginPaused(string? failure = null)
    {
        lock (_gate)
        {
            var now = Now;
            if (failure is not null)
            {
                _loginPausedUntil = now + _settings.QBittorrentLoginPause;
                _loginFailure = failure;
            }
            else if (!_qbittorrent.CredentialsRejected && _loginPausedUntil is null)
                return null;
            _loginPausedUntil ??= now + _settings.QBittorrentLoginPause;
            if (now < _loginPausedUntil)
                return new GrabOutcome.Deferred(
                    $"{_loginFailure}; check qbittorrent.username / qbittorrent.password " +
                    $"(next try at {_loginPausedUntil:u})", _loginPausedUntil.Value);
            _loginPausedUntil = null;
            _qbittorrent.ResetLogin();
            return null;
        }
    }
}
