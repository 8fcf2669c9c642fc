using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using MovieSync.Clients.FileList;
using MovieSync.Clients.Library;

namespace MovieSync.Simulators.FileList;

public sealed partial class FakeFileList
{
    private const string LoginPage =
        "<!DOCTYPE html>\n<html><head><title>FileList :: Login</title></head>\n<body><form action=\"takelogin.php\" method=\"post\">" +
        "<input name=\"username\"><input name=\"password\" type=\"password\"></form></body></html>";

    private Task HandleApiAsync(HttpContext context)
    {
        var query = context.Request.Query;
        Log(context, new FakeFileListRequest(_time.GetUtcNow(), FakeFileListEndpoint.Search, 0)
        {
            ImdbId = query["type"] == "imdb" ? FileListResponseParser.ImdbIdOf(query["query"]) : null,
            Name = query["type"] == "name" ? query["query"].ToString() : null,
            Account = AccountOf(CredentialsOf(context.Request).Passkey),
        });
        return AnswerApiAsync(context);
    }

    private Task HandleDownloadAsync(HttpContext context)
    {
        Log(context, new FakeFileListRequest(_time.GetUtcNow(), FakeFileListEndpoint.Download, 0)
        {
            TorrentId = long.TryParse(context.Request.Query["id"], out var id) ? id : null,
            Account = AccountOf(context.Request.Query["passkey"].ToString()),
        });
        return AnswerDownloadAsync(context);
    }

    /// <summary>Logs the request with its status as the answer starts, before the client can have it (a request abandoned unanswered is not logged).</summary>
    private void Log(HttpContext context, FakeFileListRequest request) =>
        context.Response.OnStarting(() =>
        {
            _requests.Enqueue(request with { Status = context.Response.StatusCode });
            return Task.CompletedTask;
        });

    private async Task AnswerApiAsync(HttpContext context)
    {
        Interlocked.Increment(ref _searchRequests);
        var query = context.Request.Query;
        switch (Fault)
        {
            case FakeFileListFault.Slow: await DelayAsync(SlowDelay, context); break;
            case FakeFileListFault.ServerError:
                await WriteAsync(context, 500, "text/html; charset=UTF-8", "<html><body><h1>500 Internal Server Error</h1></body></html>");
                return;
            case FakeFileListFault.ServiceUnavailable: await ErrorAsync(context, 503, "Service unavailable"); return;
            case FakeFileListFault.UnparsableReply:
                await WriteAsync(context, 200, "text/html; charset=UTF-8", "<html><body>FileList is down for maintenance. Back soon!</body></html>");
                return;
            case FakeFileListFault.OversizedReply:
                await OversizedBody.WriteAsync(context, "application/json", "[",
                    FileListClient.SearchReplyLimitBytes + OversizedBody.BeyondLimitBytes);
                return;
            case FakeFileListFault.ErrorObjectWith200:
                await WriteAsync(context, 200, "application/json", "{\"error\":429,\"message\":\"Rate limit reached\"}");
                return;
        }

        var (username, passkey) = CredentialsOf(context.Request);
        if (string.IsNullOrEmpty(username) || string.IsNullOrEmpty(passkey))
        {
            await ErrorAsync(context, 401, "Username and passkey cannot be empty.");
            return;
        }
        if (AuthenticationError(username, passkey) is { } authError)
        {
            OnCredentialsRefused(username, FakeFileListEndpoint.Search, $"403 {ErrorJson(authError)}");
            await ErrorAsync(context, 403, authError);
            return;
        }
        if (Fault == FakeFileListFault.RateLimited || !TakeRequest(username))
        {
            await ErrorAsync(context, 429, "Rate limit reached");
            return;
        }
        if (query["action"] != "search-torrents" || Search(query) is not { } results)
        {
            await ErrorAsync(context, 400, "Invalid search/filter");
            return;
        }
        _searchesBy.AddOrUpdate(username, 1, (_, n) => n + 1);
        await WriteAsync(context, 200, "application/json", SearchJson(results, passkey));
    }

    private async Task AnswerDownloadAsync(HttpContext context)
    {
        Interlocked.Increment(ref _downloadRequests);
        if (Fault == FakeFileListFault.Slow) await DelayAsync(SlowDelay, context);
        if (Fault == FakeFileListFault.ServerError)
        {
            await WriteAsync(context, 500, "text/html; charset=UTF-8", "<html><body><h1>500 Internal Server Error</h1></body></html>");
            return;
        }
        if (Fault == FakeFileListFault.OversizedTorrent)
        {
            await OversizedBody.WriteAsync(context, "application/x-bittorrent", "d4:info",
                FileListClient.TorrentLimitBytes + OversizedBody.BeyondLimitBytes);
            return;
        }
        // FileList answers a bad passkey on download.php with its login page, not an error status.
        var owner = AccountOf(context.Request.Query["passkey"].ToString());
        if (Fault == FakeFileListFault.DownloadAnswersHtml || owner is null || IsRevoked(owner))
        {
            if (owner is null || IsRevoked(owner))
                OnCredentialsRefused(owner, FakeFileListEndpoint.Download, "200 with the login page instead of the .torrent");
            await WriteAsync(context, 200, "text/html; charset=UTF-8", LoginPage);
            return;
        }
        if (!long.TryParse(context.Request.Query["id"], out var id) || !_torrents.TryGetValue(id, out var torrent))
        {
            await WriteAsync(context, 404, "text/html; charset=UTF-8", "<html><body>Torrent not found</body></html>");
            return;
        }
        if (_heldDownloads is { } held && held.Username == owner)
        {
            Interlocked.Increment(ref _downloadsWaiting);
            try
            {
                await held.Release.Task.WaitAsync(context.RequestAborted); // the client going away ends it unanswered
            }
            finally
            {
                Interlocked.Decrement(ref _downloadsWaiting);
            }
        }
        _downloadsBy.AddOrUpdate(owner, 1, (_, n) => n + 1);
        var bytes = FakeTorrentFiles.Build(torrent, new Uri(BaseUrl, $"announce.php?passkey={PasskeyOf(owner)}").ToString());
        context.Response.Headers.ContentDisposition = $"attachment; filename=\"{torrent.Name}.torrent\"";
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/x-bittorrent";
        OnTorrentServed(owner, torrent); // before the bytes: a client holding the .torrent can count on the event
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
    }

