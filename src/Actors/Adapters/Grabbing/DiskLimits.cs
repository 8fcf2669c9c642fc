using MovieSync.Configuration;

namespace MovieSync.Actors.Adapters.Grabbing;

/// <summary>
/// <c>disk.min_free_gb</c> (0: no check) and <c>disk.budget_gb</c> (null: none), and how soon a film they hold back
/// looks again.
/// </summary>
public sealed record DiskLimits(double MinFreeGb, double? BudgetGb)
{
    public static DiskLimits None { get; } = new(0, null);

    public TimeSpan Recheck { get; init; } = TimeSpan.FromMinutes(5);

    public long MinFreeBytes => DiskOptions.Bytes(MinFreeGb);

    public long? BudgetBytes => BudgetGb is { } budget ? DiskOptions.Bytes(budget) : null;

    public static DiskLimits From(DiskOptions disk) => new(disk.MinFreeGb, disk.BudgetGb) { Recheck = disk.Recheck };
}
