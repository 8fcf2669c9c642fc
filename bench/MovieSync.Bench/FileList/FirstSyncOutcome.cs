using System.Globalization;
using MovieSync.Simulators.FileList;

namespace MovieSync.Bench.FileList;

/// <summary>Everything one simulated first sync measured, for the reports and the targets.</summary>
/// <param name="Requests">The fake FileList's request log, as it stood when the run ended.</param>
internal sealed record FirstSyncOutcome(int Films, BenchAccounts Accounts, bool JournalExisted, FirstSyncResult Run, RequestFigures FileList,
    IReadOnlyList<AccountFigures> PerAccount, LogCounts Log, (long Before, long Peak) Rss, TimeSpan Wall, BenchFilms BenchFilms,
    IReadOnlyList<FakeFileListRequest> Requests)
{
    /// <summary>Requests one film costs at the least: its search and its download.</summary>
    public int RequestsPerFilm => Accounts.RequestsPerHour >= 2 ? 2 : 1;

    /// <summary>Films all accounts together can grab in an hour: N × 75 at 150 requests/hour each.</summary>
    public int FilmsPerHourTarget => Accounts.Count * (Accounts.RequestsPerHour / RequestsPerFilm);

    /// <summary>Films grabbed in each hour but the last, which only grabs what is left: each is a full hour of the budgets.</summary>
    public IReadOnlyList<int> SteadyHours => FileList.GrabsPerHour.Take(Math.Max(1, FileList.GrabsPerHour.Count - 1)).ToList();

    /// <summary>
    /// Films grabbed in another hour than their place in the tracked order gives (film i in hour i / (N × 75)): films
    /// are served in the order they were tracked, so none should be.
    /// </summary>
    public int FilmsOutOfTurn()
    {
        var firstGrab = Requests
            .Where(r => r is { Endpoint: FakeFileListEndpoint.Download, Status: 200, TorrentId: { } id } && BenchFilms.FilmOfTorrent.ContainsKey(id))
            .GroupBy(r => BenchFilms.FilmOfTorrent[r.TorrentId!.Value])
            .ToDictionary(g => g.Key, g => g.Min(r => r.At));
        return BenchFilms.Films.Select((film, i) => (film, i)).Count(f =>
            !firstGrab.TryGetValue(f.film.MovieId.Value, out var at)
            || (at - SimulatedScheduler.Start).Ticks / TimeSpan.TicksPerHour != f.i / Math.Max(1, FilmsPerHourTarget));
    }

    /// <summary>When the last film should be grabbed at the budgets' pace: the first hour's films at once, then an hour per hour's worth.</summary>
    public TimeSpan PaceOfLastGrab => TimeSpan.FromHours(Math.Ceiling(Films / (double)Math.Max(1, FilmsPerHourTarget)) - 1);
}

/// <summary>
/// The targets of issue 11 §4: every film grabbed; films per hour over the steady hours at least N × 75, less
/// <see cref="Tolerance"/>; no account over its budget in any sliding hour, by FileList's own count.
/// </summary>
internal static class FirstSyncTargets
{
    /// <summary>How far below N × 75 the mean of the steady hours may fall (2 %, e.g. 294 of 300 with 4 accounts).</summary>
    public const double Tolerance = 0.02;

    public static IReadOnlyList<string> Misses(FirstSyncOutcome outcome)
    {
        var misses = new List<string>();
        if (!outcome.Run.Finished || outcome.FileList.FilmsGrabbed < outcome.Films)
            misses.Add(F($"{outcome.Accounts.Count} account(s): {outcome.FileList.FilmsGrabbed:N0} of {outcome.Films:N0} films grabbed"));
        var steady = outcome.SteadyHours;
        var target = outcome.FilmsPerHourTarget;
        if (steady.Count == 0 || steady.Average() < target * (1 - Tolerance))
            misses.Add(F($"{outcome.Accounts.Count} account(s): {(steady.Count == 0 ? 0 : steady.Average()):0.0} films/hour over the steady hours, more than {Tolerance:P0} below {target}"));
        foreach (var account in outcome.PerAccount.Where(a => a.MostInAnyWindow > outcome.Accounts.RequestsPerHour || a.Username is null))
            misses.Add(account.Username is null
                ? F($"{outcome.Accounts.Count} account(s): {account.Requests} requests carried a passkey FileList does not know")
                : F($"{outcome.Accounts.Count} account(s): {account.Username} made {account.MostInAnyWindow} requests in one sliding hour, over its {outcome.Accounts.RequestsPerHour}"));
        return misses;
    }

    /// <summary>Prints what was missed, if anything; the exit status: 0 all targets met, 1 not.</summary>
    public static int Report(params FirstSyncOutcome[] outcomes)
    {
        var misses = outcomes.SelectMany(Misses).ToList();
        Console.WriteLine();
        Console.WriteLine(misses.Count == 0 ? "Targets met." : "TARGETS MISSED:");
        foreach (var miss in misses)
            Console.WriteLine("  " + miss);
        return misses.Count == 0 ? 0 : 1;
    }

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