    private List<FakeTorrent>? Search(IQueryCollection query)
    {
        var categories = new HashSet<int>();
        foreach (var part in string.Join(',', query["category"].ToArray()).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, out var category)) return null;
            categories.Add(category);
        }
        string text = query["query"].ToString();
        IEnumerable<FakeTorrent> found;
        switch (query["type"].ToString())
        {
            case "imdb":
                if (FileListResponseParser.ImdbIdOf(text) is not { } imdb) return null;
                found = _torrents.Values.Where(t => t.ImdbId == imdb);
                if (query["name"].ToString() is { Length: > 0 } name) found = found.Where(t => NameMatches(t.Name, name));
                break;
            case "name":
                if (string.IsNullOrWhiteSpace(text)) return null;
                found = _torrents.Values.Where(t => NameMatches(t.Name, text));
                break;
            default:
                return null;
        }
        if (Flag(query, "freeleech")) found = found.Where(t => t.Freeleech);
        if (Flag(query, "internal")) found = found.Where(t => t.Internal);
        if (Flag(query, "doubleup")) found = found.Where(t => t.DoubleUp);
        // Newest first, as the site lists them.
        return found.Where(t => categories.Count == 0 || categories.Contains(t.CategoryId)).OrderByDescending(t => t.Id).ToList();
    }

    private static bool Flag(IQueryCollection query, string name) => query[name] == "1";

    private static bool NameMatches(string releaseName, string query)
    {
        var words = TitleNormalizer.Words(releaseName).ToHashSet();
        return TitleNormalizer.Words(query).All(words.Contains);
    }

    private string? AuthenticationError(string username, string passkey)
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            if (Fault == FakeFileListFault.TooManyFailedAuthentications || _lockedOutUntil > now)
                return "Too many failed authentications. Try again in one hour!";
            if (Fault != FakeFileListFault.CredentialsRejected && !_revoked.Contains(username) && PasskeyOf(username) is { } known
                && passkey == known) return null;
            if (++_failedAuthentications >= MaxFailedAuthentications) _lockedOutUntil = now.AddHours(1);
            return "Invalid passkey/username!";
        }
    }

    private bool TakeRequest(string username)
    {
        lock (_gate) return (_otherBudgets.GetValueOrDefault(username) ?? _budget).TryTake(_time.GetUtcNow());
    }

    private static (string? Username, string? Passkey) CredentialsOf(HttpRequest request)
    {
        if (AuthenticationHeaderValue.TryParse(request.Headers.Authorization, out var header)
            && header.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase) && header.Parameter is { } encoded)
        {
            try
            {
                var pair = Encoding.UTF8.GetString(Convert.FromBase64String(encoded));
                var colon = pair.IndexOf(':');
                if (colon >= 0) return (pair[..colon], pair[(colon + 1)..]);
            }
            catch (FormatException) { return (null, null); }
        }
        return (request.Query["username"], request.Query["passkey"]);
    }

    private string SearchJson(List<FakeTorrent> results, string passkey)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartArray();
            foreach (var t in results)
            {
                json.WriteStartObject();
                json.WriteNumber("id", t.Id);
                json.WriteString("name", t.Name);
                if (t.ImdbId is null) json.WriteNull("imdb"); else json.WriteString("imdb", t.ImdbId);
                json.WriteNumber("freeleech", t.Freeleech ? 1 : 0);
                json.WriteNumber("doubleup", t.DoubleUp ? 1 : 0);
                json.WriteString("upload_date", RomanianTime.Format(t.UploadedAt));
                json.WriteString("download_link", DownloadLinkFor(t.Id, passkey).ToString());
                json.WriteNumber("size", t.ListedSizeBytes ?? t.SizeBytes);
                json.WriteNumber("internal", t.Internal ? 1 : 0);
                json.WriteNumber("moderated", t.Moderated ? 1 : 0);
                json.WriteString("category", t.CategoryName);
                json.WriteNumber("seeders", t.Seeders);
                json.WriteNumber("leechers", t.Leechers);
                json.WriteNumber("times_completed", t.TimesCompleted);
                json.WriteNumber("comments", 0);
                json.WriteNumber("files", 1);
                json.WriteString("small_description", t.SmallDescription);
                json.WriteStartObject("tv");
                json.WriteNull("season");
                json.WriteNull("episode");
                json.WriteEndObject();
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static Task ErrorAsync(HttpContext context, int status, string message) =>
        WriteAsync(context, status, "application/json", ErrorJson(message));

    private static string ErrorJson(string message) => JsonSerializer.Serialize(new { error = message });

    private static async Task WriteAsync(HttpContext context, int status, string contentType, string body)
    {
        if (context.RequestAborted.IsCancellationRequested) return;
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        await context.Response.WriteAsync(body, context.RequestAborted);
    }
}
