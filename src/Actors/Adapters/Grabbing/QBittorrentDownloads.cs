using Microsoft.Extensions.Logging;
using MovieSync.Actors.Movies;
using MovieSync.Actors.Schedule;
using MovieSync.Clients.QBittorrent;
using MovieSync.Clients.Torrents;

namespace MovieSync.Actors.Adapters.Grabbing;

/// <summary>
/// MovieSync's side of qBittorrent: makes sure it can take a torrent, adds one idempotently (by info-hash) and reports
/// how a download goes. While qBittorrent rejects the login (or bans us) work waits and no login is tried; once the
/// pause is over, exactly one new login is allowed. Outside the download window of <paramref name="schedule"/> torrents
/// are added paused; its download limit, as config.json holds it at the time of the add, goes with each add.
/// </summary>
/// <param name="schedule">Null: torrents are added as <paramref name="addOptions"/> say, at any time.</param>
public sealed class QBittorrentDownloads(QBittorrentClient client, TorrentAddOptions addOptions, TimeSpan loginPause,
    Akka.Actor.ITimeProvider clock, ILogger logger, LiveDownloadSchedule? schedule = null) : IDisposable
{
    private readonly Lock _gate = new(); // attempts of several movies run at once
    private DateTimeOffset? _loginPausedUntil;
    private string _loginFailure = "qBittorrent rejected the login";

    /// <summary>Null when qBittorrent can take a torrent (its category exists); else why the attempt waits or fails.</summary>
    public async Task<GrabOutcome?> PrepareAsync(CancellationToken cancellationToken)
    {
        if (LoginPaused() is { } paused)
            return paused;
        try
        {
            if (addOptions.Category is { Length: > 0 } category)
                await client.EnsureCategoryAsync(category, addOptions.SavePath, cancellationToken);
            else
                await client.GetVersionAsync(cancellationToken);
            return null;
        }
        catch (QBittorrentException e)
        {
            return FromQBittorrent(e);
        }
    }

    /// <summary>Adds the torrent unless qBittorrent already has it (an attempt interrupted by a crash runs again).</summary>
    public async Task<GrabOutcome> AddAsync(string film, byte[] content, TorrentFile torrent, string reason, long size,
        long? fileListId, CancellationToken cancellationToken)
    {
        try
        {
            var current = schedule?.Current;
            var open = current?.IsOpenAt(clock.Now) ?? true;
            var options = addOptions with
            {
                FileName = torrent.InfoHash + ".torrent",
                Paused = addOptions.Paused || !open,
                DownloadLimit = current is null ? addOptions.DownloadLimit : current.DownloadLimit,
            };
            var added = await client.EnsureAddedAsync(content, torrent.InfoHash, options, cancellationToken);
            if (added.Outcome == EnsureAddedOutcome.AlreadyPresent)
                logger.LogInformation("{Film}: qBittorrent already has torrent {Hash}; not adding it again", film, torrent.InfoHash);
            else if (!open)
                logger.LogInformation("{Film}: added paused, outside the download window {Window}", film, current!.Window);
            if (added.Outcome == EnsureAddedOutcome.Added && current is not null)
                await KeepInScheduleAsync(film, torrent.InfoHash, open, current.DownloadLimit, cancellationToken);
            return new GrabOutcome.Added(added.Torrent?.Name is { Length: > 0 } name ? name : torrent.Name, torrent.InfoHash, reason, size)
                { FileListId = fileListId };
        }
        catch (QBittorrentException e)
        {
            return FromQBittorrent(e);
        }
    }

    /// <summary>How the download of <paramref name="infoHash"/> goes; throws while qBittorrent cannot be asked.</summary>
    public async Task<DownloadProgress> FollowAsync(string infoHash, CancellationToken cancellationToken)
    {
        if (LoginPaused() is { } paused)
            throw new QBittorrentException(QBittorrentFailure.CredentialsRejected, paused.Reason);
        QBittorrentTorrent? torrent;
        try
        {
            torrent = await client.FindTorrentAsync(infoHash, cancellationToken);
        }
        catch (QBittorrentException e) when (e.Failure == QBittorrentFailure.CredentialsRejected)
        {
            LoginPaused();
            throw;
        }

        if (torrent is null)
            return new DownloadProgress.NotListed("the torrent is not in qBittorrent");
        if (torrent.Status == TorrentStatus.Broken)
            return new DownloadProgress.Lost($"qBittorrent reports {torrent.State}");
        if (torrent.IsComplete)
            return new DownloadProgress.Finished(torrent.ContentPath.Length > 0 ? torrent.ContentPath : Path.Combine(torrent.SavePath, torrent.Name));
        return new DownloadProgress.InProgress(torrent.Progress, torrent.DownloadSpeed, torrent.Eta)
        {
            State = torrent.State, Seeds = torrent.Seeds, DownloadedBytes = torrent.Downloaded,
            Held = torrent.Status is TorrentStatus.Paused or TorrentStatus.Queued or TorrentStatus.Checking or TorrentStatus.Moving,
        };
    }

    /// <summary>Takes a stalled torrent out of qBittorrent; false when it was not there. Throws while qBittorrent cannot be asked.</summary>
    public async Task<bool> RemoveAsync(string infoHash, bool deleteFiles, CancellationToken cancellationToken)
    {
        if (LoginPaused() is { } paused)
            throw new QBittorrentException(QBittorrentFailure.CredentialsRejected, paused.Reason);
        return await client.DeleteTorrentAsync(infoHash, deleteFiles, cancellationToken);
    }

    /// <summary>
    /// The bytes MovieSync's torrents (its category and tags) still hold unfinished in qBittorrent, for
    /// <c>disk.budget_gb</c>: qBittorrent's own list, so it survives restarts and forgets torrents removed there.
    /// Throws while qBittorrent cannot be asked.
    /// </summary>
    public async Task<long> UnfinishedBytesAsync(CancellationToken cancellationToken)
    {
        if (LoginPaused() is { } paused)
            throw new QBittorrentException(QBittorrentFailure.CredentialsRejected, paused.Reason);
        var category = addOptions.Category ?? "";
        var listed = await client.GetTorrentsAsync(category: category, tag: addOptions.Tags.Count > 0 ? addOptions.Tags[0] : null,
            ct: cancellationToken);
        return listed.Where(t => OwnTorrents.IsOwn(t, category, addOptions.Tags) && !t.IsComplete)
            .Sum(t => t.Size > 0 ? t.Size : t.TotalSize);
    }

    public void Dispose() => client.Dispose();

    /// <summary>What a failed call to qBittorrent means for the attempt: a wait while the login is paused, else a failure.</summary>
    public GrabOutcome OutcomeOf(QBittorrentException e) => FromQBittorrent(e);

    /// <summary>
    /// An add that crossed an edge of the window (decided before it, landed after the download window actor switched the
    /// torrents), or a change of config.json's window or limit, would miss that switch: the torrent is put right here instead.
    /// </summary>
    private async Task KeepInScheduleAsync(string film, string infoHash, bool wasOpen, long? sentLimit, CancellationToken cancellationToken)
    {
        var now = schedule!.Current;
        var open = now.IsOpenAt(clock.Now);
        if (open != wasOpen && !(open && addOptions.Paused))
            await TryAsync(film, open ? "resume" : "pause", async () =>
            {
                if (open)
                    await client.StartTorrentsAsync([infoHash], cancellationToken);
                else
                    await client.StopTorrentsAsync([infoHash], cancellationToken);
                logger.LogInformation("{Film}: the download window {State} while the torrent was added; {Done} it", film,
                    open ? "opened" : "closed", open ? "resumed" : "paused");
            });
        if (now.DownloadLimit is { } limit && limit != sentLimit)
            await TryAsync(film, "limit", async () =>
            {
                await client.SetDownloadLimitAsync([infoHash], limit, cancellationToken);
                logger.LogInformation("{Film}: the download limit changed while the torrent was added; set it to {Limit} B/s", film, limit);
            });
    }

    private async Task TryAsync(string film, string action, Func<Task> call)
    {
        try
        {
            await call();
        }
        catch (QBittorrentException e)
        {
            // Added all the same; the window's next edge (or the next change of the limit) puts it right.
            logger.LogWarning("{Film}: could not {Action} the torrent after the download window or limit changed: {Error}", film, action, e.Message);
        }
    }

    private GrabOutcome FromQBittorrent(QBittorrentException e) => e.Failure switch
    {
        QBittorrentFailure.CredentialsRejected or QBittorrentFailure.Banned => (GrabOutcome?)LoginPaused(e.Message) ?? new GrabOutcome.Failed(e.Message),
        QBittorrentFailure.Unreachable => new GrabOutcome.Failed($"qBittorrent unreachable at {client.BaseUrl}: {e.Message}"),
        _ => new GrabOutcome.Failed(e.Message),
    };

    /// <summary>Answers the deferral while the login is paused (<paramref name="failure"/> starts a pause), null when qBittorrent may be called.</summary>
    private GrabOutcome.Deferred? LoginPaused(string? failure = null)
    {
        lock (_gate)
        {
            var now = clock.Now;
            if (failure is not null)
            {
                _loginPausedUntil = now + loginPause;
                _loginFailure = failure;
            }
            else if (!client.CredentialsRejected && _loginPausedUntil is null)
                return null;
            _loginPausedUntil ??= now + loginPause;
            if (now < _loginPausedUntil)
                return new GrabOutcome.Deferred(
                    $"{_loginFailure}; check qbittorrent.username / qbittorrent.password " +
                    $"(next try at {_loginPausedUntil:u})", _loginPausedUntil.Value);
            _loginPausedUntil = null;
            client.ResetLogin();
            return null;
        }
    }
}
