namespace MovieSync.Messages;

/// <summary>Whether one FileList account can serve, as the <c>accounts</c> command shows it.</summary>
public enum FileListAccountState
{
    /// <summary>Credentials accepted (or not yet tried) and requests left.</summary>
    Ok,

    /// <summary>FileList rejected the username/passkey: skipped until its pause ends or new credentials arrive.</summary>
    CredentialsRejected,

    /// <summary>Its hourly budget is spent (ours, or FileList answered 429): skipped until requests free.</summary>
    RateLimited,

    /// <summary>Its actor (or node) does not answer: skipped until it registers again.</summary>
    Unreachable,
}

public static class FileListAccountQueries
{
    /// <summary>Asks the broker for every account it knows. Answered <see cref="FileListAccountsResult"/>.</summary>
    public sealed record GetFileListAccounts : IProtocolMessage
    {
        public static GetFileListAccounts Instance { get; } = new();
    }

    /// <summary>One account: no secret, only what the owner may see.</summary>
    public sealed record FileListAccountRow(
        string Username,
        string Node,
        FileListAccountState State,
        int RequestsLeft,
        int RequestsPerHour,
        int Searches,
        int Downloads);

    public sealed record FileListAccountsResult(IReadOnlyList<FileListAccountRow> Accounts) : IProtocolMessage;
}
