using MovieSync.Clients.FileList;

namespace MovieSync.Actors.FileList;

/// <summary>
/// The FileList credentials config.json holds now, for the account actors to read again when told
/// (<c>ReloadFileListCredentials</c>): a new passkey (or base_url) or <c>requests_per_hour</c> of the same username is taken
/// up without a restart.
/// </summary>
public sealed class LiveFileListCredentials
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, FileListAccount> _byUsername = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _requestsPerHour = new(StringComparer.Ordinal);

    /// <summary>The newest <c>requests_per_hour</c> of the username, else <paramref name="configured"/>.</summary>
    public int RequestsPerHourOf(string username, int configured)
    {
        lock (_gate)
            return _requestsPerHour.GetValueOrDefault(username, configured);
    }

    /// <summary>Records a <c>requests_per_hour</c>; true when it differs from what the account used so far.</summary>
    public bool UpdateRequestsPerHour(string username, int configured, int changed)
    {
        lock (_gate)
        {
            var before = _requestsPerHour.GetValueOrDefault(username, configured);
            _requestsPerHour[username] = changed;
            return before != changed;
        }
    }

    /// <summary>The newest credentials of <paramref name="configured"/>'s username, else <paramref name="configured"/>.</summary>
    public FileListAccount For(FileListAccount configured)
    {
        lock (_gate)
            return _byUsername.TryGetValue(configured.Username, out var current) ? current : configured;
    }

    /// <summary>Records new credentials; true when they differ from what the account used so far.</summary>
    public bool Update(FileListAccount configured, FileListAccount changed)
    {
        lock (_gate)
        {
            var before = _byUsername.TryGetValue(changed.Username, out var current) ? current : configured;
            _byUsername[changed.Username] = changed;
            return before != changed;
        }
    }
}
