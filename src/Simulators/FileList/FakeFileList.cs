using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MovieSync.Clients.FileList;

namespace MovieSync.Simulators.FileList;

/// <summary>
/// A fake FileList on 127.0.0.1 that speaks formats.md §3: <c>/api.php?action=search-torrents</c> by imdb or name with
/// Basic or query auth, the real error bodies and statuses, an hourly request budget, and <c>/download.php</c> serving
/// deterministic .torrent files. Faults can be switched on while it runs.
/// </summary>
public sealed partial class FakeFileList : IAsyncDisposable
{
    public const string DefaultUsername = "moviesync";
    public const string DefaultPasskey = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<long, FakeTorrent> _torrents = new();
    private readonly TimeProvider _time;
    private readonly object _gate = new();
    private readonly int _requestsPerHour;
    private RequestBudget _budget;
    private int _failedAuthentications;
    private DateTimeOffset? _lockedOutUntil;
    private int _searchRequests;
    private int _downloadRequests;
    private readonly ConcurrentQueue<FakeFileListRequest> _requests = new();

    /// <summary>The other accounts it knows (username to passkey), each with its own hourly budget.</summary>
    private readonly Dictionary<string, string> _otherAccounts;
    private readonly Dictionary<string, RequestBudget> _otherBudgets = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _searchesBy = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _downloadsBy = new(StringComparer.Ordinal);

