using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace MovieSync.Host.Demo;

/// <summary>A real qbittorrent-nox for the demo: throw-away profile, loopback only, a free port, default login.</summary>
public sealed class QBittorrentNoxProcess : IAsyncDisposable
{
    public const string Username = "admin";
    public const string Password = "adminadmin";

    private readonly Process _process;
    private readonly string _profile;

    private QBittorrentNoxProcess(Process process, string profile, Uri baseUrl, string version)
    {
        _process = process;
        _profile = profile;
        BaseUrl = baseUrl;
        Version = version;
    }

    public Uri BaseUrl { get; }

    public string Version { get; }

    /// <summary>The binary when it is installed (Debian's qbittorrent-nox), else null.</summary>
    public static string? Find() =>
        new[] { "/usr/bin/qbittorrent-nox", "/usr/local/bin/qbittorrent-nox" }.FirstOrDefault(File.Exists);

    public static async Task<QBittorrentNoxProcess> StartAsync(string binary, string savePath, CancellationToken cancellationToken)
    {
        var profile = Directory.CreateTempSubdirectory("moviesync-demo-qbt-").FullName;
        var port = FreePort();
        var config = Path.Combine(profile, "qBittorrent", "config");
        Directory.CreateDirectory(config);
        // The legal notice first, so it never waits on stdin; the Web UI on loopback only.
        await File.WriteAllTextAsync(Path.Combine(config, "qBittorrent.conf"),
            $"[LegalNotice]\nAccepted=true\n\n[BitTorrent]\nSession\\DefaultSavePath={savePath}\n\n" +
            $"[Preferences]\nWebUI\\Address=127.0.0.1\nWebUI\\Port={port}\nWebUI\\LocalHostAuth=true\n", cancellationToken);
        // In a session of its own (setsid execs it, same pid): Ctrl+C in the terminal stops the demo, which then stops
        // qBittorrent itself, after the host's last look at its downloads.
        var setsid = File.Exists("/usr/bin/setsid") ? "/usr/bin/setsid" : null;
        var start = new ProcessStartInfo(setsid ?? binary)
        {
            ArgumentList = { $"--profile={profile}", $"--webui-port={port}" },
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (setsid is not null)
            start.ArgumentList.Insert(0, binary);
        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {binary}");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var baseUrl = new Uri($"http://127.0.0.1:{port}/");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline && !process.HasExited)
        {
            try
            {
                using var response = await http.GetAsync(new Uri(baseUrl, "api/v2/app/version"), cancellationToken);
                return new QBittorrentNoxProcess(process, profile, baseUrl, "qbittorrent-nox");
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(100, cancellationToken);
            }
        }

        process.Kill(entireProcessTree: true);
        throw new InvalidOperationException($"qbittorrent-nox did not answer on {baseUrl} within 30 s");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
            // still closing; the temp folder is cleaned eventually
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
