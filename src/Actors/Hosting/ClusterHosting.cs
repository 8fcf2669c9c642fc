using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Hosting;
using Akka.Cluster.Hosting.SBR;
using Akka.Hosting;
using Akka.Remote.Hosting;
using Akka.Remote.Transport.DotNetty;
using MovieSync.Actors.FileList;
using MovieSync.Actors.Movies;
using MovieSync.Actors.Watchlist;
using MovieSync.Configuration;
using AkkaClusterOptions = Akka.Cluster.Hosting.ClusterOptions;
using ClusterOptions = MovieSync.Configuration.ClusterOptions;

namespace MovieSync.Actors.Hosting;

/// <summary>
/// A node of a MovieSync cluster (config.json's <c>cluster</c> section): Akka.Remote (mutual TLS when a certificate is
/// given) and Akka.Cluster with a keep-majority split-brain resolver on the coordinator role. On the coordinator node
/// the broker, the movies, their statistics and the watchlist run as cluster singletons; every node that serves
/// FileList accounts registers them with the broker through its singleton proxy.
/// </summary>
public static class ClusterHosting
{
    /// <summary>The actor system's name: part of every node's address, so seed nodes are <c>akka.tcp://moviesync@host:port</c> (<c>akka.ssl.tcp</c> over TLS).</summary>
    public const string SystemName = "moviesync";

    /// <summary>The coordinator's singletons run on the oldest node with this role (there is one).</summary>
    private static ClusterSingletonOptions OnCoordinator => new()
    {
        Role = ClusterOptions.CoordinatorRole,
        // Account nodes ask for the broker before the coordinator is up: that is expected, not worth a warning.
        LogSingletonIdentificationFailure = false,
    };

    /// <summary>Remoting and clustering as <paramref name="cluster"/> says.</summary>
    public static AkkaConfigurationBuilder AddMovieSyncCluster(this AkkaConfigurationBuilder builder, ClusterOptions cluster)
    {
        var (host, port) = ListenAddress.Parse(cluster.Listen) ?? throw new ArgumentException($"cluster.listen {cluster.Listen} is not host:port");
        var bind = host is "*" ? "0.0.0.0" : host;
        var remote = new RemoteOptions
        {
            HostName = bind,
            Port = port,
            PublicHostName = cluster.PublicHostname ?? bind,
        };
        if (cluster.TlsCertificate is { } path)
        {
            var certificate = CertificateFile.Open(path, cluster.TlsPassword, "cluster.tls.certificate", "cluster.tls.password").Certificate;
            remote.EnableSsl = true;
            remote.Ssl = new SslOptions
            {
                X509Certificate = certificate,
                RequireMutualAuthentication = true,
                // Every node presents the cluster's one certificate, and a peer is accepted only when it presents that
                // same certificate: holding its private key is what makes a machine a node of this cluster.
                ValidateCertificateHostname = false,
                CustomValidator = CertificateValidation.PinnedCertificate(certificate.Thumbprint),
            };
        }

        return builder
            .WithRemoting(remote)
            .WithClustering(new AkkaClusterOptions
            {
                Roles = cluster.Roles.ToArray(),
                SeedNodes = cluster.SeedNodes.Select(seed => SeedAddress(seed, tls: cluster.TlsCertificate is not null)).ToArray(),
                // One coordinator node: the side of a partition that keeps it stays up, the other downs itself.
                SplitBrainResolver = new KeepMajorityOption { Role = ClusterOptions.CoordinatorRole },
            });
    }

    /// <summary>A seed node's Akka address: over TLS the protocol is <c>akka.ssl.tcp</c>, and every node of a cluster must agree.</summary>
    public static string SeedAddress(string hostPort, bool tls) => $"{(tls ? "akka.ssl.tcp" : "akka.tcp")}://{SystemName}@{hostPort}";

