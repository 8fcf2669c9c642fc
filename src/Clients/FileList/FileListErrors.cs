using System.Net;

namespace MovieSync.Clients.FileList;

/// <summary>Maps FileList's HTTP statuses and error messages to an outcome with a human, secret-free message.</summary>
public static class FileListErrors
{
    /// <summary>
    /// FileList locks an account out for an hour after too many failed authentications ("Too many failed
    /// authentications. Try again in one hour!"): another try before then only prolongs it.
    /// </summary>
    public static bool IsLockout(string? error) =>
        error?.Contains("too many failed authentications", StringComparison.OrdinalIgnoreCase) == true;

    public static FileListOutcome OutcomeOf(HttpStatusCode status, string? message) => (int)status switch
    {
        401 or 403 => FileListOutcome.CredentialsRejected,
        429 => FileListOutcome.RateLimited,
        400 => FileListOutcome.BadRequest,
        >= 500 => FileListOutcome.ServerError,
        _ => OutcomeOf(message),
    };

    /// <summary>For error objects that arrive with HTTP 200: classify by their text.</summary>
    public static FileListOutcome OutcomeOf(string? message)
    {
        var text = message?.ToLowerInvariant() ?? "";
        if (text.Contains("passkey") || text.Contains("authentication") || text.Contains("username") || text.StartsWith("401") || text.StartsWith("403"))
            return FileListOutcome.CredentialsRejected;
        if (text.Contains("rate limit") || text.StartsWith("429")) return FileListOutcome.RateLimited;
        if (text.Contains("invalid search") || text.StartsWith("400")) return FileListOutcome.BadRequest;
        return FileListOutcome.ServerError;
    }

    public static FileListSearchResult FromErrorMessage(string message)
    {
        var outcome = OutcomeOf(message);
        return FileListSearchResult.Failed(outcome, Describe(outcome, null, message));
    }

    public static string Describe(FileListOutcome outcome, HttpStatusCode? status, string? message)
    {
        var what = outcome switch
        {
            FileListOutcome.CredentialsRejected => "FileList rejected the username/passkey",
            FileListOutcome.RateLimited => "FileList's request limit for this account is reached",
            FileListOutcome.BadRequest => "FileList did not accept the search",
            FileListOutcome.ServerError => "FileList had a server error",
            _ => "FileList failed",
        };
        var detail = (status, message) switch
        {
            (null, null) => "",
            (null, _) => $" ({message})",
            (_, null) => $" (HTTP {(int)status})",
            _ => $" (HTTP {(int)status}: {message})",
        };
        return ServiceText.Clean(SecretRedaction.Redact(what + detail));
    }

    /// <summary>The start of an unexpected body, on one line and without secrets.</summary>
    public static string Snippet(string body)
    {
        var flat = string.Join(' ', ServiceText.Clean(body).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (flat.Length == 0) return "an empty body";
        return "\"" + SecretRedaction.Redact(flat.Length > 80 ? flat[..80] + "…" : flat) + "\"";
    }
}
