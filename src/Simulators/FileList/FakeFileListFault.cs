namespace MovieSync.Simulators.FileList;

/// <summary>A failure the fake FileList can be switched into, each answering as the real service does (formats.md §3.5).</summary>
public enum FakeFileListFault
{
    None,

    /// <summary>api.php answers 403 <c>{"error":"Invalid passkey/username!"}</c> whatever the credentials.</summary>
    CredentialsRejected,

    /// <summary>api.php answers 403 <c>{"error":"Too many failed authentications. Try again in one hour!"}</c>.</summary>
    TooManyFailedAuthentications,

    /// <summary>api.php answers 429 <c>{"error":"Rate limit reached"}</c>.</summary>
    RateLimited,

    /// <summary>api.php and download.php answer 500 with an HTML error page.</summary>
    ServerError,

    /// <summary>api.php answers 503 <c>{"error":"Service unavailable"}</c>.</summary>
    ServiceUnavailable,

    /// <summary>api.php and download.php wait <see cref="FakeFileList.SlowDelay"/> before answering.</summary>
    Slow,

    /// <summary>api.php answers 200 with a body that is not JSON (a maintenance page).</summary>
    UnparsableReply,

    /// <summary>api.php answers HTTP 200 carrying an error object, as movie_sync expects: <c>{"error":429,"message":...}</c>.</summary>
    ErrorObjectWith200,

    /// <summary>download.php answers 200 with an HTML login page instead of the .torrent.</summary>
    DownloadAnswersHtml,

    /// <summary>api.php answers 200 with a body 1 MB past the client's search limit, chunked, without a Content-Length.</summary>
    OversizedReply,

    /// <summary>download.php answers 200 with a .torrent 1 MB past the client's limit, chunked, without a Content-Length.</summary>
    OversizedTorrent,
}
