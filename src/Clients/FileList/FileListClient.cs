using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MovieSync.Clients.Torrents;

namespace MovieSync.Clients.FileList;

/// <summary>
/// Searches FileList's JSON API and fetches .torrent files. Authenticates with HTTP Basic so the passkey never sits in a
/// search URL; download links carry it by design and are never logged or put in a message. Never throws for a
/// FileList or network failure: the outcome says what happened (only the caller's own cancellation throws).
/// </summary>
public sealed class FileListClient
{
    public static readonly TimeSpan DefaultRequestTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The largest search answer read (a search of 100 results is about 60 KB).</summary>
    public const long SearchReplyLimitBytes = 10 * 1024 * 1024;

    /// <summary>The largest .torrent read (a 100 GB film in 4 MB pieces is about 500 KB).</summary>
    public const long TorrentLimitBytes = 10 * 1024 * 1024;

    /// <summary>Why a download link was not followed; never names the link, which carries the passkey.</summary>
    public const string LinkRefusedError =
        "the FileList download link points to another host or scheme than filelist.base_url; not followed (the passkey stays here)";

    private const string HtmlInsteadOfTorrent = "download link answered an HTML page, not a torrent";

    private readonly HttpClient _http;
    private readonly FileListAccount _account;
    private readonly TimeSpan _requestTimeout;
    private readonly ILogger _logger;

    public FileListClient(HttpClient http, FileListAccount account, TimeSpan? requestTimeout = null, ILogger<FileListClient>? logger = null)
    {
        _http = http;
        _account = account;
        _requestTimeout = requestTimeout ?? DefaultRequestTimeout;
        _logger = logger ?? NullLogger<FileListClient>.Instance;
    }

    /// <summary>Searches by IMDb id (<c>tt0133093</c> or bare digits) within the given category ids.</summary>
    public Task<FileListSearchResult> SearchByImdbAsync(string imdbId, IReadOnlyCollection<int> categories, CancellationToken cancellationToken = default)
    {
        var id = FileListResponseParser.ImdbIdOf(imdbId) ?? throw new ArgumentException($"'{imdbId}' is not an IMDb id", nameof(imdbId));
        return SearchAsync("imdb", id, categories, cancellationToken);
    }

    /// <summary>Searches by name, as Radarr does for films without an IMDb id: <c>query=Title Year</c>.</summary>
    public Task<FileListSearchResult> SearchByNameAsync(string title, int? year, IReadOnlyCollection<int> categories, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(title);
        return SearchAsync("name", year is null ? title.Trim() : $"{title.Trim()} {year}", categories, cancellationToken);
    }

    /// <summary>Searches by IMDb id when the film has one, else by title and year.</summary>
    public Task<FileListSearchResult> SearchForFilmAsync(string? imdbId, string title, int? year, IReadOnlyCollection<int> categories, CancellationToken cancellationToken = default) =>
        FileListResponseParser.ImdbIdOf(imdbId) is { } id
            ? SearchAsync("imdb", id, categories, cancellationToken)
            : SearchByNameAsync(title, year, categories, cancellationToken);

    /// <summary>Fetches a download link (secret: it embeds the passkey) and checks that the answer is a torrent.</summary>
    public async Task<FileListDownloadResult> DownloadTorrentAsync(Uri downloadLink, CancellationToken cancellationToken = default)
    {
        var shown = SecretRedaction.RedactLink(downloadLink);
        if (!IsOnFileListHost(downloadLink, _account.BaseUrl))
        {
            _logger.LogWarning("A FileList download link pointing to {Host} was not followed: it is not filelist.base_url's host",
                ServiceText.Clean(downloadLink.Host));
            return FileListDownloadResult.Failed(FileListOutcome.LinkRefused, LinkRefusedError);
        }
        var result = await SendAsync(downloadLink, TorrentLimitBytes, "the .torrent from FileList", ReadDownload,
            (outcome, error) => FileListDownloadResult.Failed(outcome, error), cancellationToken);
        _logger.LogDebug("FileList download {Link}: {Outcome}", shown, result.Outcome);
        return result;
    }

    private async Task<FileListSearchResult> SearchAsync(string type, string query, IReadOnlyCollection<int> categories, CancellationToken cancellationToken)
    {
        var url = new StringBuilder("api.php?action=search-torrents&type=").Append(type)
            .Append("&query=").Append(Uri.EscapeDataString(query));
        if (categories.Count > 0) url.Append("&category=").Append(string.Join(',', categories.Distinct().Order()));
        var uri = new Uri(BaseWithSlash(_account.BaseUrl), url.ToString());
        var result = await SendAsync(uri, SearchReplyLimitBytes, "the FileList search answer", ReadSearch, FileListSearchResult.Failed, cancellationToken);
        _logger.LogDebug("FileList search type={Type} query={Query}: {Result}", type, query, result);
        return result;
    }

