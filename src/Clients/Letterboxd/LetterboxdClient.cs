using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MovieSync.Clients.Letterboxd;

/// <summary>
/// Reads public Letterboxd pages one request at a time, paced, with a clear User-Agent. It never tries to get around
/// bot protection: a Cloudflare answer is reported as <see cref="LetterboxdProblem.Blocked"/>.
/// </summary>
public sealed class LetterboxdClient : IDisposable
{
    /// <summary>The largest page read (a watchlist page is about 100 KB, a film page about 250 KB); a larger one is refused.</summary>
    public const long PageLimitBytes = 5 * 1024 * 1024;

    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly LetterboxdClientOptions _options;
    private readonly ILogger _log;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private DateTimeOffset? _lastRequestAt;
    private int _requests;

    public LetterboxdClient(LetterboxdClientOptions options, HttpClient? http = null, ILogger<LetterboxdClient>? log = null)
    {
        _options = options;
        _ownsHttp = http is null;
        _http = http ?? new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = true, MaxAutomaticRedirections = 5 });
        _log = (ILogger?)log ?? NullLogger.Instance;
    }

    public LetterboxdClientOptions Options => _options;

    /// <summary>HTTP requests sent so far (a Retry-After repeat counts as a second request).</summary>
    public int RequestCount => Volatile.Read(ref _requests);

    public Uri WatchlistUrl(string username, int page) => new(_options.BaseUrl,
        page <= 1 ? $"{Uri.EscapeDataString(username)}/watchlist/" : $"{Uri.EscapeDataString(username)}/watchlist/page/{page}/");

    public Uri FilmUrl(string slug) => new(_options.BaseUrl, $"film/{Uri.EscapeDataString(slug)}/");

    public async Task<LetterboxdResult<WatchlistPage>> GetWatchlistPageAsync(string username, int page, CancellationToken ct)
    {
        var url = WatchlistUrl(username, page);
        var fetched = await FetchAsync(url, LetterboxdProblem.UserNotFound, $"no Letterboxd member '{username}'", ct);
        return fetched.Error is not null
            ? LetterboxdResult<WatchlistPage>.Fail(fetched.Error)
            : Parse(url, () => WatchlistPageParser.Parse(fetched.Body!, page));
    }

    public async Task<LetterboxdResult<FilmDetails>> GetFilmAsync(string slug, CancellationToken ct)
    {
        var url = FilmUrl(slug);
        var fetched = await FetchAsync(url, LetterboxdProblem.FilmNotFound, $"no film '{slug}'", ct);
        return fetched.Error is not null
            ? LetterboxdResult<FilmDetails>.Fail(fetched.Error)
            : Parse(url, () => FilmPageParser.Parse(fetched.Body!, slug));
    }

    /// <summary>Follows a boxd.it short link (as in the CSV export) to its film page and reads it.</summary>
    public async Task<LetterboxdResult<FilmDetails>> GetFilmByShortLinkAsync(string shortKey, CancellationToken ct)
    {
        var url = new Uri(_options.ShortLinkBaseUrl, Uri.EscapeDataString(shortKey));
        var fetched = await FetchAsync(url, LetterboxdProblem.FilmNotFound, $"no film behind short link '{shortKey}'", ct);
        if (fetched.Error is not null)
            return LetterboxdResult<FilmDetails>.Fail(fetched.Error);
        var slug = WatchlistPageParser.SlugFromFilmUrl(fetched.FinalUrl?.AbsolutePath ?? "");
        return slug is null
            ? LetterboxdResult<FilmDetails>.Fail(new(LetterboxdProblem.MarkupChanged, url.ToString(),
                $"the short link led to {fetched.FinalUrl}, not to a film page"))
            : Parse(url, () => FilmPageParser.Parse(fetched.Body!, slug));
    }

    private static LetterboxdResult<T> Parse<T>(Uri url, Func<T> parse) where T : class
    {
        try
        {
            return LetterboxdResult<T>.Ok(parse());
        }
        catch (LetterboxdMarkupException e)
        {
            return LetterboxdResult<T>.Fail(new(LetterboxdProblem.MarkupChanged, url.ToString(), e.Message));
        }
    }

    private sealed record Fetched(string? Body, Uri? FinalUrl, LetterboxdError? Error);

    private async Task<Fetched> FetchAsync(Uri url, LetterboxdProblem notFound, string notFoundMessage, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var answer = await SendPacedAsync(url, ct);
            if (answer.Response?.StatusCode == HttpStatusCode.TooManyRequests)
            {
                var wait = RetryAfter(answer.Response);
                answer.Response.Dispose();
                if (wait > _options.MaxRetryAfter)
                    return Failed(LetterboxdProblem.RateLimited, url, $"429 Too Many Requests, Retry-After {wait.TotalSeconds:0} s is longer than we wait");
                _log.LogWarning("Letterboxd asked us to wait {Seconds} s (429) before {Url}", wait.TotalSeconds, url);
                await _options.Delay(wait, ct);
                answer = await SendPacedAsync(url, ct);
            }

            if (answer.Error is not null)
                return new Fetched(null, null, answer.Error);
            using var response = answer.Response!;
            var body = answer.Body!;
            var finalUrl = response.RequestMessage?.RequestUri ?? url;
            return response.StatusCode switch
            {
                HttpStatusCode.OK => new Fetched(body, finalUrl, null),
                HttpStatusCode.NotFound => Failed(notFound, url, $"404: {notFoundMessage}"),
                HttpStatusCode.Forbidden when IsCloudflare(response, body) =>
                    Failed(LetterboxdProblem.Blocked, url, "403 from Cloudflare bot protection: Letterboxd is blocking automated reading (consider letterboxd.source = export)"),
                HttpStatusCode.Forbidden => Failed(LetterboxdProblem.Blocked, url, "403 Forbidden: the page is private or access is denied"),
                HttpStatusCode.TooManyRequests => Failed(LetterboxdProblem.RateLimited, url, "429 Too Many Requests again after waiting Retry-After"),
                >= HttpStatusCode.InternalServerError => Failed(LetterboxdProblem.ServerError, url, $"{(int)response.StatusCode} {response.ReasonPhrase}: Letterboxd server error"),
                _ => Failed(LetterboxdProblem.MarkupChanged, url, $"unexpected HTTP {(int)response.StatusCode} {response.ReasonPhrase}"),
            };
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return Failed(LetterboxdProblem.NetworkFailure, url, $"no answer within {_options.RequestTimeout.TotalSeconds:0} s");
        }
        catch (HttpRequestException e)
        {
            return Failed(LetterboxdProblem.NetworkFailure, url, $"network failure: {ServiceText.Clean(e.Message)}");
        }
        catch (IOException e)
        {
            return Failed(LetterboxdProblem.NetworkFailure, url, $"the connection broke while reading: {ServiceText.Clean(e.Message)}");
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>An answer read in full (its body within <see cref="PageLimitBytes"/>), or why there is none.</summary>
    private sealed record Answer(HttpResponseMessage? Response, string? Body, LetterboxdError? Error);

    private async Task<Answer> SendPacedAsync(Uri url, CancellationToken ct)
    {
        if (_lastRequestAt is { } last && _options.DelayBetweenRequests > TimeSpan.Zero)
        {
            var remaining = last + _options.DelayBetweenRequests - DateTimeOffset.UtcNow;
            if (remaining > TimeSpan.Zero)
                await _options.Delay(remaining, ct);
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.UserAgent.ParseAdd(_options.UserAgent);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_options.RequestTimeout);
        Interlocked.Increment(ref _requests);
        _lastRequestAt = DateTimeOffset.UtcNow;
        HttpResponseMessage? response = null;
        try
        {
            // The body is read here, under the per-request timeout, and never past the page limit.
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var body = await BoundedBody.ReadTextAsync(response.Content, PageLimitBytes, timeout.Token);
            return new Answer(response, body, null);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            response?.Dispose();
            return new Answer(null, null, new(LetterboxdProblem.NetworkFailure, url.ToString(),
                $"no answer within {_options.RequestTimeout.TotalSeconds:0} s"));
        }
        catch (BodyTooLargeException e)
        {
            response?.Dispose();
            return new Answer(null, null, new(LetterboxdProblem.MarkupChanged, url.ToString(), $"the Letterboxd page {e.Message}"));
        }
        catch
        {
            response?.Dispose();
            throw;
        }
    }

    private static TimeSpan RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
            return delta;
        if (header?.Date is { } date)
            return date - DateTimeOffset.UtcNow is var d && d > TimeSpan.Zero ? d : TimeSpan.Zero;
        return TimeSpan.FromSeconds(5);
    }

    /// <summary>Cloudflare marks its answers by header or by its challenge page's words (letterboxdpy's markers).</summary>
    public static bool IsCloudflare(HttpResponseMessage response, string body)
    {
        if (response.Headers.Server.Any(s => s.Product?.Name.Equals("cloudflare", StringComparison.OrdinalIgnoreCase) == true)
            || response.Headers.Contains("cf-ray") || response.Headers.Contains("cf-mitigated")
            || response.Headers.Contains("cf-cache-status"))
            return true;
        string[] words = ["cloudflare", "captcha", "verify you are human", "checking your browser", "just a moment"];
        return words.Any(w => body.Contains(w, StringComparison.OrdinalIgnoreCase));
    }

    private static Fetched Failed(LetterboxdProblem problem, Uri url, string message) =>
        new(null, null, new LetterboxdError(problem, url.ToString(), message));

    public void Dispose()
    {
        _gate.Dispose();
        if (_ownsHttp)
            _http.Dispose();
    }
}
