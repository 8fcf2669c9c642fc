using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit;
using Xunit.Abstractions;

namespace MovieSync.Tests.Support;

/// <summary>
/// The `run` processes of a cluster spec, each with its own home on loopback: their config's <c>cluster</c> section,
/// account-node homes, the coordinator's <c>accounts</c>, and every node's output written to the spec's output at the end.
/// </summary>
public sealed class ClusterNodes(ITestOutputHelper output) : IDisposable
{
    private readonly List<IDisposable> _owned = [];
    private readonly List<(string Name, MovieSyncProcess Process)> _processes = [];

    /// <summary>The coordinator's cluster port: every node's seed.</summary>
    public int CoordinatorPort { get; } = FreePort();

    public MovieSyncProcess Start(string name, string[] args)
    {
        var process = MovieSyncProcess.Start(args);
        _owned.Add(process);
        _processes.Add((name, process));
        return process;
    }

    /// <summary>A config.json <c>cluster</c> section listening on loopback at <paramref name="listen"/>, seeded by the coordinator.</summary>
    public JsonObject Cluster(int listen, string role, string? certificate = null, string? password = null)
    {
        var cluster = new JsonObject
        {
            ["listen"] = $"127.0.0.1:{listen}",
            ["seed_nodes"] = new JsonArray($"127.0.0.1:{CoordinatorPort}"),
            ["roles"] = new JsonArray(role),
        };
        if (certificate is not null)
            cluster["tls"] = new JsonObject { ["certificate"] = certificate, ["password"] = password };
        return cluster;
    }

    /// <summary>A home that serves one FileList account and nothing else: only the cluster and filelist keys.</summary>
    public TestHome AccountHome(Uri fileList, string username, string passkey, out int port, string? certificate = null, string? password = null)
    {
        var listen = FreePort();
        port = listen;
        var home = new TestHome(config =>
        {
            foreach (var key in config.Select(k => k.Key).ToList())
                config.Remove(key);
            config["filelist"] = new JsonObject
            {
                ["base_url"] = fileList.ToString(),
                ["accounts"] = new JsonArray(new JsonObject { ["username"] = username, ["passkey"] = passkey, ["requests_per_hour"] = 1000 }),
            };
            config["cluster"] = Cluster(listen, "filelist-account", certificate, password);
        });
        _owned.Add(home);
        return home;
    }

    /// <summary>`accounts --json` of the coordinator whose home is <paramref name="home"/>, by username.</summary>
    public static Dictionary<string, JsonElement> Accounts(TestHome home)
    {
        var (code, json) = MovieSyncProcess.Run(["accounts", "--json", "--home", home.Path]);
        Assert.True(code == 0, json);
        return JsonDocument.Parse(json).RootElement.EnumerateArray().ToDictionary(r => r.GetProperty("username").GetString()!, r => r.Clone());
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        foreach (var (name, process) in _processes)
            output.WriteLine($"===== {name} =====\n{process.Output}");
        foreach (var owned in _owned)
            owned.Dispose();
    }
}
