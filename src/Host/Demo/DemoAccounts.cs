using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Akka.Actor;
using Akka.Hosting;
using MovieSync.Actors.FileList;
using MovieSync.Host.Hosting;
using MovieSync.Host.Journal;
using MovieSync.Simulators.FileList;
using MovieSync.Simulators.Letterboxd;
using static MovieSync.Messages.FileListAccountQueries;

namespace MovieSync.Host.Demo;

/// <summary>
/// `demo --accounts N` (N from 2): N accounts on the simulated FileList and in <c>filelist.accounts</c>. Once half the
/// films with a torrent were served, the simulated FileList rejects the second account's passkey, as FileList does a
/// wrong one. Prints which account got each film's .torrent, every refusal, and the accounts at the end. The passkeys
/// are random for each demo and never printed.
/// </summary>
public sealed class DemoAccounts
{
    /// <summary>
    /// The demo has 9 films with a torrent, and the broker hands each to the account with most requests free, so they
    /// spread about evenly: with up to 4 accounts each gets a share (two or so), with more some would serve none.
    /// </summary>
    public const int Max = 4;

    /// <summary>How long a rejection pauses the account before one request tries it again (1 minute in a real run).</summary>
    public static readonly TimeSpan CredentialsPause = TimeSpan.FromSeconds(5);

    /// <summary>The longest such pause (an hour in a real run), as the demo's retries are capped at 40 s.</summary>
    public static readonly TimeSpan LongestCredentialsPause = TimeSpan.FromSeconds(40);

    private static readonly string[] Names = ["alice", "bob", "carol", "dave"];

    private readonly IReadOnlyList<(string Username, string Passkey)> _accounts;
    private readonly IReadOnlyDictionary<string, FakeFilm> _films;
    private readonly object _gate = new();
    private readonly Dictionary<string, List<string>> _servedTo;
    private readonly Dictionary<string, int> _timesServed = new(StringComparer.Ordinal);
    private int _served;

