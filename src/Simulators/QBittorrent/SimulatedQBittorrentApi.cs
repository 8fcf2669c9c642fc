using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace MovieSync.Simulators.QBittorrent;

/// <summary>The simulated Web API: generic checks (fault, CSRF, method, session), then one handler per action.</summary>
internal sealed class SimulatedQBittorrentApi(FakeQBittorrentOptions options, CancellationToken stopping)
{
    private static readonly HashSet<string> PostOnly =
    [
        "auth/login", "auth/logout", "torrents/add", "torrents/createCategory", "torrents/setDownloadLimit",
        "torrents/pause", "torrents/resume", "torrents/stop", "torrents/start", "torrents/delete",
    ];

    private readonly Lock _gate = new();
    private readonly HashSet<string> _sessions = [];
    private readonly SimulatedTorrents _torrents = new(options);
    private int _failedLogins;
    private int _loginAttempts;
    private int _addRequests;
    private int _switchRequests;

    public int Port { get; set; }
    public QBittorrentFlavor Flavor { get; set; } = options.Flavor;
    public long BytesPerSecond { get => _torrents.BytesPerSecond; set => _torrents.BytesPerSecond = value; }
    public FakeQBittorrentFault Fault { get; set; }
    public int LoginAttempts => Volatile.Read(ref _loginAttempts);
    public int AddRequests => Volatile.Read(ref _addRequests);
    public int SwitchRequests => Volatile.Read(ref _switchRequests);
    public int TorrentCount => _torrents.Count;

    public void ExpireSessions()
    {
        lock (_gate)
            _sessions.Clear();
    }

    public void LiftBan() => Interlocked.Exchange(ref _failedLogins, 0);

    public void BreakTorrent(string hash, string state) => _torrents.Break(hash, state);

    public bool HasTorrent(string hash) => _torrents.Contains(hash);

    public async Task HandleAsync(HttpContext context, string action)
    {
        var request = context.Request;
        switch (Fault)
        {
            case FakeQBittorrentFault.Hang:
                await HangAsync(context.RequestAborted);
                return;
            case FakeQBittorrentFault.ServerError:
                await Text(context, "Internal Server Error", 500);
                return;
            case FakeQBittorrentFault.OversizedReply when action != "auth/login":
                await OversizedBody.WriteAsync(context, "application/json", "[",
                    Clients.QBittorrent.QBittorrentClient.ReplyLimitBytes + OversizedBody.BeyondLimitBytes);
                return;
            case FakeQBittorrentFault.HtmlPage:
                context.Response.ContentType = "text/html";
                await context.Response.WriteAsync("<!DOCTYPE html><html><body>qBittorrent WebUI</body></html>");
                return;
        }

        if (!SameOrigin(request))
        {
            await Text(context, "Unauthorized", 401);
            return;
        }
        if (PostOnly.Contains(action) && !HttpMethods.IsPost(request.Method))
        {
            await Text(context, "Method Not Allowed", 405);
            return;
        }

        var fields = await Fields.ReadAsync(request);
        if (action == "auth/login")
        {
            await LoginAsync(context, fields);
            return;
        }
        if (!HasSession(request))
        {
            await Text(context, "Forbidden", 403);
            return;
        }

        var flavor = Flavor;
        switch (action)
        {
            case "auth/logout":
                Logout(context);
                await Text(context, "");
                break;
            case "app/version":
                await Text(context, flavor.Version());
                break;
            case "app/webapiVersion":
                await Text(context, flavor.WebApiVersion());
                break;
            case "transfer/info":
                await Json(context, _torrents.TransferInfo());
                break;
            case "torrents/categories":
                await Json(context, _torrents.Categories());
                break;
            case "torrents/createCategory":
                var (code, message) = _torrents.CreateCategory(fields.Get("category") ?? "", fields.Get("savePath") ?? "");
                await Text(context, message, code);
                break;
            case "torrents/add":
                Interlocked.Increment(ref _addRequests);
                await AddAsync(context, fields, flavor);
                break;
            case "torrents/info":
                await Json(context, _torrents.Info(fields, flavor));
                break;
            // Web API 2.11 (5.0) renamed pause/resume to stop/start; each generation knows only its own names.
            case "torrents/pause" or "torrents/resume" or "torrents/stop" or "torrents/start"
                when (action is "torrents/stop" or "torrents/start") != flavor.ReadsStopped():
                await Text(context, "Not Found", 404);
                break;
            case "torrents/pause" or "torrents/stop":
                Interlocked.Increment(ref _switchRequests);
                await SwitchAsync(context, fields, paused: true);
                break;
            case "torrents/resume" or "torrents/start":
                Interlocked.Increment(ref _switchRequests);
                await SwitchAsync(context, fields, paused: false);
                break;
            case "torrents/delete":
                // Both fields are required (4.x requireParams); unknown hashes are passed over, as the real one does.
                if (fields.Get("hashes") is not { } deleted || fields.Get("deleteFiles") is null)
                {
                    await Text(context, "Bad Request", 400);
                    break;
                }
                _torrents.Delete(deleted);
                await Text(context, "");
                break;
            case "torrents/setDownloadLimit":
                var limit = long.TryParse(fields.Get("limit"), out var bytes) ? bytes : (long?)null;
                if (fields.Get("hashes") is not { } hashes || limit is null)
                {
                    await Text(context, "Bad Request", 400);
                    break;
                }
                _torrents.SetDownloadLimit(hashes, limit.Value);
                await Text(context, "");
                break;
            default:
                await Text(context, "Not Found", 404);
                break;
        }
    }

