namespace MovieSync.Clients.FileList;

/// <summary>Where the FileList API lives and whose account to use; <see cref="ToString"/> never shows the passkey.</summary>
public sealed record FileListAccount(Uri BaseUrl, string Username, string Passkey)
{
    public override string ToString() => $"FileListAccount {{ BaseUrl = {BaseUrl}, Username = {Username}, Passkey = *** }}";
}
