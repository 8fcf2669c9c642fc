using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MovieSync.Clients.QBittorrent;

/// <summary>qBittorrent Web API v2 client (4.5 through 5.x): login, categories, adding and listing torrents.</summary>
public sealed class QBittorrentClient : IDisposable
{
    /// <summary>The largest reply read: torrents/info lists about 2 KB per torrent, so 50 MB is over 20,000 torrents.</summary>
    public const long ReplyLimitBytes = 50 * 1024 * 1024;

    private readonly QBittorrentSession _session;
    private readonly QBittorrentClientOptions _options;
    private readonly ILogger _logger;

    public QBittorrentClient(QBittorrentConnection connection, QBittorrentClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        _options = options ?? new QBittorrentClientOptions();
        _logger = _options.Logger ?? NullLogger.Instance;
        _session = new QBittorrentSession(connection, _options);
    }

    public Uri BaseUrl => _session.BaseUrl;

    /// <summary>True after qBittorrent rejected the credentials; every call fails fast until ResetLogin/ChangeCredentials.</summary>
    public bool CredentialsRejected => _session.CredentialsRejected;

    /// <summary>Logs in now (check-config); later calls log in by themselves when needed.</summary>
    public Task LoginAsync(CancellationToken ct = default) => _session.EnsureLoggedInAsync(ct);

    /// <summary>Allows one new login attempt with the same credentials (e.g. the user fixed them in qBittorrent).</summary>
    public void ResetLogin() => _session.Reset();

    /// <summary>Uses new credentials from the next call on; clears a rejected login.</summary>
    public void ChangeCredentials(string username, string password) =>
        _session.Reset(new QBittorrentConnection(BaseUrl, username, password));

    /// <summary><c>app/version</c>, e.g. <c>v4.5.2</c>.</summary>
    public async Task<string> GetVersionAsync(CancellationToken ct = default) =>
        (await GetTextAsync("api/v2/app/version", ct)).Trim();

    /// <summary><c>app/webapiVersion</c>, e.g. <c>2.8.19</c>.</summary>
    public async Task<string> GetWebApiVersionAsync(CancellationToken ct = default) =>
        (await GetTextAsync("api/v2/app/webapiVersion", ct)).Trim();

    public async Task<IReadOnlyDictionary<string, QBittorrentCategory>> GetCategoriesAsync(CancellationToken ct = default) =>
        Parse(await GetTextAsync("api/v2/torrents/categories", ct), QBittorrentReplyParser.ParseCategories, "torrents/categories");

    /// <summary>Creates the category unless it exists; returns true when it was created now.</summary>
    public async Task<bool> EnsureCategoryAsync(string category, string? savePath = null, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(category);
        if ((await GetCategoriesAsync(ct)).ContainsKey(category))
            return false;

        var fields = new Dictionary<string, string> { ["category"] = category, ["savePath"] = savePath ?? "" };
        var reply = await _session.SendAsync(
            () => _session.Post("api/v2/torrents/createCategory", new FormUrlEncodedContent(fields)), ct);
        if (reply.Code == 200)
        {
            _logger.LogInformation("Created qBittorrent category {Category}", category);
            return true;
        }
        // 409 "Unable to create category": someone created it meanwhile, or the name is invalid.
        if (reply.Code == 409 && (await GetCategoriesAsync(ct)).ContainsKey(category))
            return false;
        throw _session.Unexpected(reply, $"refused to create category '{category}'");
    }

    /// <summary>Uploads a .torrent; true when accepted (<c>Ok.</c>), false when refused (<c>Fails.</c>, e.g. a duplicate).</summary>
    public async Task<bool> AddTorrentAsync(ReadOnlyMemory<byte> torrent, TorrentAddOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var reply = await _session.SendAsync(() => _session.Post("api/v2/torrents/add", AddForm(torrent, options)), ct);
        if (reply.Code == 415)
            throw new QBittorrentException(QBittorrentFailure.InvalidTorrent,
                $"qBittorrent at {BaseUrl} refused the file as not a valid torrent");
        return QBittorrentReplyParser.ParseAddAccepted(reply.Code, reply.Body)
            ?? throw _session.Unexpected(reply, "gave an unexpected reply to torrents/add");
    }

