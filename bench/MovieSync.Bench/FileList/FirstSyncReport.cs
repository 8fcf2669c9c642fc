using System.Globalization;
using MovieSync.Simulators.FileList;

namespace MovieSync.Bench.FileList;

/// <summary>The first sync's figures as a Markdown table for the README, then what the simulation did.</summary>
internal static class FirstSyncReport
{
    public static void Print(FirstSyncOutcome outcome)
    {
        var (films, run, fileList, log, rss, wall) = (outcome.Films, outcome.Run, outcome.FileList, outcome.Log, outcome.Rss, outcome.Wall);
        var requestsPerHour = outcome.Accounts.RequestsPerHour;
        var journalExisted = outcome.JournalExisted;
        var perFilm = outcome.RequestsPerFilm;
        var target = outcome.FilmsPerHourTarget;
        var fullHours = outcome.SteadyHours;
        var waiting = run.Waiting;
        var attempts = log.Count("{Movie}: attempt ");

        Console.WriteLine(F($"FileList first sync: {films:N0} films queued at once on one account allowing {requestsPerHour:N0} requests/hour"));
        Console.WriteLine("(the real coordinator, movie actors and FileList account actor on a SQLite journal " +
                          (journalExisted ? "that has its tables (a host started before)" : "that is new (a fresh home's first run)") +
                          "; fake FileList and qBittorrent on loopback; simulated clock)");
        Console.WriteLine();
        Console.WriteLine("| measure | result | target |");
        Console.WriteLine("| --- | ---: | --- |");
        Row("films grabbed (.torrent downloaded and added)", F($"{fileList.FilmsGrabbed:N0} of {films:N0}"), "all");
        Row("FileList requests, counted by the fake (searches + downloads)",
            F($"{fileList.Requests:N0} ({fileList.Searches:N0} + {fileList.Downloads:N0})"), "");
        Row("requests per grabbed film", F($"{fileList.Requests / (double)Math.Max(1, fileList.FilmsGrabbed):0.00}"), F($"{perFilm} (the minimum)"));
        Row("wasted searches (not followed by that film's download)", F($"{fileList.WastedSearches:N0}"), "0");
        Row("requests FileList refused (429 or other errors)", F($"{fileList.Refused:N0}"), "0");
        Row("most requests in any sliding hour", F($"{fileList.MostInAnyWindow:N0}"), F($"≤ {requestsPerHour:N0}"));
        Row(F($"shortest time in which {requestsPerHour + 1:N0} requests were made"),
            fileList.ShortestSpanOverBudget is { } span ? Precise(span) : "never so many", "≥ 1 h");
        Row(F($"films grabbed per simulated hour (hours 1–{fullHours.Count}; mean, min–max)"),
            fullHours.Count == 0 ? "none grabbed" : F($"{fullHours.Average():0.0} ({fullHours.Min()}–{fullHours.Max()})"), F($"{target}"));
        Row("simulated time until the last film was grabbed", Duration(fileList.LastGrab), F($"{Duration(outcome.PaceOfLastGrab)} (the budget's pace)"));
        Row("attempts started per film (deferred ones included)", F($"{attempts / (double)films:0.00}"), "");
        Row(F($"movie actors alive while {waiting.Counts.Pending:N0} wait (at {Duration(waiting.At)})"), F($"{waiting.MovieActors:N0}"), "");
        Row(F($"managed heap while {waiting.Counts.Pending:N0} wait (live, after a full GC) / peak seen"),
            F($"{Mb(waiting.LiveHeapBytes)} / {Mb(run.PeakHeapBytes)}"), "");
        Row("process RSS before the actor system / then / peak (VmHWM; the fakes included)",
            F($"{Mb(rss.Before)} / {Mb(waiting.RssBytes)} / {Mb(rss.Peak)}"), "");
        Row(F($"wall time ({run.Jumps:N0} clock jumps over {Duration(run.SimulatedTime)} simulated)"), F($"{wall.TotalSeconds:0.0} s"), "");
        Console.WriteLine();
        Console.WriteLine("Requests are counted and stamped by the fake FileList on the simulated clock. A sliding hour is [t, t + 1 h): the");
        Console.WriteLine("budget frees a request exactly one hour after it was spent. A wasted search is one not followed by a download of");
        Console.WriteLine("that film's release. Simulated time stands still while the actors work and jumps to the next timer once the");
        Console.WriteLine("process is idle, so each hour's grabs share one instant.");
        Console.WriteLine();
        Console.WriteLine("films grabbed in each simulated hour: " + string.Join(", ", fileList.GrabsPerHour));
        Console.WriteLine(F($"end: {(run.Finished ? "every film grabbed and completed" : "STOPPED before every film completed")}; coordinator: {run.Counts}"));
        if (run.AwaitingAnswers > TimeSpan.Zero)
            Console.WriteLine(F($"idle but for Asks awaiting their timeout for {run.AwaitingAnswers.TotalSeconds:0.0} s of real time (simulated time ran at real speed meanwhile)"));
        Console.WriteLine(F($"log: {attempts:N0} attempts started, {log.Count("{Movie}: waiting until"):N0} deferred (waiting for FileList), {log.Count("{Movie}: retry "):N0} failed, {log.Warnings:N0} warnings or errors"));
        foreach (var problem in log.Problems.Take(10))
            Console.WriteLine("  " + problem);
    }

