namespace MovieSync.Clients.QBittorrent;

/// <summary>Where qBittorrent's Web UI is and how to log in; ToString never shows the password.</summary>
public sealed class QBittorrentConnection
{
    /// <summary>Creates the connection settings; the URL must not carry credentials of its own.</summary>
    public QBittorrentConnection(Uri baseUrl, string username, string password)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        ArgumentNullException.ThrowIfNull(username);
        ArgumentNullException.ThrowIfNull(password);
        if (!baseUrl.IsAbsoluteUri || (baseUrl.Scheme != Uri.UriSchemeHttp && baseUrl.Scheme != Uri.UriSchemeHttps))
            throw new ArgumentException("qbittorrent.url must be an absolute http(s) URL", nameof(baseUrl));
        // Userinfo would end up in Referer headers and messages.
        if (!string.IsNullOrEmpty(baseUrl.UserInfo))
            throw new ArgumentException("qbittorrent.url must not contain credentials; use qbittorrent.username/password", nameof(baseUrl));

        BaseUrl = WithTrailingSlash(baseUrl);
        Username = username;
        Password = password;
    }

    /// <summary>The Web UI root, always ending in a slash so API paths resolve under a reverse-proxy prefix too.</summary>
    public Uri BaseUrl { get; }

    public string Username { get; }

    public string Password { get; }

    /// <summary>Same place, other credentials (after the user fixed them).</summary>
    public QBittorrentConnection WithCredentials(string username, string password) => new(BaseUrl, username, password);

    public override string ToString() => $"qBittorrent {BaseUrl} as {Username} (password hidden)";

    private static Uri WithTrailingSlash(Uri url) =>
        url.AbsoluteUri.EndsWith('/') ? url : new Uri(url.AbsoluteUri + "/");
}
