using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MovieSync.Actors.FileList;
using MovieSync.Clients.FileList;

namespace MovieSync.Actors.Hosting;

public static class FileListHosting
{
    /// <summary>
    /// Starts the <see cref="FileListBroker"/> and an actor per FileList account this node serves, each registered with
    /// the broker; the first is also registered as <see cref="FileListAccountActor"/> (check-config, credentials reload).
    /// One account: the grabber asks it directly, as before the broker; several: the grabber asks the broker.
    /// </summary>
    public static AkkaConfigurationBuilder AddFileListAccounts(this AkkaConfigurationBuilder builder,
        IReadOnlyList<FileListAccountSettings> accounts) =>
        builder.WithActors((system, registry, resolver) =>
        {
            var broker = system.ActorOf(BrokerProps(accounts, inCluster: false), FileListBroker.Name);
            registry.Register<FileListBroker>(broker);
            foreach (var (username, actor) in StartAccounts(system, registry, resolver, accounts))
                broker.Tell(new FileListBroker.RegisterAccount(username, actor), ActorRefs.NoSender);
        });

    /// <summary>The broker, its timeouts those of the accounts (the defaults when this node serves none).</summary>
    public static Props BrokerProps(IReadOnlyList<FileListAccountSettings> accounts, bool inCluster)
    {
        var first = accounts.FirstOrDefault();
        return FileListBroker.Props(first?.TurnClaimTimeout ?? TimeSpan.FromMinutes(2), first?.ReservationTimeout ?? TimeSpan.FromMinutes(10),
            inCluster: inCluster);
    }

    /// <summary>
    /// An actor per account, each reading config.json's current credentials when told to; the first keeps the single
    /// account's name and registration (check-config, the credentials reload). By username, in config order.
    /// </summary>
    public static IReadOnlyList<(string Username, IActorRef Actor)> StartAccounts(ActorSystem system, IActorRegistry registry,
        Akka.DependencyInjection.IDependencyResolver resolver, IReadOnlyList<FileListAccountSettings> accounts)
    {
        var loggers = resolver.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance;
        // The host keeps config.json's current credentials here; the actor reads them again when told to.
        var live = resolver.GetService<LiveFileListCredentials>();
        var started = new List<(string, IActorRef)>();
        for (var i = 0; i < accounts.Count; i++)
        {
            var account = accounts[i];
            var settings = live is null
                ? account
                : account with
                {
                    ReadCredentials = () => live.For(account.Account),
                    ReadRequestsPerHour = () => live.RequestsPerHourOf(account.Account.Username, account.RequestsPerHour),
                };
            var actor = StartAccount(system, settings, loggers, i == 0 ? FileListAccountActor.Name : $"{FileListAccountActor.Name}-{i + 1}");
            if (i == 0)
                registry.Register<FileListAccountActor>(actor);
            started.Add((account.Account.Username, actor));
        }

        return started;
    }

    /// <summary>
    /// One account's actor, named <see cref="FileListAccountActor.Name"/>, started again whenever it stops
    /// (<see cref="Supervision"/>). Requests sent while it is down are answered by no one: the grabber defers those films.
    /// </summary>
    public static IActorRef StartAccount(ActorSystem system, FileListAccountSettings settings, ILoggerFactory loggers,
        string name = FileListAccountActor.Name)
    {
        // One connection pool for the account's lifetime; the client applies its own per-request timeout.
        var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(10) });
        var clientLogger = loggers.CreateLogger<FileListClient>();
        if (settings.Account.SendsCredentialsInClear)
            clientLogger.LogWarning("filelist.base_url {BaseUrl} is plain http to another machine: the passkey and every search cross " +
                                    "the network unencrypted; use https://filelist.io", settings.Account.BaseUrl);
        var accountProps = FileListAccountActor.Props(settings, a => new FileListClient(http, a, logger: clientLogger));
        return system.ActorOf(Supervision.RestartedWhenStopped(accountProps, "account"), name);
    }
}