    private FakeFileList(WebApplication app, FakeFileListOptions options)
    {
        _app = app;
        _time = options.TimeProvider ?? TimeProvider.System;
        _requestsPerHour = options.RequestsPerHour;
        _budget = new RequestBudget(options.RequestsPerHour);
        Username = options.Username;
        Passkey = options.Passkey;
        MaxFailedAuthentications = options.MaxFailedAuthentications;
        _otherAccounts = new Dictionary<string, string>(options.OtherAccounts ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        foreach (var user in _otherAccounts.Keys)
            _otherBudgets[user] = new RequestBudget(options.RequestsPerHour);
        foreach (var torrent in options.Torrents ?? FakeFileListCatalogue.Default) AddTorrent(torrent);
    }

    /// <summary>Where to point <c>filelist.base_url</c>, with a trailing slash.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    public string Username { get; set; }

    public string Passkey { get; set; }

    public int MaxFailedAuthentications { get; }

    /// <summary>The failure to act out; <see cref="FakeFileListFault.None"/> answers normally.</summary>
    public FakeFileListFault Fault { get; set; }

    /// <summary>How long <see cref="FakeFileListFault.Slow"/> holds each answer.</summary>
    public TimeSpan SlowDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Every request to api.php, accepted or not.</summary>
    public int SearchRequests => Volatile.Read(ref _searchRequests);

    /// <summary>Every request to download.php, accepted or not.</summary>
    public int DownloadRequests => Volatile.Read(ref _downloadRequests);

    /// <summary>Every request to api.php and download.php that was answered, in the order the answers started, stamped with its arrival on the fake's clock.</summary>
    public IReadOnlyList<FakeFileListRequest> Requests => _requests.ToArray();

    public IReadOnlyList<FakeTorrent> Torrents => _torrents.Values.OrderBy(t => t.Id).ToList();

    /// <summary>Accepted searches made with this account's credentials.</summary>
    public int SearchesBy(string username) => _searchesBy.GetValueOrDefault(username);

    /// <summary>.torrent files served for this account's passkey.</summary>
    public int DownloadsBy(string username) => _downloadsBy.GetValueOrDefault(username);

    /// <summary>
    /// From now on, .torrent downloads of <paramref name="username"/> are held unanswered until <see cref="ReleaseDownloads"/>
    /// (or the client goes away): a download in flight, for a test that stops its requester meanwhile.
    /// </summary>
    public void HoldDownloadsOf(string username) =>
        _heldDownloads = new HeldDownloads(username, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    /// <summary>Answers the held downloads and holds no more.</summary>
    public void ReleaseDownloads()
    {
        var held = Interlocked.Exchange(ref _heldDownloads, null);
        held?.Release.TrySetResult();
    }

    /// <summary>Downloads held now by <see cref="HoldDownloadsOf"/>.</summary>
    public int DownloadsWaiting => Volatile.Read(ref _downloadsWaiting);

    private volatile HeldDownloads? _heldDownloads;

    private sealed record HeldDownloads(string Username, TaskCompletionSource Release);
    private int _downloadsWaiting;

    /// <summary>The passkey of a known account (the main one or <see cref="FakeFileListOptions.OtherAccounts"/>).</summary>
    private string? PasskeyOf(string username) =>
        username == Username ? Passkey : _otherAccounts.GetValueOrDefault(username);

    /// <summary>Whose passkey this is, or null.</summary>
    private string? AccountOf(string? passkey) =>
        passkey is null ? null : passkey == Passkey ? Username : _otherAccounts.FirstOrDefault(a => a.Value == passkey).Key;

    public static async Task<FakeFileList> StartAsync(FakeFileListOptions? options = null, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var fake = new FakeFileList(app, options ?? new FakeFileListOptions());
        app.MapGet("/api.php", fake.HandleApiAsync);
        app.MapGet("/download.php", fake.HandleDownloadAsync);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        fake.BaseUrl = new Uri(address.TrimEnd('/') + "/");
        return fake;
    }

    public void AddTorrent(FakeTorrent torrent) => _torrents[torrent.Id] = torrent;

    public bool RemoveTorrent(long id) => _torrents.TryRemove(id, out _);

    public void ClearTorrents() => _torrents.Clear();

    /// <summary>Where the download links handed out point; null (the default) is this fake itself.</summary>
    public Uri? DownloadLinkBase { get; set; }

    /// <summary>The download link the API hands out for a torrent (secret on the real site: it embeds the passkey).</summary>
    public Uri DownloadLinkFor(long id) => DownloadLinkFor(id, Passkey);

    /// <summary>The download link as the account with <paramref name="passkey"/> gets it.</summary>
    public Uri DownloadLinkFor(long id, string passkey) => new(DownloadLinkBase ?? BaseUrl, $"download.php?id={id}&passkey={passkey}");

    /// <summary>The info-hash the served .torrent for this catalogue entry has.</summary>
    public static string InfoHashOf(FakeTorrent torrent) => FakeTorrentFiles.InfoHashOf(torrent);

    /// <summary>Forgets spent requests and failed logins, as an hour passing would.</summary>
    public void ResetLimits()
    {
        lock (_gate)
        {
            _failedAuthentications = 0;
            _lockedOutUntil = null;
            _budget = new RequestBudget(_requestsPerHour);
            foreach (var user in _otherAccounts.Keys)
                _otherBudgets[user] = new RequestBudget(_requestsPerHour);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static async Task DelayAsync(TimeSpan delay, HttpContext context)
    {
        try { await Task.Delay(delay, context.RequestAborted); }
        catch (OperationCanceledException) { }
    }
}

/// <summary>Start-up settings for <see cref="FakeFileList"/>.</summary>
public sealed record FakeFileListOptions
{
    public string Username { get; init; } = FakeFileList.DefaultUsername;

    public string Passkey { get; init; } = FakeFileList.DefaultPasskey;

    /// <summary>The catalogue; null means <see cref="FakeFileListCatalogue.Default"/>.</summary>
    public IReadOnlyList<FakeTorrent>? Torrents { get; init; }

    public int RequestsPerHour { get; init; } = RequestBudget.DefaultRequestsPerHour;

    /// <summary>More accounts it accepts (username to passkey), each with its own budget of <see cref="RequestsPerHour"/>.</summary>
    public IReadOnlyDictionary<string, string>? OtherAccounts { get; init; }

    /// <summary>Wrong credentials this many times lock the account out for an hour.</summary>
    public int MaxFailedAuthentications { get; init; } = 5;

    public TimeProvider? TimeProvider { get; init; }
}
