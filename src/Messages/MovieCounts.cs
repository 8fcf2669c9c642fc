namespace MovieSync.Messages;

/// <summary>
/// How many movies are in each state: the one count the coordinator's statistics, the journal's fold, `status`, the API
/// and the log all use. Forgotten movies are not counted.
/// </summary>
public sealed record MovieCounts(int Pending, int Failed, int PermanentFailures, int Downloading, int Completed)
{
    public static MovieCounts Empty { get; } = new(0, 0, 0, 0, 0);

    public int Total => Pending + Failed + PermanentFailures + Downloading + Completed;

    public static MovieCounts Of(IEnumerable<MovieStatus> statuses) => statuses.Aggregate(Empty, (counts, s) => counts.Add(s));

    public MovieCounts Add(MovieStatus status) => status switch
    {
        MovieStatus.Pending => this with { Pending = Pending + 1 },
        MovieStatus.Failed => this with { Failed = Failed + 1 },
        MovieStatus.PermanentFailure => this with { PermanentFailures = PermanentFailures + 1 },
        MovieStatus.Downloading => this with { Downloading = Downloading + 1 },
        MovieStatus.Completed => this with { Completed = Completed + 1 },
        _ => this,
    };

    /// <summary>One line for the log and the console: "3 pending, 1 downloading, 2 failed, 5 completed, 0 permanent failures".</summary>
    public override string ToString() =>
        $"{Pending} pending, {Downloading} downloading, {Failed} failed, {Completed} completed, {PermanentFailures} permanent failures";
}
