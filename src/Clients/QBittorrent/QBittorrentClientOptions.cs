using Microsoft.Extensions.Logging;

namespace MovieSync.Clients.QBittorrent;

/// <summary>Tuning for QBittorrentClient: timeouts, logging, and test hooks.</summary>
public sealed record QBittorrentClientOptions
{
    /// <summary>Per request; a timed-out request counts as unreachable.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public ILogger? Logger { get; init; }

    /// <summary>After an accepted add, how often to look for the torrent (5.x may add it asynchronously).</summary>
    public int AddedLookups { get; init; } = 5;

    public TimeSpan AddedLookupDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Wraps the cookie-aware transport, e.g. to observe requests in tests.</summary>
    public Func<HttpMessageHandler, HttpMessageHandler>? DecorateHandler { get; init; }
}
