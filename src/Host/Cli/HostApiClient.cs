using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using MovieSync.Configuration;
using MovieSync.Host.Home;
using MovieSync.Host.Journal;
using MovieSync.Host.Web;
using MovieSync.Messages;

namespace MovieSync.Host.Cli;

/// <summary>
/// The running host's HTTP API as the state-changing commands use it. Sends the dashboard token when one is configured,
/// and no Origin header (the API refuses cross-site writes by their Origin).
/// </summary>
public sealed class HostApiClient : IDisposable
{
    private readonly HttpClient _http;

    public HostApiClient(Uri apiUrl, DashboardOptions dashboard, TimeSpan? timeout = null)
    {
        _http = new HttpClient(HandlerFor(apiUrl, dashboard))
        {
            BaseAddress = apiUrl.AbsoluteUri.EndsWith('/') ? apiUrl : new Uri(apiUrl.AbsoluteUri + "/"),
            Timeout = timeout ?? TimeSpan.FromSeconds(30),
        };
        if (!string.IsNullOrEmpty(dashboard.Token))
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", dashboard.Token);
    }

    /// <summary>
    /// Over HTTPS, trusts exactly the certificate in dashboard.certificate: it is often self-signed, and the host is
    /// reached at 127.0.0.1, a name few certificates carry.
    /// </summary>
    private static SocketsHttpHandler HandlerFor(Uri apiUrl, DashboardOptions dashboard)
    {
        var handler = new SocketsHttpHandler();
        if (apiUrl.Scheme != Uri.UriSchemeHttps || dashboard.Certificate is not { } path)
            return handler;
        using var configured = CertificateFile.Open(path, dashboard.CertificatePassword);
        var pinned = configured.Certificate.RawData;
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
            certificate is not null && certificate.GetRawCertData().AsSpan().SequenceEqual(pinned);
        return handler;
    }

    public Uri BaseAddress => _http.BaseAddress!;

    /// <summary><c>POST api/movies/{id}/retry</c>.</summary>
    public Task<ChangeReply> RetryAsync(MovieId id, CancellationToken cancellationToken) =>
        ChangeAsync($"api/movies/{Uri.EscapeDataString(id.Value)}/retry", cancellationToken);

    /// <summary><c>POST api/movies/{id}/forget</c>.</summary>
    public Task<ChangeReply> ForgetAsync(MovieId id, CancellationToken cancellationToken) =>
        ChangeAsync($"api/movies/{Uri.EscapeDataString(id.Value)}/forget", cancellationToken);

    /// <summary><c>POST api/movies/{id}/grab</c>.</summary>
    public Task<ChangeReply> GrabAsync(MovieId id, CancellationToken cancellationToken) =>
        ChangeAsync($"api/movies/{Uri.EscapeDataString(id.Value)}/grab", cancellationToken);

    /// <summary><c>POST api/movies/{id}/skip</c>.</summary>
    public Task<ChangeReply> SkipAsync(MovieId id, CancellationToken cancellationToken) =>
        ChangeAsync($"api/movies/{Uri.EscapeDataString(id.Value)}/skip", cancellationToken);

    /// <summary><c>POST api/movies/{id}/priority?value=P</c>.</summary>
    public Task<ChangeReply> PriorityAsync(MovieId id, MoviePriority priority, CancellationToken cancellationToken) =>
        ChangeAsync($"api/movies/{Uri.EscapeDataString(id.Value)}/priority?value={Priorities.Of(priority)}", cancellationToken);

    /// <summary><c>POST api/cleanup?days=N</c>: how many completed movies were dropped.</summary>
    public async Task<int> CleanupAsync(int days, CancellationToken cancellationToken)
    {
        var path = $"api/cleanup?days={days.ToString(CultureInfo.InvariantCulture)}";
        var (status, body) = await PostAsync(path, cancellationToken);
        if (status == HttpStatusCode.OK && body?.TryGetProperty("removed", out var removed) == true && removed.TryGetInt32(out var count))
            return count;
        throw Refused(path, status, body);
    }

