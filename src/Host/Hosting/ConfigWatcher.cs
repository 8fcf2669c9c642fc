using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MovieSync.Configuration;
using MovieSync.Host.Home;

namespace MovieSync.Host.Hosting;

/// <summary>A part of the running host that takes up an edit of config.json without a restart.</summary>
public interface IConfigPart
{
    /// <summary>config.json validated again as <paramref name="now"/>: takes up what changed for this part, ignores the rest.</summary>
    void Apply(MovieSyncOptions now);
}

/// <summary>
/// Watches config.json while `run` runs and hands each valid edit to every <see cref="IConfigPart"/> (FileList
/// credentials, the download window and limit), each taking up what is its own. An edit that does not validate is
/// logged with the problem (naming the key) and changes nothing anywhere: the running values stay.
/// </summary>
public sealed class ConfigWatcher(HomeLayout home, IEnumerable<IConfigPart> parts, ILogger<ConfigWatcher> logger)
    : IHostedService, IDisposable
{
    /// <summary>Editors write a file in several steps: read it once they are done.</summary>
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(300);

    private readonly IReadOnlyList<IConfigPart> _parts = parts.ToList();
    private readonly Lock _reloading = new();
    private FileSystemWatcher? _watcher;
    private Timer? _settle;

    public Task StartAsync(CancellationToken cancellationToken)
    {
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

    /// <summary>Reads config.json again and hands it to every part (one reload at a time, so parts see edits in order).</summary>
    public void Reload()
    {
        lock (_reloading)
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

            foreach (var part in _parts)
            {
                try
                {
                    part.Apply(changed);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    logger.LogError(e, "config.json changed, but {Part} could not take up the change", part.GetType().Name);
                }
            }
        }
    }
}
