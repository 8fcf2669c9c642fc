namespace MovieSync.Simulators.FileList;

/// <summary>Which of the fake FileList's two endpoints a request reached.</summary>
public enum FakeFileListEndpoint
{
    /// <summary><c>/api.php</c>: a search (or any other API call).</summary>
    Search,

    /// <summary><c>/download.php</c>: a .torrent download.</summary>
    Download,
}

/// <summary>
/// One request the fake FileList received: when it arrived (on the fake's clock), where, what it asked for and the
/// status it was answered. Benchmarks count FileList's side of the budget from these.
/// </summary>
public sealed record FakeFileListRequest(DateTimeOffset At, FakeFileListEndpoint Endpoint, int Status)
{
    /// <summary>The film a search by IMDb id asked for (<c>tt0133093</c>).</summary>
    public string? ImdbId { get; init; }

    /// <summary>The text a search by name asked for.</summary>
    public string? Name { get; init; }

    /// <summary>The torrent a download asked for.</summary>
    public long? TorrentId { get; init; }

    /// <summary>
    /// The known account whose passkey the request carried (Basic or query credentials for a search, the link's
    /// passkey for a download), whatever it was answered; null for a passkey the fake does not know or none at all.
    /// FileList counts each account's hourly budget by these.
    /// </summary>
    public string? Account { get; init; }
}
