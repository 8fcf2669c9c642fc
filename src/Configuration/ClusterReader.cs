using Microsoft.Extensions.Configuration;

namespace MovieSync.Configuration;

/// <summary>Reads <c>cluster</c>: where this node listens, its seed nodes, its roles and the mutual TLS certificate.</summary>
internal static class ClusterReader
{
    /// <summary>The <c>cluster</c> section, or null when config.json has none (one process, no remoting).</summary>
    public static ClusterOptions? Read(ConfigValues values)
    {
        if (!values.Root.GetSection("cluster").GetChildren().Any())
            return null;
        var problems = values.Problems;
        var defaults = new ClusterOptions();
        var listen = values.Checked("cluster:listen") ?? defaults.Listen;
        var (listenHost, listenPort) = ListenAddress.Parse(listen) ?? ("127.0.0.1", 4053);
        var publicHostname = values.Text("cluster:public_hostname");
        if (publicHostname is not null && ListenAddress.ParseRemote($"{publicHostname}:1") is null)
            problems.Add($"{values.Name("cluster:public_hostname")}: {ConfigValues.Quote(publicHostname)} is not a host name or IP address");
        var anyAddress = listenHost is "0.0.0.0" or "*" or "::";
        if (anyAddress && publicHostname is null)
            problems.Add($"{values.Name("cluster:public_hostname")}: required when cluster.listen is {listen}: the name or IP address the " +
                         "other nodes reach this one at (as their seed_nodes name it)");
        var seeds = values.List("cluster:seed_nodes", [$"{publicHostname ?? listenHost}:{listenPort}"], s => s);
        foreach (var seed in seeds.Where(s => ListenAddress.ParseRemote(s) is null))
            problems.Add($"{values.Name("cluster:seed_nodes")}: {ConfigValues.Quote(seed)} is not host:port with a port from 1, such as 192.168.1.10:4053 " +
                         "or coordinator.lan:4053");
        if (seeds.Count == 0)
            problems.Add($"{values.Name("cluster:seed_nodes")}: needs at least one host:port, the coordinator's cluster.listen first");
        var roles = values.List("cluster:roles", defaults.Roles, s => s.ToLowerInvariant());
        foreach (var role in roles.Where(r => !ClusterOptions.KnownRoles.Contains(r)))
            problems.Add($"{values.Name("cluster:roles")}: unknown role {ConfigValues.Quote(role)} (accepted: {string.Join(", ", ClusterOptions.KnownRoles)})");
        if (roles.Count == 0)
            problems.Add($"{values.Name("cluster:roles")}: needs at least one role: {string.Join(", ", ClusterOptions.KnownRoles)}");
        var certificate = values.Text("cluster:tls:certificate");
        var password = values.Text("cluster:tls:password");
        if (ListenAddress.Parse(listen) is var (host, _) && !ListenAddress.IsLoopback(host) && certificate is null)
            problems.Add($"{values.Name("cluster:tls:certificate")}: required because cluster.listen {listen} is reachable from other machines: " +
                         "nodes exchange FileList searches and .torrent files, so they must authenticate each other (mutual TLS); " +
                         "give every node the same PKCS#12 (.pfx) file (the README shows how to make one), or listen on 127.0.0.1");
        if (certificate is not null)
        {
            try
            {
                CertificateFile.Open(certificate, password, "cluster.tls.certificate", "cluster.tls.password").Dispose();
            }
            catch (ConfigurationException e)
            {
                problems.AddRange(e.Problems);
            }
        }
        else if (password is not null)
            problems.Add($"{values.Name("cluster:tls:password")}: set, but cluster.tls.certificate (the .pfx file it opens) is not");

        return new ClusterOptions
        {
            Listen = listen,
            PublicHostname = publicHostname,
            SeedNodes = seeds,
            Roles = roles.Distinct().ToList(),
            TlsCertificate = certificate,
            TlsPassword = password,
        };
    }
}