    /// <summary>With BENCH_VERBOSE: every warning, and the log of the first films that were never grabbed.</summary>
    public static void Trace(BenchFilms films, IReadOnlyList<FakeFileListRequest> requests, LogCounts log)
    {
        var grabbed = requests.Where(r => r is { Endpoint: FakeFileListEndpoint.Download, TorrentId: { } id } && films.FilmOfTorrent.ContainsKey(id))
            .Select(r => films.FilmOfTorrent[r.TorrentId!.Value]).ToHashSet();
        foreach (var problem in log.Problems)
            Console.Error.WriteLine(problem);
        foreach (var film in films.Films.Select(f => f.MovieId.Value).Where(id => !grabbed.Contains(id)).Take(3))
        {
            Console.Error.WriteLine($"--- {film} was never grabbed; its log:");
            foreach (var line in log.Lines.Where(l => l.Contains(film, StringComparison.Ordinal)))
                Console.Error.WriteLine(line);
        }
    }

    /// <summary>
    /// With BENCH_LOG=PREFIX: the run's whole log (debug lines included) in PREFIX.log, and the fake FileList's request log
    /// in PREFIX.requests, one request a line: simulated seconds since the start, endpoint, account, status, film.
    /// </summary>
    public static void Save(FirstSyncOutcome outcome, string prefix)
    {
        File.WriteAllLines(prefix + ".log", outcome.Log.Lines);
        File.WriteAllLines(prefix + ".requests", outcome.Requests.Select(r =>
            F($"{(r.At - SimulatedScheduler.Start).TotalSeconds:0.000} {r.Endpoint} {r.Account ?? "-"} {r.Status} ") +
            (r.ImdbId ?? (r.TorrentId is { } id && outcome.BenchFilms.FilmOfTorrent.TryGetValue(id, out var film) ? film : "-"))));
        Console.Error.WriteLine($"log and FileList requests saved as {prefix}.log and {prefix}.requests");
    }

    private static void Row(string measure, string result, string target) => Console.WriteLine($"| {measure} | {result} | {target} |");

    public static string Duration(TimeSpan t) => F($"{(int)t.TotalHours} h {t.Minutes:00} min");

    public static string Precise(TimeSpan t) => F($"{(int)t.TotalHours} h {t.Minutes:00} min {t.Seconds:00}.{t.Milliseconds:000} s");

    public static string Mb(long bytes) => F($"{bytes / 1048576.0:N0} MB");

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
