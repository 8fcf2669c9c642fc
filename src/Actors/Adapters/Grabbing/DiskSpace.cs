using System.Globalization;
using Microsoft.Extensions.Logging;
using MovieSync.Actors.Movies;
using MovieSync.Messages;

namespace MovieSync.Actors.Adapters.Grabbing;

/// <summary>
/// Whether there is room for one more torrent: the free space of the save path's file system (<c>disk.min_free_gb</c>)
/// and what MovieSync's unfinished torrents hold (<c>disk.budget_gb</c>). A film held back waits (a deferral, never a
/// failure) and looks again after <see cref="DiskLimits.Recheck"/>. Each change of what holds films back is logged once.
/// </summary>
/// <param name="savePath"><c>qbittorrent.save_path</c>: measured when it exists on this machine, else <paramref name="downloadDirectory"/>.</param>
/// <param name="unfinishedBytes">The size of MovieSync's torrents that qBittorrent has not completed, asked afresh each time.</param>
public sealed class DiskSpace(DiskLimits limits, string? savePath, string downloadDirectory, IFreeSpaceProbe probe,
    Func<CancellationToken, Task<long>> unfinishedBytes, Akka.Actor.ITimeProvider clock, ILogger logger) : IDisposable
{
    private const string FreeSpaceHold = "free space";
    private const string BudgetHold = "budget";

    // Between "this torrent fits" and "it is in qBittorrent" one film at a time: two at once would both fit.
    private readonly SemaphoreSlim _budgetGate = new(1, 1);
    private readonly Lock _gate = new();
    private readonly HashSet<string> _holding = new(StringComparer.Ordinal);

    // What the torrent chosen for a film needed when it did not fit: until that much is free in the budget, looking
    // again costs no FileList search. Kept in memory only; after a restart one search finds it out again.
    private readonly Dictionary<string, long> _needs = new(StringComparer.Ordinal);

    /// <summary>The directory whose file system is measured.</summary>
    public string Directory => savePath is { Length: > 0 } path && System.IO.Directory.Exists(path) ? path : downloadDirectory;

    /// <summary>Null when the file system has at least <c>disk.min_free_gb</c> free (or no minimum is set); else the wait.</summary>
    public GrabOutcome.Deferred? CheckFreeSpace()
    {
        if (limits.MinFreeGb <= 0)
            return null;
        var directory = Directory;
        long free;
        try
        {
            free = probe.FreeBytes(directory);
        }
        catch (IOException e)
        {
            if (Holds(FreeSpaceHold))
                logger.LogWarning("💾 Cannot read the free space of {Directory} ({Error}): no torrent is added until it can be read",
                    directory, e.Message);
            return Wait($"disk: {e.Message}");
        }

        if (free >= limits.MinFreeBytes)
        {
            if (Releases(FreeSpaceHold))
                logger.LogInformation("💾 {Free} GB free on {Directory} again: torrents are added again", Gb(free), directory);
            return null;
        }

        if (Holds(FreeSpaceHold))
            logger.LogWarning("💾 Only {Free} GB free on {Directory}, disk.min_free_gb is {Required} GB: no torrent is added until there is room " +
            "(looked at again every {Recheck})", Gb(free), directory, Gb(limits.MinFreeGb), ReadableDuration.Of(limits.Recheck));
        return Wait($"disk: {Gb(free)} GB free, {Gb(limits.MinFreeGb)} GB required");
    }

    /// <summary>
    /// Null when the unfinished torrents leave some of <c>disk.budget_gb</c> (or no budget is set), and room for what
    /// <paramref name="film"/>'s torrent needed when it last did not fit; else the wait.
    /// </summary>
    public async Task<GrabOutcome.Deferred?> CheckBudgetAsync(string film, CancellationToken cancellationToken)
    {
        if (limits.BudgetBytes is not { } budget)
            return null;
        var held = await unfinishedBytes(cancellationToken);
        if (held < budget)
        {
            if (Releases(BudgetHold))
                logger.LogInformation("💾 Unfinished torrents hold {Held} GB of the {Budget} GB disk budget: torrents are added again",
                    Gb(held), Gb(limits.BudgetGb!.Value));
            return NeededBefore(film) is { } needed && held + needed > budget ? Wait($"{BudgetReason(held)}, this one needs {Gb(needed)} GB") : null;
        }

        if (Holds(BudgetHold))
            logger.LogInformation("💾 Unfinished torrents hold {Held} GB of the {Budget} GB disk budget (disk.budget_gb): no torrent is added until one completes",
            Gb(held), Gb(limits.BudgetGb!.Value));
        return Wait(BudgetReason(held));
    }

    /// <summary>
    /// Whether a torrent of <paramref name="size"/> bytes fits the budget beside the unfinished ones; on success the
    /// claim keeps other films from the same room until it is disposed (after the add). Without a budget: no claim, no wait.
    /// </summary>
    public async Task<(IDisposable? Claim, GrabOutcome.Deferred? Wait)> ClaimAsync(string film, long size, CancellationToken cancellationToken)
    {
        if (limits.BudgetBytes is null)
            return (null, null);
        await _budgetGate.WaitAsync(cancellationToken);
        var claim = new BudgetClaim(this);
        try
        {
            var held = await unfinishedBytes(cancellationToken);
            claim.Held = held;
            if (Fits(claim, film, size) is { } wait)
            {
                claim.Dispose();
                return (null, wait);
            }

            return (claim, null);
        }
        catch
        {
            claim.Dispose();
            throw;
        }
    }

    /// <summary>Checks a claimed film again with the size its .torrent gives (FileList's listing may round).</summary>
    public GrabOutcome.Deferred? Fits(IDisposable? claim, string film, long size)
    {
        if (claim is not BudgetClaim { Held: var held } || limits.BudgetBytes is not { } budget)
            return null;
        var hold = $"{BudgetHold} of {film}";
        if (held + size <= budget)
        {
            lock (_gate)
                _needs.Remove(film);
            if (Releases(hold))
                logger.LogInformation("💾 {Film} fits the disk budget now", film);
            return null;
        }

        lock (_gate)
            _needs[film] = size;
        if (Holds(hold))
            logger.LogInformation("💾 {Film} waits: it needs {Size} GB and unfinished torrents hold {Held} GB of the {Budget} GB disk budget",
            film, Gb(size), Gb(held), Gb(limits.BudgetGb!.Value));
        return Wait($"{BudgetReason(held)}, this one needs {Gb(size)} GB");
    }

    public void Dispose() => _budgetGate.Dispose();

    private long? NeededBefore(string film)
    {
        lock (_gate)
            return _needs.TryGetValue(film, out var needed) ? needed : null;
    }

    private string BudgetReason(long held) => $"disk budget: {Gb(held)} GB of {Gb(limits.BudgetGb!.Value)} GB held by unfinished torrents";

    private GrabOutcome.Deferred Wait(string reason) => new(reason, clock.Now + limits.Recheck);

    /// <summary>True when <paramref name="what"/> starts holding films back now (so it is logged once).</summary>
    private bool Holds(string what)
    {
        lock (_gate)
            return _holding.Add(what);
    }

    /// <summary>True when <paramref name="what"/> held films back until now.</summary>
    private bool Releases(string what)
    {
        lock (_gate)
            return _holding.Remove(what);
    }

    /// <summary>Gigabytes (2^30 bytes) as the reasons show them: one decimal, more below 1 GB.</summary>
    private static string Gb(long bytes) => Gb(bytes / (double)(1L << 30));

    private static string Gb(double gigabytes) =>
        gigabytes.ToString(gigabytes >= 1 || gigabytes == 0 ? "0.#" : "0.0##", CultureInfo.InvariantCulture);

    private sealed class BudgetClaim(DiskSpace owner) : IDisposable
    {
        private int _released;

        public long Held { get; set; }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
                owner._budgetGate.Release();
        }
    }
}
