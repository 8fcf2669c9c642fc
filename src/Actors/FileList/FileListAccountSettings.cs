using MovieSync.Clients.FileList;

namespace MovieSync.Actors.FileList;

/// <summary>How one FileList account is used: its credentials, its hourly request budget, and how long a rejection pauses work.</summary>
public sealed record FileListAccountSettings(FileListAccount Account, int RequestsPerHour = RequestBudget.DefaultRequestsPerHour)
{
    /// <summary>The budget's sliding window (FileList counts per hour).</summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How long FileList work waits after the credentials were first rejected before one request probes them again;
    /// each further rejection doubles the wait, up to <see cref="LongestCredentialsPause"/>. New credentials end it at once.
    /// </summary>
    public TimeSpan CredentialsPause { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>The longest wait between two probes of rejected credentials.</summary>
    public TimeSpan LongestCredentialsPause { get; init; } = TimeSpan.FromHours(1);

    /// <summary>How long a movie woken for its turn has to claim it before the next movie in line gets it.</summary>
    public TimeSpan TurnClaimTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>How long a reserved search and download stay set aside for a movie that does not spend or release them.</summary>
    public TimeSpan ReservationTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Film categories the check-config search looks in.</summary>
    public IReadOnlyList<int> Categories { get; init; } = TorrentCriteria.Default.Categories;

    /// <summary>
    /// Reads the account's current credentials (at start, and on <c>ReloadFileListCredentials</c>); by default the
    /// ones given here. Credentials reach the actor only this way, never in a message.
    /// </summary>
    public Func<FileListAccount> ReadCredentials { get; init; } = () => Account;

    /// <summary>
    /// Reads the account's current <c>requests_per_hour</c> (at start, and on <c>ReloadFileListCredentials</c>); null: it stays
    /// <see cref="RequestsPerHour"/>.
    /// </summary>
    public Func<int>? ReadRequestsPerHour { get; init; }

    /// <summary>Bounds one FileList call beyond the client's own timeout (a journal write and a hung socket).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(75);

    /// <summary>A snapshot of the spend every so many requests; older events are then deleted.</summary>
    public int SnapshotEvery { get; init; } = 100;

    /// <summary>The persistence id of the account's journal; one account, one writer.</summary>
    public string PersistenceId => "filelist-account-" + Account.Username;

    public override string ToString() =>
        $"FileListAccountSettings {{ Account = {Account}, RequestsPerHour = {RequestsPerHour}, Window = {Window} }}";
}