    /// <summary>The coordinator's part: the broker, the movies, their statistics and the watchlist, each a singleton.</summary>
    public static AkkaConfigurationBuilder AddCoordinatorSingletons(this AkkaConfigurationBuilder builder, MovieSyncOptions options,
        Clients.Letterboxd.LetterboxdClientOptions? letterboxdClient = null)
    {
        var broker = FileListHosting.BrokerProps(SettingsFromOptions.FileListAccounts(options), inCluster: true);
        var movies = SettingsFromOptions.Movies(options);
        var grabber = MoviesHosting.TorrentGrabber(options, throughBroker: true);
        var watchlist = SettingsFromOptions.Watchlist(options);
        var letterboxd = letterboxdClient ?? SettingsFromOptions.Letterboxd(options);
        if (movies.Trash is { } trash)
            builder.WithSingleton<TrashActor>(TrashActor.Name, (_, _, _) => TrashActor.Props(trash), OnCoordinator);
        return builder
            .WithSingleton<FileListBroker>(FileListBroker.Name, broker, OnCoordinator)
            .WithSingleton<MovieCoordinator>(MovieCoordinator.Name, (system, registry, resolver) =>
                MoviesHosting.CoordinatorProps(system, registry, resolver, movies, grabber), OnCoordinator)
            .WithSingleton<StatisticsReporter>(MoviesHosting.StatisticsName, (_, registry, _) =>
                StatisticsReporter.Props(registry.Get<MovieCoordinator>(), MoviesHosting.StatisticsPeriod), OnCoordinator)
            .WithSingleton<WatchlistActor>(WatchlistActor.Name, (_, registry, resolver) =>
                WatchlistHosting.Props(watchlist, letterboxd, resolver, registry.Get<MovieCoordinator>()), OnCoordinator)
            .AddDownloadWindowSingleton(options);
    }

    /// <summary>The download window actor on the coordinator (it switches and limits the torrents the coordinator adds).</summary>
    private static AkkaConfigurationBuilder AddDownloadWindowSingleton(this AkkaConfigurationBuilder builder, MovieSyncOptions options) =>
        builder.WithSingleton<Schedule.DownloadWindowActor>(Schedule.DownloadWindowActor.Name,
            (_, _, resolver) => DownloadWindowHosting.Props(options, resolver), OnCoordinator);

    /// <summary>
    /// Everything a `run` with a <c>cluster</c> section starts: the cluster, then the coordinator's singletons (or the
    /// broker's proxy on a node without that role), then this node's FileList accounts.
    /// </summary>
    public static AkkaConfigurationBuilder AddMovieSyncClusterNode(this AkkaConfigurationBuilder builder, MovieSyncOptions options,
        Clients.Letterboxd.LetterboxdClientOptions? letterboxd = null)
    {
        var cluster = options.Cluster ?? throw new ArgumentException("config.json has no cluster section", nameof(options));
        builder.AddMovieSyncCluster(cluster);
        if (cluster.IsCoordinator)
            builder.AddCoordinatorSingletons(options, letterboxd);
        else
            builder.AddBrokerProxy();
        return cluster.ServesAccounts ? builder.AddClusterFileListAccounts(options) : builder;
    }

    /// <summary>A node without the coordinator role reaches the broker through its proxy.</summary>
    public static AkkaConfigurationBuilder AddBrokerProxy(this AkkaConfigurationBuilder builder) =>
        builder.WithSingletonProxy<FileListBroker>(FileListBroker.Name, OnCoordinator);

    /// <summary>
    /// This node's FileList accounts (an actor each, journaled budget and all) and the registrar that keeps them
    /// registered with the coordinator's broker; add the broker (singleton or proxy) first.
    /// </summary>
    public static AkkaConfigurationBuilder AddClusterFileListAccounts(this AkkaConfigurationBuilder builder, MovieSyncOptions options) =>
        builder.WithActors((system, registry, resolver) =>
        {
            var accounts = FileListHosting.StartAccounts(system, registry, resolver, SettingsFromOptions.FileListAccounts(options))
                .ToDictionary(a => a.Username, a => a.Actor, StringComparer.Ordinal);
            var registrar = system.ActorOf(FileListAccountRegistrar.Props(registry.Get<FileListBroker>(), accounts, NodeName(system)),
                FileListAccountRegistrar.Name);
            registry.Register<FileListAccountRegistrar>(registrar);
        });

    /// <summary>How a node is named in the accounts table: the address the other nodes reach it at.</summary>
    public static string NodeName(ActorSystem system) =>
        Cluster.Get(system).SelfAddress is { Host: { } host, Port: { } port } ? $"{host}:{port}" : "local";
}
