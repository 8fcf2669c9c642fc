using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MovieSync.Host.Home;

namespace MovieSync.Host.Hosting;

/// <summary>
/// Keeps `run`'s PostgreSQL writer lock (<see cref="JournalWriterLock"/>) alive: takes it again after its connection was
/// dropped, and stops the host when another process took the journal in between, so that it never has two writers.
/// </summary>
public sealed class JournalWriterLockWatch(JournalWriterLock writerLock, IHostApplicationLifetime lifetime, ILogger<JournalWriterLockWatch> logger)
    : BackgroundService
{
    public static readonly TimeSpan CheckEvery = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!writerLock.IsDatabaseLock)
            return;
        using var timer = new PeriodicTimer(CheckEvery);
        var previous = WriterLockCheck.Held;
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var check = await writerLock.CheckAsync(stoppingToken);
            switch (check)
            {
                case WriterLockCheck.TakenAgain:
                    logger.LogWarning("The journal's server dropped the connection holding this host's writer lock; the lock is held again");
                    break;
                case WriterLockCheck.Unreachable when previous != WriterLockCheck.Unreachable:
                    logger.LogWarning("The journal's server cannot be reached to keep this host's writer lock; trying again every {Seconds} s",
                        CheckEvery.TotalSeconds);
                    break;
                case WriterLockCheck.Lost:
                    logger.LogCritical("❌ This host lost its writer lock: {Reason}. Stopping, so that the journal never has two writers",
                        writerLock.LostBecause);
                    lifetime.StopApplication();
                    return;
            }

            previous = check;
        }
    }
}
