using MovieSync.Configuration;
using MovieSync.Tests.Support;
using Xunit;

namespace MovieSync.Tests.Configuration;

/// <summary>The <c>cluster</c> section: what a node does, where it listens, how it finds the others, and its certificate.</summary>
public sealed class ClusterConfigSpecs : IDisposable
{
    private const string Key = "0123456789abcdef0123456789abcdef";
    private const string Account = $$"""{ "accounts": [ { "username": "u1", "passkey": "{{Key}}" } ] }""";

    private readonly string _home = Directory.CreateTempSubdirectory("moviesync-config-").FullName;

    public void Dispose() => Directory.Delete(_home, recursive: true);

    private MovieSyncOptions Load(string json)
    {
        File.WriteAllText(Path.Combine(_home, "config.json"), json);
        return ConfigLoader.Load(_home, new Dictionary<string, string?>());
    }

    private string LoadFails(string json) => string.Join("\n", Assert.Throws<ConfigurationException>(() => Load(json)).Problems);

    [Fact]
    public void Without_a_cluster_section_there_is_one_process_and_it_is_the_coordinator()
    {
        var options = Load("""{ "username": "alice", "download_directory": "/d" }""");
        Assert.Null(options.Cluster);
        Assert.True(options.IsCoordinator);
    }

    [Fact]
    public void An_account_node_needs_only_cluster_filelist_and_journal()
    {
        var options = Load($$"""
            { "filelist": {{Account}},
              "cluster": { "listen": "127.0.0.1:4054", "seed_nodes": ["coordinator.lan:4053", "192.168.1.10:4053"], "roles": ["filelist-account"] },
              "journal": { "provider": "sqlite" } }
            """);

        var cluster = options.Cluster!;
        Assert.False(options.IsCoordinator);
        Assert.True(cluster.ServesAccounts);
        Assert.Equal(["coordinator.lan:4053", "192.168.1.10:4053"], cluster.SeedNodes);
        Assert.Equal("", options.Username);
    }

    [Fact]
    public void The_defaults_make_one_loopback_node_with_both_roles_that_is_its_own_seed()
    {
        var cluster = Load($$"""{ "username": "alice", "download_directory": "/d", "filelist": {{Account}}, "cluster": { "listen": "127.0.0.1:4060" } }""").Cluster!;
        Assert.Equal(["coordinator", "filelist-account"], cluster.Roles);
        Assert.Equal(["127.0.0.1:4060"], cluster.SeedNodes);
        Assert.Null(cluster.TlsCertificate);
    }

    [Fact]
    public void A_coordinator_still_needs_its_username_and_download_directory()
    {
        var problems = LoadFails("""{ "cluster": { "roles": ["coordinator"] } }""");
        Assert.Contains("username: required", problems);
        Assert.Contains("download_directory: required", problems);
    }

    [Fact]
    public void Listening_beyond_loopback_needs_the_cluster_certificate_and_a_public_hostname()
    {
        var problems = LoadFails($$"""{ "filelist": {{Account}}, "cluster": { "listen": "0.0.0.0:4053", "roles": ["filelist-account"] } }""");
        Assert.Contains("cluster.tls.certificate: required because cluster.listen 0.0.0.0:4053 is reachable from other machines", problems);
        Assert.Contains("cluster.public_hostname: required when cluster.listen is 0.0.0.0:4053", problems);
    }

    [Fact]
    public void The_certificate_is_opened_at_start_and_a_wrong_password_names_its_key()
    {
        using var certificate = SelfSignedCertificate.Create();
        var pfx = SelfSignedCertificate.WritePfx(certificate, Path.Combine(_home, "cluster.pfx"), "right");
        var node = $$"""{ "filelist": {{Account}}, "cluster": { "listen": "192.168.1.20:4053", "seed_nodes": ["192.168.1.10:4053"], "roles": ["filelist-account"], "tls": { "certificate": "{{pfx}}", "password": "%" } } }""";

        Assert.Equal(pfx, Load(node.Replace("%", "right")).Cluster!.TlsCertificate);
        Assert.Contains("cluster.tls.password: does not open", LoadFails(node.Replace("%", "wrong")));
        Assert.Contains("cluster.tls.certificate: /nowhere.pfx does not exist", LoadFails(node.Replace(pfx, "/nowhere.pfx")));
    }

    [Theory]
    [InlineData("""{ "roles": ["coordinater"] }""", "cluster.roles: unknown role \"coordinater\"")]
    [InlineData("""{ "roles": [] }""", "cluster.roles: needs at least one role")]
    [InlineData("""{ "seed_nodes": ["4053"] }""", "cluster.seed_nodes: \"4053\" is not host:port")]
    [InlineData("""{ "seed_nodes": ["coordinator.lan:0"] }""", "cluster.seed_nodes: \"coordinator.lan:0\" is not host:port")]
    [InlineData("""{ "tls": { "password": "x" } }""", "cluster.tls.password: set, but cluster.tls.certificate")]
    [InlineData("""{ "listen": "not an address" }""", "cluster.listen: expected host:port")]
    public void A_bad_value_is_named_by_its_key(string cluster, string problem) =>
        Assert.Contains(problem, LoadFails($$"""{ "username": "alice", "download_directory": "/d", "filelist": {{Account}}, "cluster": {{cluster}} }"""));

    [Fact]
    public void Accounts_on_a_node_that_does_not_serve_them_and_the_account_role_without_accounts_are_refused()
    {
        Assert.Contains("filelist.accounts: given, but cluster.roles has no \"filelist-account\"",
            LoadFails($$"""{ "username": "alice", "download_directory": "/d", "filelist": {{Account}}, "cluster": { "roles": ["coordinator"] } }"""));
        Assert.Contains("filelist.accounts: cluster.roles has \"filelist-account\" but no account is given",
            LoadFails("""{ "cluster": { "roles": ["filelist-account"] } }"""));
    }

    [Fact]
    public void The_tls_password_is_a_secret()
    {
        Assert.True(SecretMasking.IsSecret("cluster.tls.password"));
        Assert.DoesNotContain("hunter2", new ClusterOptions { TlsPassword = "hunter2" }.ToString());
    }
}