    /// <summary>
    /// True when a download link goes where the credentials may go: filelist.base_url's host and port, over https (or
    /// http when base_url itself is http, as a local test server is).
    /// </summary>
    public static bool IsOnFileListHost(Uri link, Uri baseUrl) =>
        link.IsAbsoluteUri
        && (link.Scheme == Uri.UriSchemeHttps || (link.Scheme == Uri.UriSchemeHttp && baseUrl.Scheme == Uri.UriSchemeHttp))
        && string.Equals(link.IdnHost, baseUrl.IdnHost, StringComparison.OrdinalIgnoreCase)
        && link.Port == baseUrl.Port
        && string.IsNullOrEmpty(link.UserInfo);

    private async Task<T> SendAsync<T>(Uri uri, long limitBytes, string what, Func<HttpResponseMessage, byte[], T> read,
        Func<FileListOutcome, string, T> fail, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_requestTimeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, uri);
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.UTF8.GetBytes($"{_account.Username}:{_account.Passkey}")));
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var body = await BoundedBody.ReadBytesAsync(response.Content, limitBytes, timeout.Token);
            return read(response, body);
        }
        catch (BodyTooLargeException e)
        {
            return fail(FileListOutcome.TooLarge, $"{what} {e.Message}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return fail(FileListOutcome.Timeout, $"FileList did not answer within {_requestTimeout.TotalSeconds:0.#} s");
        }
        catch (HttpRequestException e)
        {
            return fail(FileListOutcome.Unreachable, "could not reach FileList: " + Redact(e.Message));
        }
        catch (IOException e)
        {
            return fail(FileListOutcome.Unreachable, "the connection to FileList broke while reading its answer: " + Redact(e.Message));
        }
    }

    private FileListSearchResult ReadSearch(HttpResponseMessage response, byte[] body)
    {
        var text = Encoding.UTF8.GetString(body);
        if (response.StatusCode == HttpStatusCode.OK) return Redacted(FileListResponseParser.ParseSearch(text));
        var (outcome, error) = Failure(response, text);
        return FileListSearchResult.Failed(outcome, error) with { RetryAfter = RetryAfterOf(response) };
    }

    private FileListDownloadResult ReadDownload(HttpResponseMessage response, byte[] body)
    {
        if (response.StatusCode != HttpStatusCode.OK)
        {
            if (response.StatusCode == HttpStatusCode.NotFound)
                return FileListDownloadResult.Failed(FileListOutcome.BadRequest, "FileList has no torrent behind this download link (HTTP 404)");
            var (outcome, error) = Failure(response, Encoding.UTF8.GetString(body));
            return FileListDownloadResult.Failed(outcome, error);
        }
        if (IsHtml(response, body)) return FileListDownloadResult.Failed(FileListOutcome.NotATorrent, HtmlInsteadOfTorrent);
        var torrent = TorrentFile.TryParse(body, out var parseError);
        if (torrent is not null) return FileListDownloadResult.Downloaded(torrent, body);
        // A JSON error object can also come back with 200.
        if (FileListResponseParser.ParseErrorMessage(Encoding.UTF8.GetString(body)) is { } message)
        {
            var outcome = FileListErrors.OutcomeOf(message);
            return FileListDownloadResult.Failed(outcome, Redact(FileListErrors.Describe(outcome, null, message)));
        }
        return FileListDownloadResult.Failed(FileListOutcome.NotATorrent, $"download link answered something that is not a torrent ({Redact(parseError ?? "")})");
    }

    private (FileListOutcome Outcome, string Error) Failure(HttpResponseMessage response, string body)
    {
        var message = FileListResponseParser.ParseErrorMessage(body);
        var outcome = FileListErrors.OutcomeOf(response.StatusCode, message);
        return (outcome, Redact(FileListErrors.Describe(outcome, response.StatusCode, message)));
    }

    private FileListSearchResult Redacted(FileListSearchResult result) =>
        result.Error is null ? result : result with { Error = Redact(result.Error) };

    private string Redact(string text) => ServiceText.Clean(SecretRedaction.Redact(text, _account.Passkey));

    private static bool IsHtml(HttpResponseMessage response, byte[] body)
    {
        if (response.Content.Headers.ContentType?.MediaType is { } media && media.Contains("html", StringComparison.OrdinalIgnoreCase))
            return true;
        var start = Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 64)).TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        return start.StartsWith('<');
    }

    private static TimeSpan? RetryAfterOf(HttpResponseMessage response) =>
        response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - DateTimeOffset.UtcNow,
            _ => null,
        };

    private static Uri BaseWithSlash(Uri baseUrl) =>
        baseUrl.AbsoluteUri.EndsWith('/') ? baseUrl : new Uri(baseUrl.AbsoluteUri + "/");
}
