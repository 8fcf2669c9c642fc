using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MovieSync.Actors.FileList;
using MovieSync.Clients.FileList;
using MovieSync.Configuration;
using MovieSync.Host.Home;
using MovieSync.Messages;

namespace MovieSync.Host.Hosting;

/// <summary>
/// Watches config.json while `run` runs: a new <c>filelist.passkey</c> (or <c>base_url</c>) for the same username is
/// validated like at start and handed to the account actor, which lifts a credentials pause at once. A config.json that
/// no longer validates is logged and ignored (the running values stay); another username needs a restart (it is
/// another account, with its own journaled budget).
/// </summary>
public sealed class FileListCredentialsWatcher(
    HomeLayout home, MovieSyncOptions started, LiveFileListCredentials live, ActorRegistry registry, ILogger<FileListCredentialsWatcher> logger)
    : IHostedService, IDisposable
{
    /// <summary>Editors write a file in several steps: read it once they are done.</summary>
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(300);

    private FileSystemWatcher? _watcher;
    private Timer? _settle;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!started.FileList.HasCredentials)
            return Task.CompletedTask; // nothing to reload: FileList credentials added later need a restart
        _settle = new Timer(_ => Reload());
        _watcher = new FileSystemWatcher(home.Path, ConfigLoader.FileName)
        {
            NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size | NotifyFilters.CreationTime,
        };
        _watcher.Changed += (_, _) => _settle.Change(Settle, Timeout.InfiniteTimeSpan);
        _watcher.Created += (_, _) => _settle.Change(Settle, Timeout.InfiniteTimeSpan);
        _watcher.Renamed += (_, _) => _settle.Change(Settle, Timeout.InfiniteTimeSpan);
        _watcher.EnableRaisingEvents = true;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _watcher?.Dispose();
        _settle?.Dispose();
    }

    /// <summary>Reads config.json again; hands changed FileList credentials of the same username to the account.</summary>
    public void Reload()
    {
        MovieSyncOptions changed;
        try
        {
            changed = home.LoadOptions();
        }
        catch (Exception e) when (e is ConfigurationException or IOException or UnauthorizedAccessException)
        {
            logger.LogWarning("config.json changed but is not valid, so the change is ignored and the running settings stay: {Error}", e.Message);
            return;
        }

        var configured = new FileListAccount(started.FileList.BaseUrl, started.FileList.Username!, started.FileList.Passkey!);
        var fileList = changed.FileList;
        if (!fileList.HasCredentials)
        {
            logger.LogWarning("config.json changed and has no FileList credentials now; the running ones stay until a restart");
            return;
        }

        if (fileList.Username != configured.Username)
        {
            logger.LogWarning("config.json names another FileList username ({User}): another account takes a restart of run", fileList.Username);
            return;
        }

        if (!live.Update(configured, new FileListAccount(fileList.BaseUrl, fileList.Username!, fileList.Passkey!)))
            return;
        logger.LogInformation("config.json has new FileList credentials for {User}: the account uses them from now on", fileList.Username);
        if (registry.TryGet<FileListAccountActor>(out var account))
            account.Tell(FileListCommands.ReloadFileListCredentials.Instance, ActorRefs.NoSender);
    }
}
