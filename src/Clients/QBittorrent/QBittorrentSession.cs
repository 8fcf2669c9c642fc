using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MovieSync.Clients.QBittorrent;

/// <summary>A reply read in full: status and text body.</summary>
internal sealed record QBittorrentReply(HttpStatusCode Status, string Body)
{
    public int Code => (int)Status;
}

/// <summary>The HTTP side of the client: cookie session, one login at a time, re-login once on 403 or 401.</summary>
internal sealed class QBittorrentSession : IDisposable
{
    private readonly HttpClient _http;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _loginGate = new(1, 1);
    private QBittorrentConnection _connection;
    private bool _loggedIn;
    private int _generation;
    // A rejected login stays rejected: five failures ban the IP for an hour.
    private QBittorrentException? _rejected;

    public QBittorrentSession(QBittorrentConnection connection, QBittorrentClientOptions options)
    {
        _connection = connection;
        _logger = options.Logger ?? NullLogger.Instance;
        HttpMessageHandler transport = new SocketsHttpHandler
        {
            CookieContainer = new CookieContainer(),
            UseCookies = true,
            AllowAutoRedirect = false,
        };
        if (options.DecorateHandler is { } decorate)
            transport = decorate(transport);
        _http = new HttpClient(transport, disposeHandler: true) { Timeout = options.RequestTimeout };
        _http.DefaultRequestHeaders.Referrer = connection.BaseUrl;
    }

    public Uri BaseUrl => _connection.BaseUrl;

    public bool CredentialsRejected => _rejected is not null;

    /// <summary>Forgets a rejected login (and the session) so the next call logs in again.</summary>
    public void Reset(QBittorrentConnection? connection = null)
    {
        if (connection is not null)
        {
            if (connection.BaseUrl != _connection.BaseUrl)
                throw new ArgumentException("Only the credentials can change; create a new client for another URL", nameof(connection));
            _connection = connection;
        }
        _rejected = null;
        _loggedIn = false;
    }

    /// <summary>Logs in unless a session is active; throws the sticky error after a rejection.</summary>
    public async Task EnsureLoggedInAsync(CancellationToken ct)
    {
        if (_rejected is not null)
            throw _rejected;
        if (Volatile.Read(ref _loggedIn))
            return;
        await LoginAsync(Volatile.Read(ref _generation), ct);
    }

    /// <summary>
    /// Sends an API request with the session; when it is refused (403, or 401 as newer versions and proxies answer) logs
    /// in again once and repeats it.
    /// </summary>
    public async Task<QBittorrentReply> SendAsync(Func<HttpRequestMessage> build, CancellationToken ct)
    {
        await EnsureLoggedInAsync(ct);
        var generation = Volatile.Read(ref _generation);
        var reply = await SendRawAsync(build(), ct);
        if (!IsRefused(reply))
            return reply;

        _logger.LogInformation("qBittorrent at {Url} dropped the session ({Status}); logging in again", BaseUrl, (int)reply.Status);
        await LoginAsync(generation, ct);
        reply = await SendRawAsync(build(), ct);
        if (IsRefused(reply))
            throw Unexpected(reply, $"answered {(int)reply.Status} {reply.Status} right after a successful login");
        return reply;
    }

    private static bool IsRefused(QBittorrentReply reply) => reply.Status is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized;

    public HttpRequestMessage Get(string path) => new(HttpMethod.Get, new Uri(BaseUrl, path));

    public HttpRequestMessage Post(string path, HttpContent content) =>
        new(HttpMethod.Post, new Uri(BaseUrl, path)) { Content = content };

    public QBittorrentException Unexpected(QBittorrentReply reply, string what) =>
        new(QBittorrentFailure.UnexpectedReply,
            $"qBittorrent at {BaseUrl} {what} (HTTP {reply.Code}: {Excerpt(reply.Body)})");

    /// <summary>Logs in unless another caller already did since <paramref name="seenGeneration"/>.</summary>
    private async Task LoginAsync(int seenGeneration, CancellationToken ct)
    {
        await _loginGate.WaitAsync(ct);
        try
        {
            if (_rejected is not null)
                throw _rejected;
            if (_loggedIn && _generation != seenGeneration)
                return;
            _loggedIn = false;

            var form = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["username"] = _connection.Username,
                ["password"] = _connection.Password,
            });
            var reply = await SendRawAsync(Post("api/v2/auth/login", form), ct);
            var outcome = ClassifyLogin(reply);
            if (outcome is not null)
            {
                if (outcome.Failure == QBittorrentFailure.CredentialsRejected)
                    _rejected = outcome;
                _logger.LogWarning("qBittorrent login as {User} at {Url} failed: {Failure}", _connection.Username, BaseUrl, outcome.Failure);
                throw outcome;
            }

            _loggedIn = true;
            _generation++;
            _logger.LogDebug("Logged in to qBittorrent at {Url} as {User}", BaseUrl, _connection.Username);
        }
        finally
        {
            _loginGate.Release();
        }
    }

    /// <summary>Null on success; 4.x/5.0 answer 200 Ok./Fails., 5.1.2+ answer 401 for bad credentials and 200/204 empty on success.</summary>
    private QBittorrentException? ClassifyLogin(QBittorrentReply reply)
    {
        var body = reply.Body.Trim();
        return reply.Code switch
        {
            200 when body == "Ok." || body.Length == 0 => null,
            204 => null,
            200 when body == "Fails." => Rejected(),
            401 => Rejected(),
            403 => new QBittorrentException(QBittorrentFailure.Banned,
                $"qBittorrent at {BaseUrl} has banned this address after too many failed logins ({Excerpt(reply.Body)})"),
            _ => Unexpected(reply, "gave an unexpected login reply"),
        };

        QBittorrentException Rejected() => new(QBittorrentFailure.CredentialsRejected,
            $"qBittorrent at {BaseUrl} rejected the credentials of user '{_connection.Username}'; not retrying until they change");
    }

    private async Task<QBittorrentReply> SendRawAsync(HttpRequestMessage request, CancellationToken ct)
    {
        using (request)
        {
            try
            {
                using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
                // HttpClient.Timeout covers only the headers here: the body gets its own deadline.
                using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
                deadline.CancelAfter(_http.Timeout);
                var body = await BoundedBody.ReadTextAsync(response.Content, QBittorrentClient.ReplyLimitBytes, deadline.Token);
                return new QBittorrentReply(response.StatusCode, body);
            }
            catch (BodyTooLargeException e)
            {
                throw new QBittorrentException(QBittorrentFailure.UnexpectedReply,
                    $"the reply of qBittorrent at {BaseUrl} to {request.RequestUri?.AbsolutePath} {e.Message}", e);
            }
            catch (IOException e)
            {
                throw new QBittorrentException(QBittorrentFailure.Unreachable,
                    $"qBittorrent at {BaseUrl} broke the connection while answering ({e.Message})", e);
            }
            catch (HttpRequestException e)
            {
                throw new QBittorrentException(QBittorrentFailure.Unreachable,
                    $"qBittorrent at {BaseUrl} is unreachable ({e.HttpRequestError}: {e.Message})", e);
            }
            catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
            {
                throw new QBittorrentException(QBittorrentFailure.Unreachable,
                    $"qBittorrent at {BaseUrl} did not answer within {_http.Timeout.TotalSeconds:0.###} s", e);
            }
        }
    }

    private static string Excerpt(string body)
    {
        var flat = ServiceText.Clean(body);
        return flat.Length <= 120 ? flat : flat[..120] + "…";
    }

    public void Dispose()
    {
        _http.Dispose();
        _loginGate.Dispose();
    }
}