    /// <summary><c>torrents/info</c> filtered by category (null = any), tag and/or hashes.</summary>
    public async Task<IReadOnlyList<QBittorrentTorrent>> GetTorrentsAsync(
        string? category = null, string? tag = null, IEnumerable<string>? hashes = null, CancellationToken ct = default)
    {
        var query = new List<string>();
        if (category is not null)
            query.Add("category=" + Uri.EscapeDataString(category));
        if (tag is not null)
            query.Add("tag=" + Uri.EscapeDataString(tag));
        if (hashes is not null)
            query.Add("hashes=" + Uri.EscapeDataString(string.Join('|', hashes)));
        var path = "api/v2/torrents/info" + (query.Count > 0 ? "?" + string.Join('&', query) : "");
        return Parse(await GetTextAsync(path, ct), QBittorrentReplyParser.ParseTorrents, "torrents/info");
    }

    /// <summary>The torrent with this v1 info-hash, or null.</summary>
    public async Task<QBittorrentTorrent?> FindTorrentAsync(string infoHash, CancellationToken ct = default)
    {
        var hash = NormalizeHash(infoHash);
        return (await GetTorrentsAsync(hashes: [hash], ct: ct)).FirstOrDefault(t => t.Matches(hash));
    }

    /// <summary>
    /// Removes the torrent (and its downloaded files when <paramref name="deleteFiles"/>); false when qBittorrent did not
    /// have it. qBittorrent answers 200 either way, so it is looked up first.
    /// </summary>
    public async Task<bool> DeleteTorrentAsync(string infoHash, bool deleteFiles, CancellationToken ct = default)
    {
        if (await FindTorrentAsync(infoHash, ct) is not { } torrent)
            return false;
        var fields = new Dictionary<string, string>
        {
            ["hashes"] = torrent.Hash, ["deleteFiles"] = deleteFiles ? "true" : "false",
        };
        var reply = await _session.SendAsync(() => _session.Post("api/v2/torrents/delete", new FormUrlEncodedContent(fields)), ct);
        if (reply.Code != 200)
            throw _session.Unexpected(reply, $"refused to delete torrent {torrent.Hash}");
        _logger.LogInformation("Deleted torrent {Hash} from qBittorrent{Files}", torrent.Hash, deleteFiles ? " with its files" : "");
        return true;
    }

    /// <summary>
    /// Adds the torrent unless qBittorrent already has it. Safe to repeat after a crash: looks the hash up first,
    /// and a refused add of a torrent that is there anyway counts as already present.
    /// </summary>
    public async Task<EnsureAddedResult> EnsureAddedAsync(
        ReadOnlyMemory<byte> torrent, string infoHash, TorrentAddOptions options, CancellationToken ct = default)
    {
        var hash = NormalizeHash(infoHash);
        if (await FindTorrentAsync(hash, ct) is { } existing)
            return new EnsureAddedResult(EnsureAddedOutcome.AlreadyPresent, existing);

        var accepted = await AddTorrentAsync(torrent, options with { FileName = options.FileName ?? hash + ".torrent" }, ct);
        var lookups = accepted ? Math.Max(1, _options.AddedLookups) : 1;
        for (var i = 0; i < lookups; i++)
        {
            if (i > 0)
                await Task.Delay(_options.AddedLookupDelay, ct);
            // Hybrid torrents are listed under their v2 id: fall back to the category listing and infohash_v1.
            var added = await FindTorrentAsync(hash, ct)
                ?? (await GetTorrentsAsync(category: options.Category, ct: ct)).FirstOrDefault(t => t.Matches(hash));
            if (added is not null)
                return new EnsureAddedResult(accepted ? EnsureAddedOutcome.Added : EnsureAddedOutcome.AlreadyPresent, added);
        }

        if (accepted)
        {
            _logger.LogWarning("qBittorrent accepted torrent {Hash} but does not list it yet", hash);
            return new EnsureAddedResult(EnsureAddedOutcome.Added, null);
        }
        throw new QBittorrentException(QBittorrentFailure.AddRejected,
            $"qBittorrent at {BaseUrl} refused torrent {hash} and does not list it");
    }

    /// <summary>
    /// Pauses (stops) the torrents with these hashes: <c>torrents/stop</c> from Web API 2.11 (qBittorrent 5.0),
    /// <c>torrents/pause</c> before; the version is asked each time (a rare call, and qBittorrent may be upgraded meanwhile).
    /// </summary>
    public Task StopTorrentsAsync(IReadOnlyCollection<string> hashes, CancellationToken ct = default) =>
        SwitchAsync(hashes, stop: true, ct);