    /// <summary><c>POST api/filelist/check</c>: the running host's account actor checks the FileList credentials.</summary>
    public async Task<FileListCheckView> CheckFileListAsync(CancellationToken cancellationToken)
    {
        const string path = "api/filelist/check";
        var (status, body) = await PostAsync(path, cancellationToken);
        try
        {
            if (status == HttpStatusCode.OK && body?.Deserialize<FileListCheckView>(SnakeCase) is { Username: not null, Result: not null } view)
                return view;
        }
        catch (JsonException)
        {
            // an answer of another shape (another version of MovieSync): said below
        }

        throw Refused(path, status, body);
    }

    private static readonly JsonSerializerOptions SnakeCase = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>
    /// What only the `run` host of this home knows of its movies (<c>GET api/movies</c>, one call): each download's live
    /// progress (qBittorrent's, not journaled) and what it holds back, and why. Nothing when no host runs, it does not
    /// answer within 5 s, or its answer cannot be read (the caller then shows what the journal says).
    /// </summary>
    public static Task<LiveMovies> LiveMoviesAsync(HomeLayout home, CancellationToken cancellationToken) =>
        AskRunningHostAsync(home, "api/movies", LiveMovies.Read, LiveMovies.None, cancellationToken);

    /// <summary>The FileList accounts of the `run` host of this home (<c>GET api/accounts</c>); null as for <see cref="LiveMoviesAsync"/>.</summary>
    public static Task<IReadOnlyList<AccountView>?> HostAccountsAsync(HomeLayout home, CancellationToken cancellationToken) =>
        AskRunningHostAsync<IReadOnlyList<AccountView>?>(home, "api/accounts", document => document.Deserialize<List<AccountView>>(), null,
            cancellationToken);

    /// <summary>The journal as the `run` host of this home sees it (<c>GET api/status</c>); null as for <see cref="LiveMoviesAsync"/>.</summary>
    public static Task<JournalView?> HostJournalAsync(HomeLayout home, CancellationToken cancellationToken) =>
        AskRunningHostAsync(home, "api/status",
            document => document.RootElement.TryGetProperty("journal", out var journal) ? journal.Deserialize<JournalView>() : null, null,
            cancellationToken);

    /// <summary>
    /// <c>GET path</c> of the `run` host of this home, read by <paramref name="read"/>; <paramref name="none"/> when no host
    /// runs, it does not answer within 5 s, or its answer cannot be read: what it adds to a read-only command is a bonus.
    /// </summary>
    private static async Task<T> AskRunningHostAsync<T>(HomeLayout home, string path, Func<JsonDocument, T> read, T none,
        CancellationToken cancellationToken)
    {
        if (RunLock.FindRunningHost(home.Path) is not { ApiUrl: { } apiUrl })
            return none;
        try
        {
            using var api = new HostApiClient(apiUrl, home.LoadOptions().Dashboard, TimeSpan.FromSeconds(5));
            using var response = await api._http.GetAsync(path, cancellationToken);
            response.EnsureSuccessStatusCode();
            using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            return read(document);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException or ConfigurationException)
        {
            return none;
        }
    }


    private async Task<ChangeReply> ChangeAsync(string path, CancellationToken cancellationToken)
    {
        var (status, body) = await PostAsync(path, cancellationToken);
        if (body is { } json && json.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String)
        {
            var accepted = json.TryGetProperty("accepted", out var a) ? a.ValueKind == JsonValueKind.True : (int)status < 300;
            return new ChangeReply(accepted, message.GetString()!, status == HttpStatusCode.NotFound);
        }

        if (status == HttpStatusCode.NotFound && body?.TryGetProperty("error", out var error) == true)
            return new ChangeReply(false, error.ToString(), NotFound: true);
        throw Refused(path, status, body);
    }

