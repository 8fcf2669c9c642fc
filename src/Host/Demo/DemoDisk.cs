using System.Text.Json.Nodes;
using MovieSync.Configuration;

namespace MovieSync.Host.Demo;

/// <summary>
/// The demo's disk-space scene: with the simulated client (whose downloads finish), a small <c>disk.budget_gb</c> holds
/// a film back ("disk budget: ...") until an earlier download completes, and it is grabbed then. A real qbittorrent-nox
/// finishes nothing offline, so there the budget is left out. Free space is never checked in the demo: it must not
/// depend on the machine's disk.
/// </summary>
internal static class DemoDisk
{
    /// <summary>
    /// Below the 62.7 GB of the demo's six torrents, all asked for within a second or two and none finished in under 13 s:
    /// one or two of them wait for the first download to complete.
    /// </summary>
    public const double BudgetGb = 55;

    /// <summary>How soon a held-back film looks again (5 minutes in a real run).</summary>
    public static readonly TimeSpan Recheck = TimeSpan.FromSeconds(5);

    public static JsonObject Section(bool withBudget) => withBudget
        ? new JsonObject { ["min_free_gb"] = 0, ["budget_gb"] = BudgetGb }
        : new JsonObject { ["min_free_gb"] = 0 };

    public static MovieSyncOptions Tuned(MovieSyncOptions options) => options with { Disk = options.Disk with { Recheck = Recheck } };

    public static string Banner =>
        $"   Disk budget: {BudgetGb} GB (disk.budget_gb) for unfinished downloads: a film that does not fit waits until one completes";
}
