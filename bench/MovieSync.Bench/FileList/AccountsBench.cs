using System.Globalization;

namespace MovieSync.Bench.FileList;

/// <summary>
/// The first sync on 1, 2, 4, ... FileList accounts in turn (each run a fresh journal, fresh fakes and a fresh actor
/// system; several accounts go through the real <c>FileListBroker</c>, as <c>run</c> composes them), then one table:
/// films per hour against N × 75, and each account's busiest sliding hour by FileList's own count of its passkey.
/// </summary>
internal static class AccountsBench
{
    public static async Task<int> RunAsync(int filmCount, int requestsPerHour, bool journalExists, IReadOnlyList<int> accountCounts)
    {
        var outcomes = new List<FirstSyncOutcome>();
        foreach (var count in accountCounts)
        {
            Console.Error.WriteLine(F($"{count} account(s): {filmCount:N0} films ..."));
            var outcome = await FirstSyncBench.SimulateAsync(filmCount, new BenchAccounts(count, requestsPerHour), journalExists);
            Console.Error.WriteLine(F($"{count} account(s): done in {outcome.Wall.TotalSeconds:0.0} s"));
            if (Environment.GetEnvironmentVariable("BENCH_VERBOSE") is not null)
                FirstSyncReport.Trace(outcome.BenchFilms, outcome.Requests, outcome.Log);
            outcomes.Add(outcome);
            if (Environment.GetEnvironmentVariable("BENCH_LOG") is { } prefix)
                FirstSyncReport.Save(outcome, $"{prefix}-{count}");
        }

        Print(filmCount, requestsPerHour, journalExists, outcomes);
        return FirstSyncTargets.Report([.. outcomes]);
    }

    private static void Print(int films, int requestsPerHour, bool journalExisted, IReadOnlyList<FirstSyncOutcome> outcomes)
    {
        Console.WriteLine(F($"FileList first sync of {films:N0} films on several accounts, {requestsPerHour:N0} requests/hour each"));
        Console.WriteLine("(the real coordinator, movie actors, FileList account actors and, with more than one account, the FileListBroker, on a " +
                          (journalExisted ? "SQLite journal that has its tables" : "new SQLite journal") +
                          "; fake FileList and qBittorrent on loopback; simulated clock)");
        Console.WriteLine();
        Console.WriteLine("| accounts | films grabbed | last grab at (pace) | films/hour, steady hours (mean, min–max) | target N × " +
                          F($"{requestsPerHour / 2}") + " | most requests of one account in any sliding hour (each account; budget) | requests/film | wasted searches | refused by FileList | wall time |");
        Console.WriteLine("| ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: |");
        foreach (var o in outcomes)
        {
            var steady = o.SteadyHours;
            var perAccount = string.Join(" / ", o.PerAccount.Select(a => a.Username is null ? F($"unknown: {a.MostInAnyWindow}") : F($"{a.MostInAnyWindow}")));
            Console.WriteLine(F($"| {o.Accounts.Count} | {o.FileList.FilmsGrabbed:N0} of {o.Films:N0} | {FirstSyncReport.Duration(o.FileList.LastGrab)} ({FirstSyncReport.Duration(o.PaceOfLastGrab)}) | ") +
                              (steady.Count == 0 ? "none" : F($"{steady.Average():0.0} ({steady.Min()}–{steady.Max()})")) +
                              F($" | {o.FilmsPerHourTarget} | {perAccount} (≤ {o.Accounts.RequestsPerHour}) | {o.FileList.Requests / (double)Math.Max(1, o.FileList.FilmsGrabbed):0.00} | {o.FileList.WastedSearches:N0} | {o.FileList.Refused:N0} | {o.Wall.TotalSeconds:0.0} s |"));
        }

        Console.WriteLine();
        Console.WriteLine("Requests are counted per account by the fake FileList from the passkey each one carried, stamped on arrival by");
        Console.WriteLine("the simulated clock. A sliding hour is [t, t + 1 h). Steady hours: every hour but the last, which grabs what is left.");
        Console.WriteLine();
        foreach (var o in outcomes)
        {
            var w = o.Run.Waiting;
            Console.WriteLine(F($"{o.Accounts.Count} account(s): films per hour {string.Join(", ", o.FileList.GrabsPerHour)}; requests per account ") +
                              string.Join(" / ", o.PerAccount.Select(a => F($"{a.Requests:N0}"))) +
                              F($"; shortest time in which one account made {o.Accounts.RequestsPerHour + 1} requests: ") +
                              (o.PerAccount.Select(a => a.ShortestSpanOverBudget).OfType<TimeSpan>().ToList() is { Count: > 0 } spans
                                  ? FirstSyncReport.Precise(spans.Min()) : "never so many"));
            Console.WriteLine(F($"  films grabbed in another hour than their tracked order gives: {o.FilmsOutOfTurn():N0}; ") +
                              F($"attempts started per film {o.Log.Count("{Movie}: attempt ") / (double)o.Films:0.00}, ") +
                              F($"{o.Log.Count("{Movie}: waiting until"):N0} deferred; {w.MovieActors:N0} movie actors alive and {FirstSyncReport.Mb(w.LiveHeapBytes)} live heap while {w.Counts.Pending:N0} wait; ") +
                              F($"{o.Run.Jumps:N0} clock jumps; {o.Log.Warnings:N0} warnings or errors; end: {(o.Run.Finished ? "every film grabbed and completed" : "STOPPED before every film completed")}"));
            foreach (var problem in o.Log.Problems.Take(5))
                Console.WriteLine("    " + problem);
        }
    }

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