    /// <summary>Resumes (starts) the torrents with these hashes: <c>torrents/start</c> from Web API 2.11, <c>torrents/resume</c> before.</summary>
    public Task StartTorrentsAsync(IReadOnlyCollection<string> hashes, CancellationToken ct = default) =>
        SwitchAsync(hashes, stop: false, ct);

    /// <summary><c>torrents/setDownloadLimit</c> for these hashes, in bytes/s; 0 lifts the limit.</summary>
    public async Task SetDownloadLimitAsync(IReadOnlyCollection<string> hashes, long bytesPerSecond, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytesPerSecond);
        if (hashes.Count == 0)
            return;
        await PostHashesAsync("api/v2/torrents/setDownloadLimit", hashes, ct,
            ("limit", bytesPerSecond.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    public void Dispose() => _session.Dispose();

    /// <summary>Web API 2.11.0 (qBittorrent 5.0) renamed pause/resume to stop/start and dropped the old names.</summary>
    private static readonly Version StopStartSince = new(2, 11, 0);

    private async Task SwitchAsync(IReadOnlyCollection<string> hashes, bool stop, CancellationToken ct)
    {
        if (hashes.Count == 0)
            return;
        var modern = Version.TryParse(await GetWebApiVersionAsync(ct), out var api) && api >= StopStartSince;
        var action = (stop, modern) switch
        {
            (true, true) => "stop",
            (true, false) => "pause",
            (false, true) => "start",
            (false, false) => "resume",
        };
        await PostHashesAsync("api/v2/torrents/" + action, hashes, ct);
    }

    private async Task PostHashesAsync(string path, IReadOnlyCollection<string> hashes, CancellationToken ct,
        params (string Name, string Value)[] more)
    {
        var fields = new Dictionary<string, string> { ["hashes"] = string.Join('|', hashes) };
        foreach (var (name, value) in more)
            fields[name] = value;
        var reply = await _session.SendAsync(() => _session.Post(path, new FormUrlEncodedContent(fields)), ct);
        if (reply.Code != 200)
            throw _session.Unexpected(reply, $"failed {path["api/v2/".Length..]}");
    }

    private static MultipartFormDataContent AddForm(ReadOnlyMemory<byte> torrent, TorrentAddOptions options)
    {
        var form = new MultipartFormDataContent();
        var file = new ReadOnlyMemoryContent(torrent);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/x-bittorrent");
        form.Add(file, "torrents", options.FileName ?? "movie.torrent");
        if (options.Category is not null)
            form.Add(new StringContent(options.Category), "category");
        if (options.Tags.Count > 0)
            form.Add(new StringContent(string.Join(',', options.Tags)), "tags");
        if (options.SavePath is not null)
            form.Add(new StringContent(options.SavePath), "savepath");
        if (options.DownloadLimit is > 0 and var limit)
            form.Add(new StringContent(limit.ToString(System.Globalization.CultureInfo.InvariantCulture)), "dlLimit");
        var paused = options.Paused ? "true" : "false";
        // 4.x reads "paused", 5.x reads "stopped"; each ignores the other.
        form.Add(new StringContent(paused), "paused");
        form.Add(new StringContent(paused), "stopped");
        return form;
    }

    private async Task<string> GetTextAsync(string path, CancellationToken ct)
    {
        var reply = await _session.SendAsync(() => _session.Get(path), ct);
        if (reply.Code != 200)
            throw _session.Unexpected(reply, $"failed {path.Split('?')[0]}");
        return reply.Body;
    }

    private T Parse<T>(string body, Func<string, T> parse, string what)
    {
        try
        {
            return parse(body);
        }
        catch (FormatException e)
        {
            throw new QBittorrentException(QBittorrentFailure.UnexpectedReply,
                $"qBittorrent at {BaseUrl} sent an unreadable {what} reply: {e.Message}", e);
        }
    }

    private static string NormalizeHash(string infoHash)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(infoHash);
        var hash = infoHash.Trim().ToLowerInvariant();
        if (hash.Length != 40 || !hash.All(Uri.IsHexDigit))
            throw new ArgumentException("Expected a 40-character hex v1 info-hash", nameof(infoHash));
        return hash;
    }
}
