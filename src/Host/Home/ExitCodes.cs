namespace MovieSync.Host.Home;

/// <summary>The exit statuses CONTRACT.md promises.</summary>
public static class ExitCodes
{
    public const int Success = 0;
    public const int Failed = 1;
    public const int BadUsage = 2;
}

/// <summary>Bad usage or bad input: printed as one line, exit 2, nothing changed.</summary>
public sealed class UsageException(string message) : Exception(message);

/// <summary>An operation that failed (service unreachable, change refused): printed as one line, exit 1.</summary>
public sealed class OperationFailedException(string message) : Exception(message);
