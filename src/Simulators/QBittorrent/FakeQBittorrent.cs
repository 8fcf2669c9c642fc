using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MovieSync.Simulators.QBittorrent;

/// <summary>A simulated qBittorrent Web API v2 on 127.0.0.1 (4.5 or 5.x flavour) whose torrents download over time.</summary>
public sealed class FakeQBittorrent : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly SimulatedQBittorrentApi _api;

    private FakeQBittorrent(WebApplication app, SimulatedQBittorrentApi api, Uri baseUrl)
    {
        _app = app;
        _api = api;
        BaseUrl = baseUrl;
    }

    /// <summary>Root of the Web UI, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseUrl { get; }

    public QBittorrentFlavor Flavor { get => _api.Flavor; set => _api.Flavor = value; }

    public long DownloadBytesPerSecond { get => _api.BytesPerSecond; set => _api.BytesPerSecond = value; }

    public FakeQBittorrentFault Fault { get => _api.Fault; set => _api.Fault = value; }

    /// <summary>Requests to <c>auth/login</c> so far (tests assert no retry loop).</summary>
    public int LoginAttempts => _api.LoginAttempts;

    /// <summary>Requests to <c>torrents/add</c> so far.</summary>
    public int AddRequests => _api.AddRequests;

    public int TorrentCount => _api.TorrentCount;

    /// <summary>Requests to <c>torrents/pause|resume|stop|start</c> so far.</summary>
    public int SwitchRequests => _api.SwitchRequests;

    public static async Task<FakeQBittorrent> StartAsync(FakeQBittorrentOptions? options = null, CancellationToken ct = default)
    {
        options ??= new FakeQBittorrentOptions();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var api = new SimulatedQBittorrentApi(options, app.Lifetime.ApplicationStopping);
        app.Map("/api/v2/{scope}/{action}", (HttpContext context, string scope, string action) =>
            api.HandleAsync(context, scope + "/" + action));
        await app.StartAsync(ct);

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!
            .Addresses.First();
        var baseUrl = new Uri(address.EndsWith('/') ? address : address + "/");
        api.Port = baseUrl.Port;
        return new FakeQBittorrent(app, api, baseUrl);
    }

    /// <summary>Drops every session, as a qBittorrent restart or session timeout would.</summary>
    public void ExpireSessions() => _api.ExpireSessions();

    /// <summary>Clears failed-login counting and any ban.</summary>
    public void LiftBan() => _api.LiftBan();

    /// <summary>Puts a torrent in a broken state such as <c>error</c> or <c>missingFiles</c>.</summary>
    public void BreakTorrent(string hash, string state = "error") => _api.BreakTorrent(hash, state);

    public bool HasTorrent(string hash) => _api.HasTorrent(hash);

    public async ValueTask DisposeAsync()
    {
        // Hanging requests (Fault.Hang) must not hold up the shutdown.
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        await _app.StopAsync(deadline.Token);
        await _app.DisposeAsync();
    }
}
