using System.Collections.Immutable;
using Akka.Actor;
using MovieSync.Messages;
using static MovieSync.Messages.FileListAccountQueries;
using static MovieSync.Messages.FileListCommands;
using static MovieSync.Messages.FileListQueries;

namespace MovieSync.Actors.FileList;

/// <summary>
/// The accounts a <see cref="FileListBroker"/> knows: those that serve, those that stopped (shown as unreachable until they
/// register again), the cluster's unreachable nodes; which account should serve the next film, when one frees, and what
/// the accounts tell `accounts`, check-config and the status page. Pure: the caller passes the time.
/// </summary>
internal sealed class BrokerAccounts
{
    public const int RequestsPerFilm = 2;

    /// <summary>A waiting film is never told to come back sooner than this (its turn wakes it anyway).</summary>
    private static readonly TimeSpan MinimumWait = TimeSpan.FromSeconds(1);

    private readonly Dictionary<string, BrokerAccount> _accounts = new(StringComparer.Ordinal);

    /// <summary>Accounts that stopped, shown as unreachable until they register again.</summary>
    private readonly Dictionary<string, BrokerAccount> _gone = new(StringComparer.Ordinal);

    /// <summary>Nodes the cluster sees unreachable: their accounts are skipped, and may not register, until reachable again.</summary>
    private readonly HashSet<Address> _unreachable = new();

    /// <summary>The accounts that serve.</summary>
    public IEnumerable<BrokerAccount> Serving => _accounts.Values;

    public bool IsServing(string username) => _accounts.ContainsKey(username);

    public BrokerAccount? Find(string username) => _accounts.GetValueOrDefault(username);

    /// <summary>The serving account whose actor is <paramref name="actor"/>, if any.</summary>
    public BrokerAccount? ServedBy(IActorRef actor) => _accounts.Values.FirstOrDefault(a => a.Ref.Equals(actor));

    public bool IsOnUnreachableNode(IActorRef actor) => _unreachable.Contains(actor.Path.Address);

    /// <summary>The account serves (again): it is no longer shown as gone.</summary>
    public void Serve(BrokerAccount account)
    {
        _accounts[account.Username] = account;
        _gone.Remove(account.Username);
    }

    /// <summary>The account stopped, or its node cannot be reached: it serves no more, and shows as unreachable.</summary>
    public void Drop(BrokerAccount account)
    {
        _accounts.Remove(account.Username);
        _gone[account.Username] = account;
    }

    /// <summary>The cluster cannot reach <paramref name="node"/>: the accounts serving on it, to be dropped.</summary>
    public IReadOnlyList<BrokerAccount> Unreachable(Address node)
    {
        _unreachable.Add(node);
        return _accounts.Values.Where(a => a.Ref.Path.Address.Equals(node)).ToList();
    }

    /// <summary>The node is reachable again (or a new member now): its accounts may register.</summary>
    public void Reachable(Address node) => _unreachable.Remove(node);

    /// <summary>
    /// The account that should serve the next film: healthy (one whose credentials were rejected only when no other can),
    /// most requests free, then least recently used.
    /// </summary>
    public BrokerAccount? Best(ImmutableHashSet<string> tried, DateTimeOffset now) =>
        _accounts.Values
            .Where(a => !tried.Contains(a.Username) && a.Free >= RequestsPerFilm && a.Status is { } s &&
                        (s.Health == FileListAccountHealth.Ok || s.PausedUntil is null || s.PausedUntil <= now))
            // One whose credentials were rejected serves again after its pause, but only when no other account can.
            .OrderBy(a => a.Status!.Health == FileListAccountHealth.CredentialsRejected ? 1 : 0)
            .ThenByDescending(a => a.Free)
            .ThenBy(a => a.LastUse)
            .FirstOrDefault();

    /// <summary>
    /// When the film <paramref name="position"/> in line should get its turn: the first free account, then the accounts'
    /// pace together (two requests a film). Its turn wakes it anyway; this only keeps the line from all waking at once.
    /// </summary>
    public DateTimeOffset EstimatedTurn(int position, DateTimeOffset now)
    {
        var first = EarliestFree(now);
        var filmsPerHour = _accounts.Values.Sum(a => (a.Status?.RequestsPerHour ?? 0) / RequestsPerFilm);
        return filmsPerHour == 0 || position <= 1 ? first : first + TimeSpan.FromHours((position - 1) / (double)filmsPerHour);
    }

