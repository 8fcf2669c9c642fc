namespace MovieSync.Messages;

/// <summary>The FileList account actor's persisted events (<c>filelist-account-&lt;username&gt;</c>): the spent request budget.</summary>
public interface IFileListAccountEvent : IPersistedMessage
{
    DateTimeOffset At { get; }
}

public static class FileListEvents
{
    /// <summary>One FileList request (search or .torrent download) was spent from the account's hourly budget.</summary>
    public sealed record FileListRequestSpent(DateTimeOffset At) : IFileListAccountEvent;

    /// <summary>FileList answered 429: its own count says the budget is spent, whatever ours says.</summary>
    public sealed record FileListRateLimitReached(DateTimeOffset At) : IFileListAccountEvent;
}

/// <summary>
/// The account's spend as a snapshot: when the requests still inside the window were made, oldest first.
/// </summary>
public sealed record FileListAccountSnapshot(IReadOnlyList<DateTimeOffset> SpentAt) : IPersistedMessage;

/// <summary>Whether the FileList account can be used right now.</summary>
public enum FileListAccountHealth
{
    /// <summary>The credentials were accepted (or not yet tried) and requests are allowed.</summary>
    Ok,

    /// <summary>FileList rejected the username/passkey: all FileList work waits.</summary>
    CredentialsRejected,

    /// <summary>The hourly request budget is spent: work waits for the window to free.</summary>
    BudgetSpent,
}

public static class FileListCommands
{
    /// <summary>
    /// Use other credentials from now on and lift a credentials pause. <see cref="ToString"/> hides the passkey.
    /// </summary>
    public sealed record ChangeFileListCredentials(string Passkey)
    {
        public override string ToString() => "ChangeFileListCredentials { Passkey = *** }";
    }

    /// <summary>Spend one request on a search to learn whether FileList accepts the credentials (check-config).</summary>
    public sealed record CheckFileListAccount
    {
        public static CheckFileListAccount Instance { get; } = new();
    }
}

public static class FileListQueries
{
    /// <summary>Asks the account actor for its current status, without spending a request.</summary>
    public sealed record GetFileListAccountStatus
    {
        public static GetFileListAccountStatus Instance { get; } = new();
    }

    /// <summary>
    /// The account's state: <paramref name="Message"/> explains anything but <see cref="FileListAccountHealth.Ok"/>
    /// (never a secret); <paramref name="PausedUntil"/> is when work resumes after a credentials rejection or a spent budget.
    /// </summary>
    public sealed record FileListAccountStatus(
        string Username,
        FileListAccountHealth Health,
        string? Message,
        int RequestsPerHour,
        int RequestsRemaining,
        DateTimeOffset? PausedUntil);
}