    /// <param name="filmsWithTorrent">The watchlist's films the simulated FileList has a torrent for (and not on disk).</param>
    public DemoAccounts(int count, IEnumerable<FakeFilm> filmsWithTorrent)
    {
        if (count is < 2 or > Max)
            throw new ArgumentOutOfRangeException(nameof(count), count, $"from 2 to {Max}");
        _accounts = Names.Take(count).Select(name => (name, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)))).ToList();
        _films = filmsWithTorrent.ToDictionary(f => f.ImdbId!, StringComparer.Ordinal);
        _servedTo = _accounts.ToDictionary(a => a.Username, _ => new List<string>(), StringComparer.Ordinal);
        RejectAfter = (_films.Count + 1) / 2;
    }

    /// <summary>The account whose passkey stops working halfway.</summary>
    public string Rejected => _accounts[1].Username;

    /// <summary>How many .torrent files are served before <see cref="Rejected"/>'s passkey stops working.</summary>
    public int RejectAfter { get; }

    public IEnumerable<string> Usernames => _accounts.Select(a => a.Username);

    /// <summary>The simulated FileList's accounts; a wrong passkey never locks the others out (the demo probes it again and again).</summary>
    public FakeFileListOptions FileListOptions => new()
    {
        Username = _accounts[0].Username,
        Passkey = _accounts[0].Passkey,
        OtherAccounts = _accounts.Skip(1).ToDictionary(a => a.Username, a => a.Passkey),
        MaxFailedAuthentications = int.MaxValue,
    };

    /// <summary>config.json's <c>filelist.accounts</c>.</summary>
    public JsonArray ConfigAccounts() =>
        new(_accounts.Select(a => (JsonNode)new JsonObject { ["username"] = a.Username, ["passkey"] = a.Passkey }).ToArray());

    /// <summary>The accounts as config.json makes them, with the demo's short pauses after a rejection.</summary>
    public static IReadOnlyList<FileListAccountSettings> Tuned(IEnumerable<FileListAccountSettings> accounts) =>
        accounts.Select(a => a with { CredentialsPause = CredentialsPause, LongestCredentialsPause = LongestCredentialsPause }).ToList();

    /// <summary>Prints what the simulated FileList serves and refuses, and rejects the second account halfway.</summary>
    public void Watch(FakeFileList fileList)
    {
        fileList.TorrentServed += (username, torrent) =>
        {
            lock (_gate)
            {
                var film = _films.TryGetValue(torrent.ImdbId ?? "", out var f) ? $"{f.Title} ({f.Year})" : torrent.Name;
                _servedTo[username].Add(film);
                _timesServed[film] = _timesServed.GetValueOrDefault(film) + 1;
                _served++;
                Say($"📥 {film}: the simulated FileList served its .torrent to {username} (so far {Counts()})");
                if (_served != RejectAfter)
                    return;
                fileList.RevokePasskey(Rejected);
                Say($"⛔ {_served} of the {_films.Count} films served: from now on the simulated FileList rejects {Rejected}'s passkey, " +
                    "as FileList does a wrong one; the other accounts carry on");
            }
        };
        fileList.CredentialsRefused += (username, endpoint, answer) =>
            Say($"⛔ The simulated FileList refused {(endpoint == FakeFileListEndpoint.Search ? "a search" : "a .torrent download")} " +
                $"by {username ?? "an unknown passkey"}: {answer}");
    }

    /// <summary>The accounts as the host's broker sees them, and which account got each film's .torrent.</summary>
    public async Task<string> DescribeAsync(ActorRegistry registry, CancellationToken cancellationToken)
    {
        var text = new StringBuilder("👥 FileList accounts at the end of the demo (`moviesync accounts` shows them while it runs)\n");
        var rows = await RowsAsync(registry, cancellationToken);
        if (rows is null)
            text.Append("   (the FileList broker did not answer in time)\n");
        else
        {
            text.Append("   ").Append(AccountView.TableHeader).Append('\n');
            foreach (var row in rows)
                text.Append("   ").Append(row.ToTableRow()).Append('\n');
        }

        lock (_gate)
        {
            var twice = _timesServed.Where(f => f.Value > 1).Select(f => $"{f.Key} {f.Value} times").ToList();
            text.Append($"📥 The simulated FileList served {_served} .torrent files, for {_timesServed.Count} of the {_films.Count} films that have one: ")
                .Append(twice.Count == 0 ? "each film once\n" : $"⚠️  more than once: {string.Join(", ", twice)}\n");
            foreach (var (username, films) in _servedTo)
            {
                var rejected = username == Rejected && _served >= RejectAfter ? ", then rejected" : "";
                text.Append($"   {username} ({films.Count}{rejected}): {(films.Count == 0 ? "none" : string.Join(", ", films))}\n");
            }
        }

        return text.ToString().TrimEnd('\n');
    }

    private static async Task<IReadOnlyList<AccountView>?> RowsAsync(ActorRegistry registry, CancellationToken cancellationToken)
    {
        if (!registry.TryGet<FileListBroker>(out var broker))
            return null;
        try
        {
            var result = await broker.Ask<FileListAccountsResult>(GetFileListAccounts.Instance, TimeSpan.FromSeconds(5), cancellationToken);
            return result.Accounts.Select(AccountView.Of).ToList();
        }
        catch (AskTimeoutException)
        {
            return null;
        }
    }

    private string Counts() => string.Join(", ", _servedTo.Select(a => $"{a.Key} {a.Value.Count}"));

    private static void Say(string line) => DemoLine.Say(line);

    /// <summary>Printed after the final statistics of a demo with several accounts.</summary>
    public sealed class Report(DemoAccounts accounts, ActorRegistry registry) : IFinalReport
    {
        public Task<string> DescribeAsync(CancellationToken cancellationToken) => accounts.DescribeAsync(registry, cancellationToken);
    }
}
