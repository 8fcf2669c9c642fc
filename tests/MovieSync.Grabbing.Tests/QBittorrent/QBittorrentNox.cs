using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using MovieSync.Clients.QBittorrent;
using Xunit;

namespace MovieSync.Grabbing.Tests.QBittorrent;

/// <summary>
/// A real qbittorrent-nox on 127.0.0.1 with a throw-away profile; can be stopped and started again on the same
/// port and profile. Fails (never skips) when the binary is missing.
/// </summary>
public sealed class QBittorrentNox : IAsyncLifetime
{
    public const string Username = "admin";
    public const string Password = "adminadmin";

    private readonly IReadOnlyList<string> _extraPreferences;
    private readonly StringBuilder _output = new();
    private Process? _process;

    public QBittorrentNox() : this([])
    {
    }

    private QBittorrentNox(IReadOnlyList<string> extraPreferences)
    {
        _extraPreferences = extraPreferences;
        ProfileDirectory = Directory.CreateTempSubdirectory("moviesync-qbt-").FullName;
        Port = FreePort();
        BaseUrl = new Uri($"http://127.0.0.1:{Port}/");
    }

    /// <summary>An instance with extra <c>[Preferences]</c> lines, e.g. <c>WebUI\MaxAuthenticationFailCount=1</c>; call StartAsync.</summary>
    public static QBittorrentNox WithPreferences(params string[] preferences) => new(preferences);

    public Uri BaseUrl { get; }

    public int Port { get; }

    public string ProfileDirectory { get; }

    /// <summary>A directory for test content and downloads, deleted with the profile.</summary>
    public string DataDirectory => Path.Combine(ProfileDirectory, "data");

    public bool IsRunning => _process is { HasExited: false };

    public QBittorrentConnection Connection(string password = Password) => new(BaseUrl, Username, password);

    public Task InitializeAsync() => StartAsync();

    public async Task StartAsync()
    {
        if (IsRunning)
            return;
        var binary = FindBinary() ?? throw new InvalidOperationException(
            "qbittorrent-nox is not installed; run scripts/qbittorrent-test-setup.sh (as root) before the tests.");
        WriteConfig();

        var start = new ProcessStartInfo(binary)
        {
            ArgumentList = { $"--profile={ProfileDirectory}", $"--webui-port={Port}" },
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start qbittorrent-nox");
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        await WaitUntilAnsweringAsync(process);
    }

    /// <summary>Kills the process (as a crash or a stopped service would look); the profile stays.</summary>
    public async Task StopAsync()
    {
        if (_process is not { } process)
            return;
        _process = null;
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        process.Dispose();
    }

    public async Task DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(ProfileDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still being closed; the temp folder is cleaned eventually.
        }
    }

    private async Task WaitUntilAnsweringAsync(Process process)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
                throw new InvalidOperationException($"qbittorrent-nox exited with {process.ExitCode}: {Output()}");
            try
            {
                // Any answer (403 without a session) means the Web UI is up.
                using var response = await http.GetAsync(new Uri(BaseUrl, "api/v2/app/version"));
                return;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            await Task.Delay(50);
        }
        throw new TimeoutException($"qbittorrent-nox did not answer on {BaseUrl} within 30 s: {Output()}");
    }

    private void WriteConfig()
    {
        var config = Path.Combine(ProfileDirectory, "qBittorrent", "config");
        Directory.CreateDirectory(config);
        Directory.CreateDirectory(DataDirectory);
        var lines = new List<string>
        {
            // First, so it never waits for an answer on stdin.
            "[LegalNotice]", "Accepted=true", "",
            "[BitTorrent]",
            $"Session\\DefaultSavePath={DataDirectory}",
            "Session\\DHTEnabled=false", "Session\\LSDEnabled=false", "Session\\PeXEnabled=false",
            // Specs share this instance and leave running torrents behind; with queueing (3 active downloads by default)
            // a later spec's running torrent would sit in queuedDL, never stalledDL, depending on the specs before it.
            "Session\\QueueingSystemEnabled=false", "",
            "[Preferences]",
            "WebUI\\Address=127.0.0.1",
            $"WebUI\\Port={Port}",
            "Connection\\UPnP=false",
        };
        lines.AddRange(_extraPreferences);
        var file = Path.Combine(config, "qBittorrent.conf");
        // qBittorrent rewrites the file itself; only seed it once so a restart keeps its state.
        if (!File.Exists(file))
            File.WriteAllLines(file, lines);
    }

    private static string? FindBinary() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(dir => Path.Combine(dir, "qbittorrent-nox"))
            .FirstOrDefault(File.Exists);

    /// <summary>
    /// A free port below Linux's ephemeral range (32768 and up): the port stays this instance's across stops and starts,
    /// so it must not be one that the other servers (bound to port 0) or outgoing connections of a parallel test get
    /// handed meanwhile; a free ephemeral port was taken between the check and qBittorrent's bind on a loaded run.
    /// </summary>
    private static int FreePort()
    {
        while (true)
        {
            var port = Random.Shared.Next(20_000, 32_000);
            try
            {
                var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                listener.Stop();
                return port;
            }
            catch (SocketException)
            {
                // taken: try another
            }
        }
    }

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (_output)
            _output.AppendLine(line);
    }

    private string Output()
    {
        lock (_output)
            return _output.ToString();
    }
}

/// <summary>Shares one qbittorrent-nox between the spec classes that only read and add.</summary>
[CollectionDefinition(Name)]
public sealed class QBittorrentNoxCollection : ICollectionFixture<QBittorrentNox>
{
    public const string Name = "qbittorrent-nox";
}
