using MovieSync.Clients.Torrents;
using MovieSync.Messages;

namespace MovieSync.Clients.FileList;

/// <summary>How a FileList call ended; every failure kind is told apart (formats.md §3.5).</summary>
public enum FileListOutcome
{
    /// <summary>The search found torrents, or the download returned a valid torrent.</summary>
    Success,

    /// <summary>The search answered <c>[]</c>.</summary>
    NoResults,

    /// <summary>401/403: empty, invalid or locked-out credentials. Retrying soon will not help.</summary>
    CredentialsRejected,

    /// <summary>429: the account's hourly request budget is spent on FileList's side.</summary>
    RateLimited,

    /// <summary>400: FileList did not accept the search parameters.</summary>
    BadRequest,

    /// <summary>5xx or an error FileList did not explain.</summary>
    ServerError,

    /// <summary>No answer within the request timeout.</summary>
    Timeout,

    /// <summary>Could not connect at all (DNS, refused, TLS).</summary>
    Unreachable,

    /// <summary>An answer that is neither the documented JSON array nor an error object.</summary>
    Unparsable,

    /// <summary>The download link answered something other than a .torrent (typically an HTML page).</summary>
    NotATorrent,

    /// <summary>The answer was larger than MovieSync reads (<see cref="FileListClient.SearchReplyLimitBytes"/>, <see cref="FileListClient.TorrentLimitBytes"/>).</summary>
    TooLarge,

    /// <summary>The download link points somewhere other than the configured FileList host: it was not followed.</summary>
    LinkRefused,
}

/// <summary>The outcome of a FileList search: torrents, or why there are none. <see cref="Error"/> never holds a secret.</summary>
/// <remarks><see cref="DownloadLinks"/> (by torrent id) embed the passkey: they stay with the account that searched.</remarks>
public sealed record FileListSearchResult(FileListOutcome Outcome, IReadOnlyList<FileListTorrent> Torrents, string? Error)
{
    /// <summary>Secret: each result's download link, by torrent id. Hand them only to the HTTP client.</summary>
    public IReadOnlyDictionary<long, Uri> DownloadLinks { get; init; } = new Dictionary<long, Uri>();

    public bool IsSuccess => Outcome is FileListOutcome.Success or FileListOutcome.NoResults;

    /// <summary>Worth trying again later (rate limit, server trouble, network), unlike rejected credentials or bad parameters.</summary>
    public bool IsTransient => Outcome is FileListOutcome.RateLimited or FileListOutcome.ServerError
        or FileListOutcome.Timeout or FileListOutcome.Unreachable or FileListOutcome.Unparsable;

    /// <summary>From a 429's <c>Retry-After</c>, when FileList sends one.</summary>
    public TimeSpan? RetryAfter { get; init; }

    public static FileListSearchResult Found(IReadOnlyList<FileListTorrent> torrents, IReadOnlyDictionary<long, Uri> downloadLinks) =>
        new(torrents.Count == 0 ? FileListOutcome.NoResults : FileListOutcome.Success, torrents, null) { DownloadLinks = downloadLinks };

    public static FileListSearchResult Failed(FileListOutcome outcome, string error) => new(outcome, [], error);

    public override string ToString() =>
        IsSuccess ? $"{Outcome}: {Torrents.Count} torrents" : $"{Outcome}: {Error}";
}

/// <summary>The outcome of fetching a download link: the .torrent's bytes and metadata, or why not.</summary>
public sealed record FileListDownloadResult(FileListOutcome Outcome, TorrentFile? Torrent, byte[]? Content, string? Error)
{
    public bool IsSuccess => Outcome == FileListOutcome.Success;

    public bool IsTransient => Outcome is FileListOutcome.RateLimited or FileListOutcome.ServerError
        or FileListOutcome.Timeout or FileListOutcome.Unreachable;

    public static FileListDownloadResult Downloaded(TorrentFile torrent, byte[] content) =>
        new(FileListOutcome.Success, torrent, content, null);

    public static FileListDownloadResult Failed(FileListOutcome outcome, string error) => new(outcome, null, null, error);

    public override string ToString() =>
        IsSuccess ? $"{Outcome}: {Torrent!.Name} ({Torrent.InfoHash})" : $"{Outcome}: {Error}";
}
