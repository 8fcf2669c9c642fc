using Akka.Actor;
using Microsoft.Extensions.Logging;
using MovieSync.Actors.Movies;
using MovieSync.Clients.FileList;
using MovieSync.Clients.QBittorrent;
using MovieSync.Clients.Torrents;
using MovieSync.Messages;
using static MovieSync.Messages.FileListCommands;

namespace MovieSync.Actors.Adapters.Grabbing;

/// <summary>
/// Grabs a film as a torrent: skips it when it is already on disk, else reserves a search and a download with the
/// FileList account actor (waiting in line for them), searches, chooses a torrent, has the same account fetch its
/// .torrent, and adds it to qBittorrent; then follows it there.
/// Trouble that is not the film's fault (FileList's budget, credentials, an account that does not answer, no room on
/// disk) defers the attempt. Room on disk is looked at before any FileList request, and whether the chosen torrent fits
/// <c>disk.budget_gb</c> before its .torrent is fetched.
/// </summary>
public sealed class TorrentGrabber : IMovieGrabber, IDisposable
{
    public const string MissingCredentials = "FileList credentials are not configured (filelist.username / filelist.passkey)";

    private readonly IActorRef? _account;
    private readonly QBittorrentDownloads _qbittorrent;
    private readonly GrabbingSettings _settings;
    private readonly Akka.Actor.ITimeProvider _clock;
    private readonly ILogger _logger;
    private readonly LibraryOnDisk _library;
    private readonly DiskSpace _disk;
    private readonly TorrentCriteria _criteria;

    /// <param name="account">The FileList account actor; null when no credentials are configured (attempts then wait).</param>
    public TorrentGrabber(IActorRef? account, QBittorrentDownloads qbittorrent, GrabbingSettings settings,
        Akka.Actor.ITimeProvider clock, ILogger<TorrentGrabber> logger)
    {
        _account = account;
        _qbittorrent = qbittorrent;
        _settings = settings;
        _clock = clock;
        _logger = logger;
        _library = new LibraryOnDisk(settings.DownloadDirectory, clock, logger);
        _disk = new DiskSpace(settings.Disk, settings.AddOptions.SavePath, settings.DownloadDirectory,
            settings.FreeSpace, qbittorrent.UnfinishedBytesAsync, clock, logger);
        // A torrent bigger than the whole disk budget could never be added: it is not chosen.
        _criteria = settings.Disk.BudgetGb is { } budget && budget < settings.Criteria.MaxSizeGb
            ? settings.Criteria with { MaxSizeGb = budget }
            : settings.Criteria;
    }

    private DateTimeOffset Now => _clock.Now;

    public async Task<GrabOutcome> GrabAsync(GrabRequest request, CancellationToken cancellationToken)
    {
        var film = request.Year is { } year ? $"{request.Title} ({year})" : request.Title;
        if (await _library.FindMatchAsync(request.Title, request.Year, cancellationToken) is { } path)
            return new GrabOutcome.AlreadyOnDisk(path);
        if (_account is null)
            return new GrabOutcome.Deferred(MissingCredentials, Now + _settings.MissingCredentialsPause);
        // No room on disk: the film waits without a place in FileList's line.
        if (_disk.CheckFreeSpace() is { } noRoom)
            return noRoom;
        // The film's search and download are reserved together: it waits in line (costing nothing) until both are free.
        var reserved = await AskAccountAsync(new ReserveFileListRequests(request.MovieId, request.TrackedAt) { Rank = request.Rank },
            cancellationToken);
        if (reserved is not FileListReserved reservation)
            return Unanswered(reserved);
        try
        {
            // qBittorrent before FileList: while it cannot take a torrent, no FileList request is spent.
            if (await _qbittorrent.PrepareAsync(cancellationToken) is { } notReady)
                return notReady;
            // Again after the wait in line (the disk may have filled meanwhile), and the budget, which asks qBittorrent.
            if ((_disk.CheckFreeSpace() ?? await _disk.CheckBudgetAsync(film, cancellationToken)) is { } full)
                return full;
            return await SearchAndAddAsync(request, film, reservation.Reservation, cancellationToken);
        }
        catch (QBittorrentException e)
        {
            return _qbittorrent.OutcomeOf(e);
        }
        finally
        {
            // Whatever the reservation did not spend (no torrent was chosen, qBittorrent was not ready) goes to the next film.
            _account.Tell(new ReleaseFileListReservation(reservation.Reservation));
        }
    }

