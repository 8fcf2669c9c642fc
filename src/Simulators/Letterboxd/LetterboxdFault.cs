namespace MovieSync.Simulators.Letterboxd;

/// <summary>What the fake Letterboxd does instead of answering normally.</summary>
public enum LetterboxdFault
{
    None,
    /// <summary>403 with Cloudflare's headers and challenge page.</summary>
    CloudflareChallenge,
    /// <summary>429 with a Retry-After header.</summary>
    RateLimited,
    /// <summary>500 with an error page.</summary>
    ServerError,
    /// <summary>200 with posters in markup no parser knows (the film count still says there are films).</summary>
    ChangedMarkup,
    /// <summary>200 with the page cut off part-way.</summary>
    TruncatedPage,
    /// <summary>200 with a page 1 MB past the client's page limit, chunked, without a Content-Length.</summary>
    OversizedPage,
}
