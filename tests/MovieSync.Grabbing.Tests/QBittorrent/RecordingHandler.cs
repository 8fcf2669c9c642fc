using System.Collections.Concurrent;

namespace MovieSync.Grabbing.Tests.QBittorrent;

/// <summary>Sits between the client and its transport and records every request path and cookie sent.</summary>
internal sealed class RecordingHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    private readonly ConcurrentQueue<(string Path, int Status)> _requests = new();

    public IReadOnlyList<string> Paths => _requests.Select(r => r.Path).ToList();

    public IReadOnlyList<(string Path, int Status)> Requests => _requests.ToList();

    public int Count(string path) => _requests.Count(r => r.Path == path);

    /// <summary>The session cookie (<c>name=value</c>) qBittorrent set at the latest login, to log it out from elsewhere.</summary>
    public string? SessionCookie { get; private set; }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        var response = await base.SendAsync(request, ct);
        if (response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.FirstOrDefault() is { } cookie)
            SessionCookie = cookie.Split(';')[0];
        _requests.Enqueue((request.RequestUri!.AbsolutePath, (int)response.StatusCode));
        return response;
    }
}