    /// <summary>Pause/resume without <c>hashes</c> is a 400 in qBittorrent (missing parameter).</summary>
    private async Task SwitchAsync(HttpContext context, Fields fields, bool paused)
    {
        if (fields.Get("hashes") is not { } hashes)
        {
            await Text(context, "Bad Request", 400);
            return;
        }
        _torrents.SetPaused(hashes, paused);
        await Text(context, "");
    }

    private async Task LoginAsync(HttpContext context, Fields fields)
    {
        Interlocked.Increment(ref _loginAttempts);
        var flavor = Flavor;
        if (Volatile.Read(ref _failedLogins) >= options.MaxFailedLogins)
        {
            await Text(context, "Your IP address has been banned after too many failed authentication attempts.", 403);
            return;
        }
        if (!HasSession(context.Request))
        {
            if (fields.Get("username") != options.Username || fields.Get("password") != options.Password)
            {
                Interlocked.Increment(ref _failedLogins);
                await (flavor.ModernLogin() ? Text(context, "Unauthorized", 401) : Text(context, "Fails."));
                return;
            }
            var sid = RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 32);
            lock (_gate)
                _sessions.Add(sid);
            Interlocked.Exchange(ref _failedLogins, 0);
            context.Response.Headers.Append("Set-Cookie", $"{flavor.CookieName(Port)}={sid}; HttpOnly; path=/; SameSite=Strict");
        }
        // 5.2 answers a login with no body at all.
        if (flavor.ModernLogin())
            context.Response.StatusCode = 204;
        else
            await Text(context, "Ok.");
    }

    private async Task AddAsync(HttpContext context, Fields fields, QBittorrentFlavor flavor)
    {
        var paused = fields.Get(flavor.ReadsStopped() ? "stopped" : "paused") == "true";
        var added = new List<string>();
        var failed = 0;
        foreach (var file in fields.Files)
        {
            var bytes = await Fields.ReadFileAsync(file);
            if (TorrentFileReader.TryRead(bytes) is not { } summary)
            {
                await Text(context, $"Error: '{file.FileName}' is not a valid torrent file.", 415);
                return;
            }
            if (_torrents.TryAdd(summary, fields, paused))
                added.Add(summary.InfoHash);
            else
                failed++;
        }

        if (!flavor.JsonAddResult())
        {
            await Text(context, added.Count > 0 ? "Ok." : "Fails.");
            return;
        }
        var result = new JsonObject
        {
            ["success_count"] = added.Count,
            ["failure_count"] = failed,
            ["pending_count"] = 0,
            ["added_torrent_ids"] = new JsonArray(added.Select(hash => (JsonNode)hash!).ToArray()),
        };
        await Json(context, result, added.Count > 0 ? 200 : 409);
    }

    private void Logout(HttpContext context)
    {
        var name = Flavor.CookieName(Port);
        if (context.Request.Cookies.TryGetValue(name, out var sid))
            lock (_gate)
                _sessions.Remove(sid);
        context.Response.Headers.Append("Set-Cookie", $"{name}=; path=/; expires=Thu, 01 Jan 1970 00:00:00 GMT");
    }

    private bool HasSession(HttpRequest request)
    {
        if (!request.Cookies.TryGetValue(Flavor.CookieName(Port), out var sid))
            return false;
        lock (_gate)
            return _sessions.Contains(sid);
    }

    /// <summary>qBittorrent's CSRF check: Origin, else Referer, must name the Host; neither present is fine.</summary>
    private static bool SameOrigin(HttpRequest request)
    {
        var claimed = request.Headers.Origin.ToString();
        if (claimed.Length == 0)
            claimed = request.Headers.Referer.ToString();
        if (claimed.Length == 0)
            return true;
        return Uri.TryCreate(claimed, UriKind.Absolute, out var uri)
            && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);
    }

    private async Task HangAsync(CancellationToken aborted)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(aborted, stopping);
        try
        {
            await Task.Delay(Timeout.Infinite, linked.Token);
        }
        catch (OperationCanceledException)
        {
            // The client gave up or the simulator stops.
        }
    }

    private static Task Text(HttpContext context, string body, int status = 200)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=UTF-8";
        return context.Response.WriteAsync(body);
    }

    private static Task Json(HttpContext context, JsonNode body, int status = 200)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(body.ToJsonString());
    }
}
