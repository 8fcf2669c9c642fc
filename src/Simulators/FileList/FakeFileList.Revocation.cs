namespace MovieSync.Simulators.FileList;

public sealed partial class FakeFileList
{
    private readonly HashSet<string> _revoked = new(StringComparer.Ordinal);

    /// <summary>Raised as download.php serves a .torrent (before its bytes go out): the account whose passkey fetched it, and the torrent.</summary>
    public event Action<string, FakeTorrent>? TorrentServed;

    /// <summary>
    /// Raised when a request was turned away for its credentials: the account it named (null when the passkey is nobody's),
    /// the endpoint, and what was answered.
    /// </summary>
    public event Action<string?, FakeFileListEndpoint, string>? CredentialsRefused;

    /// <summary>
    /// The account's passkey stops working from now on, as after a passkey reset on the site: api.php answers it 403
    /// <c>{"error":"Invalid passkey/username!"}</c> and download.php its login page, as for any wrong passkey.
    /// </summary>
    public void RevokePasskey(string username)
    {
        lock (_gate)
        {
            if (PasskeyOf(username) is null)
                throw new ArgumentException($"the fake FileList knows no account {username}", nameof(username));
            _revoked.Add(username);
        }
    }

    /// <summary>Whether <see cref="RevokePasskey"/> was called for this account.</summary>
    public bool IsRevoked(string username)
    {
        lock (_gate) return _revoked.Contains(username);
    }

    private void OnTorrentServed(string username, FakeTorrent torrent) => TorrentServed?.Invoke(username, torrent);

    private void OnCredentialsRefused(string? username, FakeFileListEndpoint endpoint, string answer) =>
        CredentialsRefused?.Invoke(username, endpoint, answer);
}
