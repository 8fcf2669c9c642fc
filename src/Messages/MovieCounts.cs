namespace MovieSync.Messages;

/// <summary>
/// How many movies are in each state: the one count the coordinator's statistics, the journal's fold, `status`, the API
/// and the log all use. Forgotten movies are not counted.
/// </summary>
/// <param name="Waiting">
/// Movies held back by something that is not their fault (FileList budget, disk space, the download window): counted here
/// instead of as pending, failed or downloading. Only a running host knows them (<see cref="WithWaiting"/>); the journal alone
/// counts none.
/// </param>
public sealed record MovieCounts(int Pending, int Failed, int PermanentFailures, int Downloading, int Completed, int Skipped = 0,
    int Waiting = 0)
{
    public static MovieCounts Empty { get; } = new(0, 0, 0, 0, 0);

    public int Total => Pending + Failed + PermanentFailures + Downloading + Completed + Skipped + Waiting;

    public static MovieCounts Of(IEnumerable<MovieStatus> statuses) => statuses.Aggregate(Empty, (counts, s) => counts.Add(s));

    public MovieCounts Add(MovieStatus status) => status switch
    {
        MovieStatus.Pending => this with { Pending = Pending + 1 },
        MovieStatus.Failed => this with { Failed = Failed + 1 },
        MovieStatus.PermanentFailure => this with { PermanentFailures = PermanentFailures + 1 },
        MovieStatus.Downloading => this with { Downloading = Downloading + 1 },
        MovieStatus.Completed => this with { Completed = Completed + 1 },
        MovieStatus.Skipped => this with { Skipped = Skipped + 1 },
        _ => this,
    };

    /// <summary>The counts with the movies of <paramref name="statuses"/> (as the journal has them) counted as waiting instead.</summary>
    public MovieCounts WithWaiting(IEnumerable<MovieStatus> statuses) => statuses.Aggregate(this, (counts, s) => s switch
    {
        MovieStatus.Pending => counts with { Pending = counts.Pending - 1, Waiting = counts.Waiting + 1 },
        MovieStatus.Failed => counts with { Failed = counts.Failed - 1, Waiting = counts.Waiting + 1 },
        MovieStatus.Downloading => counts with { Downloading = counts.Downloading - 1, Waiting = counts.Waiting + 1 },
        _ => counts,
    });

    /// <summary>One line for the log and the console: "3 pending, 1 downloading, 2 failed, 5 completed, 0 permanent failures".</summary>
    public override string ToString() =>
        $"{Pending} pending, {Downloading} downloading, {Failed} failed, {Completed} completed, {PermanentFailures} permanent failures" +
        (Skipped > 0 ? $", {Skipped} skipped" : "") + (Waiting > 0 ? $", {Waiting} waiting" : "");
}