    private async Task<(HttpStatusCode Status, JsonElement? Body)> PostAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await _http.PostAsync(path, content: null, cancellationToken);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            return (response.StatusCode, TryParse(text));
        }
        catch (HttpRequestException e)
        {
            throw new OperationFailedException($"the running host's API at {BaseAddress} does not answer: {e.Message}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new OperationFailedException($"the running host's API at {BaseAddress} did not answer within {_http.Timeout.TotalSeconds:0} s");
        }
    }

    private OperationFailedException Refused(string path, HttpStatusCode status, JsonElement? body)
    {
        var detail = body is { } json && json.ValueKind == JsonValueKind.Object && json.TryGetProperty("error", out var error)
            ? $": {error}"
            : "";
        return status switch
        {
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => new OperationFailedException(
                $"the running host refused POST /{path} ({(int)status}){detail}; check dashboard.token in config.json"),
            HttpStatusCode.ServiceUnavailable => new OperationFailedException($"the running host cannot record changes now{detail}"),
            _ => new OperationFailedException($"the running host answered POST /{path} with {(int)status} {status}{detail}"),
        };
    }

    private static JsonElement? TryParse(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.Clone() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public void Dispose() => _http.Dispose();
}

/// <summary>
/// The running host's view of its movies that the journal lacks (<see cref="HostApiClient.LiveMoviesAsync"/>): each
/// download's progress, and why each movie it holds back waits, by movie id.
/// </summary>
public sealed record LiveMovies(IReadOnlyDictionary<string, DownloadShown> Downloads, IReadOnlyDictionary<string, string> Waiting)
{
    public static LiveMovies None { get; } = new(new Dictionary<string, DownloadShown>(), new Dictionary<string, string>());

    /// <summary>Reads <c>GET api/movies</c>' answer: a movie with a progress is a download; one in state waiting, held back.</summary>
    public static LiveMovies Read(JsonDocument movies)
    {
        var downloads = new Dictionary<string, DownloadShown>();
        var waiting = new Dictionary<string, string>();
        foreach (var movie in movies.RootElement.EnumerateArray())
        {
            if (!movie.TryGetProperty("id", out var id) || id.GetString() is not { } key)
                continue;
            if (Number(movie, "progress") is { } progress)
                downloads[key] = new DownloadShown(progress, (long?)Number(movie, "download_speed"), Number(movie, "eta_seconds"));
            if (movie.TryGetProperty("state", out var state) && state.GetString() == StateNames.Waiting)
                waiting[key] = movie.TryGetProperty("waiting_reason", out var reason) ? reason.GetString() ?? "" : "";
        }

        return new LiveMovies(downloads, waiting);
    }

    private static double? Number(JsonElement movie, string name) =>
        movie.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;
}

/// <summary>A download as the running host sees it: fraction done, bytes per second, seconds left (each null when unknown).</summary>
public sealed record DownloadShown(double? Progress, long? DownloadSpeed, double? EtaSeconds)
{
    /// <summary>"64.1% at 10.0 MB/s, 43m 5s left"; null when the host did not report on this download.</summary>
    public string? Describe()
    {
        if (Progress is not { } progress)
            return null;
        var text = string.Create(CultureInfo.InvariantCulture, $"{progress * 100:0.0}%");
        if (DownloadSpeed is { } speed)
            text += string.Create(CultureInfo.InvariantCulture, $" at {speed / 1_000_000.0:0.0} MB/s");
        if (EtaSeconds is { } eta && eta >= 0)
            text += $", {ReadableDuration.Of(TimeSpan.FromSeconds(eta))} left";
        return text;
    }
}

/// <summary>What the one writer said about a retry or forget; <paramref name="NotFound"/> when the API answered 404.</summary>
public sealed record ChangeReply(bool Accepted, string Message, bool NotFound = false);
