using System.Security.Cryptography;
using System.Text;
using MovieSync.Configuration;
using MovieSync.Simulators.FileList;

namespace MovieSync.Bench.FileList;

/// <summary>
/// The FileList accounts of a run, each with its own username and passkey (32 hex characters), known to the fake
/// FileList as they would be to the real one. The first is the fake's main account, so one account runs as before.
/// </summary>
internal sealed class BenchAccounts
{
    public BenchAccounts(int count, int requestsPerHour)
    {
        if (count < 1)
            throw new ArgumentOutOfRangeException(nameof(count), count, "--accounts: at least 1");
        RequestsPerHour = requestsPerHour;
        Accounts = Enumerable.Range(1, count)
            .Select(i => i == 1
                ? new FileListAccountOptions { Username = FakeFileList.DefaultUsername, Passkey = FakeFileList.DefaultPasskey, RequestsPerHour = requestsPerHour }
                : new FileListAccountOptions { Username = $"bench-{i}", Passkey = PasskeyOf(i), RequestsPerHour = requestsPerHour })
            .ToList();
    }

    public IReadOnlyList<FileListAccountOptions> Accounts { get; }

    public int Count => Accounts.Count;

    /// <summary>Each account's budget.</summary>
    public int RequestsPerHour { get; }

    /// <summary>The fake FileList's side: the main account and the others, each with its own budget.</summary>
    public FakeFileListOptions FakeOptions(IReadOnlyList<FakeTorrent> torrents, TimeProvider time) => new()
    {
        Torrents = torrents,
        RequestsPerHour = RequestsPerHour,
        TimeProvider = time,
        Username = Accounts[0].Username,
        Passkey = Accounts[0].Passkey,
        OtherAccounts = Accounts.Skip(1).ToDictionary(a => a.Username, a => a.Passkey),
    };

    /// <summary>config.json's side: one account as <c>filelist.username</c>/<c>passkey</c>, several as <c>filelist.accounts</c>.</summary>
    public FileListOptions Options(Uri baseUrl) => Count == 1
        ? new FileListOptions { BaseUrl = baseUrl, Username = Accounts[0].Username, Passkey = Accounts[0].Passkey, RequestsPerHour = RequestsPerHour }
        : new FileListOptions { BaseUrl = baseUrl, Accounts = Accounts };

    private static string PasskeyOf(int account) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"moviesync-bench-account-{account}")))[..32];
}