    private async Task<GrabOutcome> SearchAndAddAsync(GrabRequest request, string film, long reservation, CancellationToken cancellationToken)
    {
        var imdbId = request.MovieId.IsImdb ? request.MovieId.Value : null;
        var searched = await AskAccountAsync(
            new SearchFilm(imdbId, request.Title, request.Year, _settings.Criteria.Categories) { Reservation = reservation }, cancellationToken);
        if (searched is not FilmSearchResult found)
            return Unanswered(searched);
        if (!found.IsSuccess)
            return new GrabOutcome.Failed(found.Error!);
        if (found.Torrents.Count == 0)
            return new GrabOutcome.Failed($"No torrents found on FileList for {film}");

        // Torrents that stalled for this film before are skipped by FileList id (no .torrent spent on them) ...
        var stalledIds = request.Rejected.Select(r => r.FileListId).OfType<long>().ToHashSet();
        var choice = TorrentChooser.Choose(found.Torrents, _criteria, stalledIds);
        if (choice.Torrent is not { } chosen)
            return new GrabOutcome.Failed($"No suitable torrent on FileList for {film}: {choice.Reason}");
        _logger.LogInformation("{Film}: chose {Torrent} ({Reason})", film, chosen.Name, choice.Reason);

        // FileList's listing tells the size: a torrent that does not fit the disk budget now is not fetched.
        var (claim, wait) = await _disk.ClaimAsync(film, chosen.SizeBytes, cancellationToken);
        if (wait is not null)
            return wait;
        using (claim)
            return await FetchAndAddAsync(request, film, chosen, choice.Reason, reservation, claim, cancellationToken);
    }

    private async Task<GrabOutcome> FetchAndAddAsync(GrabRequest request, string film, FileListTorrent chosen, string reason,
        long reservation, IDisposable? claim, CancellationToken cancellationToken)
    {
        var fetched = await AskAccountAsync(new FetchTorrent(chosen.Id) { Reservation = reservation }, cancellationToken);
        if (fetched is not FetchTorrentResult result)
            return Unanswered(fetched);
        if (result.Content is not { } content)
            return new GrabOutcome.Failed(result.Error ?? "the .torrent download failed");
        var torrent = TorrentFile.TryParse(content, out var parseError);
        if (torrent is null)
            return new GrabOutcome.Failed($"the .torrent from FileList does not parse: {parseError}");
        // ... and by info-hash, for the same torrent under another id: rejected by this id too from now on.
        if (request.Rejected.Any(r => string.Equals(r.InfoHash, torrent.InfoHash, StringComparison.OrdinalIgnoreCase)))
            return new GrabOutcome.Failed($"FileList torrent {chosen.Id} ({chosen.Name}) is {torrent.InfoHash}, which stalled before")
                { Rejected = new RejectedTorrent(torrent.InfoHash, chosen.Name, chosen.Id) };
        // FileList's listing said the size; the .torrent is what qBittorrent will download.
        if (torrent.TotalSize > _criteria.MaxSizeBytes)
            return new GrabOutcome.Failed(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"the .torrent from FileList holds {torrent.TotalSize / (double)(1L << 30):0.##} GB, over " +
                $"{(_criteria.MaxSizeGb < _settings.Criteria.MaxSizeGb ? "disk.budget_gb" : "filelist.max_size_gb")} ({_criteria.MaxSizeGb} GB)"));
        if (_disk.Fits(claim, film, torrent.TotalSize) is { } tooBig)
            return tooBig;

        return await _qbittorrent.AddAsync(film, content, torrent, reason, chosen.SizeBytes, chosen.Id, cancellationToken);
    }

    public Task<DownloadProgress> FollowAsync(MovieId movieId, string infoHash, CancellationToken cancellationToken) =>
        _qbittorrent.FollowAsync(infoHash, cancellationToken);

    public Task<bool> RemoveAsync(MovieId movieId, string infoHash, bool deleteFiles, CancellationToken cancellationToken) =>
        _qbittorrent.RemoveAsync(infoHash, deleteFiles, cancellationToken);

    public void Dispose()
    {
        _qbittorrent.Dispose();
        _disk.Dispose();
    }

    private async Task<object> AskAccountAsync(object message, CancellationToken cancellationToken)
    {
        try
        {
            return await _account!.Ask<object>(message, _settings.AccountTimeout, cancellationToken);
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
        FileListDeferred deferred => new GrabOutcome.Deferred(deferred.Reason, deferred.RetryAt),
        GrabOutcome outcome => outcome,
        _ => new GrabOutcome.Failed($"the FileList account answered {answer.GetType().Name}"),
    };
}