    /// <summary>When the first account should be able to serve a film again (at least a second from now).</summary>
    public DateTimeOffset EarliestFree(DateTimeOffset now)
    {
        var times = _accounts.Values.Select(a => a.Status?.FilmTurnAt ?? a.Status?.PausedUntil).OfType<DateTimeOffset>().ToList();
        var at = times.Count > 0 ? times.Min() : now + TimeSpan.FromMinutes(1);
        return at < now + MinimumWait ? now + MinimumWait : at;
    }

    /// <summary>One row per account, serving or gone: what `accounts` and the status page show.</summary>
    public IReadOnlyList<FileListAccountRow> Rows() =>
        _accounts.Values.Concat(_gone.Values).OrderBy(a => a.Username, StringComparer.Ordinal).Select(a => new FileListAccountRow(
            a.Username, a.Node, _gone.ContainsKey(a.Username) ? FileListAccountState.Unreachable : StateOf(a.Status), a.Status?.RequestsRemaining ?? 0, a.Status?.RequestsPerHour ?? 0,
            a.Status?.Searches ?? 0, a.Status?.Downloads ?? 0)).ToList();

    private static FileListAccountState StateOf(FileListAccountStatus? status) => status?.Health switch
    {
        null => FileListAccountState.Unreachable,
        FileListAccountHealth.CredentialsRejected => FileListAccountState.CredentialsRejected,
        FileListAccountHealth.BudgetSpent => FileListAccountState.RateLimited,
        _ => FileListAccountState.Ok,
    };

    /// <summary>All accounts as one: what check-config and the status page ask of "the" account.</summary>
    public FileListAccountStatus Summary(DateTimeOffset now)
    {
        var statuses = _accounts.Values.Select(a => a.Status).OfType<FileListAccountStatus>().ToList();
        var serving = Best([], now) is not null;
        return new FileListAccountStatus(string.Join(", ", statuses.Select(s => s.Username)),
            serving || statuses.Count == 0 ? FileListAccountHealth.Ok
            : statuses.All(s => s.Health == FileListAccountHealth.CredentialsRejected) ? FileListAccountHealth.CredentialsRejected
            : FileListAccountHealth.BudgetSpent,
            serving ? null : "no FileList account can serve now",
            statuses.Sum(s => s.RequestsPerHour), statuses.Sum(s => s.RequestsRemaining), serving ? null : EarliestFree(now))
        {
            RequestsFree = _accounts.Values.Sum(a => Math.Max(0, a.Free)),
            Searches = statuses.Sum(s => s.Searches),
            Downloads = statuses.Sum(s => s.Downloads),
        };
    }
}

/// <summary>An account as the broker sees it: its last status, less what was asked of it and granted since.</summary>
internal sealed class BrokerAccount(string username, IActorRef @ref, string node)
{
    public string Username { get; } = username;
    public IActorRef Ref { get; } = @ref;
    public string Node { get; } = node;
    public FileListAccountStatus? Status
    {
        get => _status;
        set
        {
            _status = value;
            GrantedSinceStatus = 0;
            SkipUntilStatus = false;
        }
    }

    private FileListAccountStatus? _status;

    /// <summary>Reservations asked of the account and not answered yet.</summary>
    public int Asking { get; set; }

    /// <summary>Reservations it granted since its last status (which it sends after each, so the next one counts them).</summary>
    public int GrantedSinceStatus { get; set; }

    /// <summary>It could not serve after all: passed over until it tells its status again.</summary>
    public bool SkipUntilStatus { get; set; }

    public long LastUse { get; set; }

    public int Free => SkipUntilStatus ? 0
        : (Status?.RequestsFree ?? Status?.RequestsRemaining ?? 0) - BrokerAccounts.RequestsPerFilm * (Asking + GrantedSinceStatus);

    /// <summary>The account could not serve after all: skipped until its status, which it sends at once when asked (and on changes).</summary>
    public void PassOver()
    {
        SkipUntilStatus = true;
        Ref.Tell(WatchFileListAccountStatus.Instance);
    }
}
