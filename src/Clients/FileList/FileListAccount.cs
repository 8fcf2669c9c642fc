namespace MovieSync.Clients.FileList;

/// <summary>Where the FileList API lives and whose account to use; <see cref="ToString"/> never shows the passkey.</summary>
public sealed record FileListAccount(Uri BaseUrl, string Username, string Passkey)
{
    /// <summary>
    /// True when the passkey would cross a network unencrypted: <c>base_url</c> is plain http to a host other than this
    /// machine (http is for a local test server only).
    /// </summary>
    public bool SendsCredentialsInClear => BaseUrl.Scheme == Uri.UriSchemeHttp && !BaseUrl.IsLoopback;

    public override string ToString() => $"FileListAccount {{ BaseUrl = {BaseUrl}, Username = {Username}, Passkey = *** }}";
}
