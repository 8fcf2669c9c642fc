using System.Diagnostics;
using System.Text.Json.Nodes;
using MovieSync.Simulators.Letterboxd;
using MovieSync.Tests.Configuration;
using MovieSync.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace MovieSync.Tests.Host;

/// <summary>
/// Real `run` processes whose cluster traffic is mutual TLS with the cluster's certificate: a node presenting another
/// certificate never joins, and a node the cluster downs (here: frozen with SIGSTOP past the split-brain resolver's
/// 20 s) exits non-zero so that a service manager starts it again.
/// </summary>
public sealed class ClusterTlsSpecs(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Password = "cluster-pfx-pass";
    private readonly List<FakeFilm> _films = FakeFilm.Generated(6).ToList();
    private readonly ClusterNodes _nodes = new(output);
    private readonly string _certificates = Directory.CreateTempSubdirectory("moviesync-cluster-tls-").FullName;
    private FakeServices _services = null!;
    private string _clusterPfx = null!;

    public async Task InitializeAsync()
    {
        using (var certificate = SelfSignedCertificate.Create())
            _clusterPfx = SelfSignedCertificate.WritePfx(certificate, Path.Combine(_certificates, "cluster.pfx"), Password);
        _services = await FakeServices.StartAsync(_films, listed: _films, configure: config =>
        {
            config["filelist"] = new JsonObject { ["base_url"] = config["filelist"]!["base_url"]!.GetValue<string>() };
            config["cluster"] = _nodes.Cluster(_nodes.CoordinatorPort, "coordinator", _clusterPfx, Password);
        });
    }

    public async Task DisposeAsync()
    {
        _nodes.Dispose();
        await _services.DisposeAsync();
        Directory.Delete(_certificates, recursive: true);
    }

    [Fact]
    public async Task Nodes_with_the_cluster_certificate_work_together_another_certificate_is_kept_out_and_a_downed_node_exits_non_zero()
    {
        string impostorPfx;
        using (var other = SelfSignedCertificate.Create())
            impostorPfx = SelfSignedCertificate.WritePfx(other, Path.Combine(_certificates, "other.pfx"), Password);
        var coordinator = _nodes.Start("coordinator", _services.Run(letterboxdDelayMs: 0));
        var node = _nodes.Start("account node", ["run", "--home", _nodes.AccountHome(_services.FileList.BaseUrl, _services.FileList.Username, _services.FileList.Passkey, out _, _clusterPfx, Password).Path]);
        var impostor = _nodes.Start("impostor", ["run", "--home", _nodes.AccountHome(_services.FileList.BaseUrl, "impostor", new string('c', 32), out _, impostorPfx, Password).Path]);

        // Over mutual TLS with the cluster's certificate, the account node serves every film.
        await _services.WaitUntil(() => _services.QBittorrent.TorrentCount == _films.Count, coordinator);
        Assert.Equal(_films.Count, _services.FileList.DownloadsBy(_services.FileList.Username));
        var accounts = ClusterNodes.Accounts(_services.Home);
        Assert.Equal([_services.FileList.Username], accounts.Keys);
        Assert.DoesNotContain("impostor", coordinator.Output);
        // Its TLS handshake refused, the node with another certificate stops, naming the key, and exits non-zero.
        Assert.Equal(1, impostor.WaitForExit(TimeSpan.FromSeconds(60)));
        Assert.Contains("cluster.tls.certificate", impostor.Output);

        // Frozen past the split-brain resolver's decision, the node is downed; resumed, it learns it and exits 1.
        Signal("STOP", node.Id);
        try
        {
            await _services.WaitUntil(() => coordinator.Output.Contains("Leader is removing", StringComparison.Ordinal), coordinator, seconds: 90);
        }
        finally
        {
            Signal("CONT", node.Id);
        }

        Assert.Equal(1, node.WaitForExit(TimeSpan.FromSeconds(60)));
        Assert.Contains("the cluster removed this node", node.Output);
        Assert.Equal("unreachable", ClusterNodes.Accounts(_services.Home)[_services.FileList.Username].GetProperty("state").GetString());
        Assert.DoesNotContain(Password, coordinator.Output + node.Output);
    }

    private static void Signal(string signal, int pid) => Process.Start("kill", [$"-{signal}", pid.ToString()])!.WaitForExit();
}
