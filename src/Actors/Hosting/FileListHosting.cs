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
    /// Starts an actor per FileList account this node serves, registered as <see cref="FileListAccountActor"/> (the
    /// grabber asks it); with no account nothing is registered and attempts wait for credentials.
    /// </summary>
    public static AkkaConfigurationBuilder AddFileListAccounts(this AkkaConfigurationBuilder builder,
        IReadOnlyList<FileListAccountSettings> accounts) =>
        builder.WithActors((system, registry, resolver) =>
        {
            var loggers = resolver.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance;
            // The host keeps config.json's current credentials here; the actor reads them again when told to.
            var live = resolver.GetService<LiveFileListCredentials>();
            foreach (var account in accounts.Take(1)) // one account until the accounts broker arrives
            {
                var settings = live is null ? account : account with { ReadCredentials = () => live.For(account.Account) };
                registry.Register<FileListAccountActor>(StartAccount(system, settings, loggers));
            }
        });

    /// <summary>
    /// One account's actor, named <see cref="FileListAccountActor.Name"/>, started again whenever it stops
    /// (<see cref="Supervision"/>). Requests sent while it is down are answered by no one: the grabber defers those films.
    /// </summary>
    public static IActorRef StartAccount(ActorSystem system, FileListAccountSettings settings, ILoggerFactory loggers)
    {
        // One connection pool for the account's lifetime; the client applies its own per-request timeout.
        var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(10) });
        var clientLogger = loggers.CreateLogger<FileListClient>();
        if (settings.Account.SendsCredentialsInClear)
            clientLogger.LogWarning("filelist.base_url {BaseUrl} is plain http to another machine: the passkey and every search cross " +
                                    "the network unencrypted; use https://filelist.io", settings.Account.BaseUrl);
        var accountProps = FileListAccountActor.Props(settings, a => new FileListClient(http, a, logger: clientLogger));
        return system.ActorOf(Supervision.RestartedWhenStopped(accountProps, "account"), FileListAccountActor.Name);
    }
}
