namespace MovieSync.Clients.Letterboxd;

/// <summary>Why a Letterboxd request gave no usable answer.</summary>
public enum LetterboxdProblem
{
    /// <summary>404 on a member's page: no such member.</summary>
    UserNotFound,
    /// <summary>404 on a film page or short link.</summary>
    FilmNotFound,
    /// <summary>403: Cloudflare's bot protection, or a page the member keeps private.</summary>
    Blocked,
    /// <summary>429 (after honouring one bounded Retry-After).</summary>
    RateLimited,
    /// <summary>5xx from the site.</summary>
    ServerError,
    /// <summary>The page did not look like the markup we know (changed, truncated, inconsistent).</summary>
    MarkupChanged,
    /// <summary>No HTTP answer: connection refused, DNS, timeout.</summary>
    NetworkFailure,
}

/// <summary>A failed request, always naming the URL it was for.</summary>
public sealed record LetterboxdError(LetterboxdProblem Problem, string Url, string Message)
{
    /// <summary>What went wrong, on one line and without terminal escapes (it may quote the page).</summary>
    public string Message { get; init; } = ServiceText.Clean(Message);

    public override string ToString() => $"{Problem}: {Message} ({Url})";
}

/// <summary>Either a value or the error that prevented it.</summary>
public sealed record LetterboxdResult<T>(T? Value, LetterboxdError? Error) where T : class
{
    public bool IsOk => Error is null;

    public static LetterboxdResult<T> Ok(T value) => new(value, null);

    public static LetterboxdResult<T> Fail(LetterboxdError error) => new(null, error);
}

/// <summary>Thrown by the parsers when a page does not match any markup generation we know.</summary>
public sealed class LetterboxdMarkupException(string message) : Exception(ServiceText.Clean(message));
