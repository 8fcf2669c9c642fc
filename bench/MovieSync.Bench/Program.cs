using System.Runtime.InteropServices;
using MovieSync.Bench.FileList;
using MovieSync.Bench.Host;
using MovieSync.Bench.Journal;
using MovieSync.Bench.Letterboxd;
using MovieSync.Bench.Library;

// Each benchmark prints a Markdown table for the README. Sizes are the number of movies in the journal.
var command = args.FirstOrDefault() ?? "help";
var sizes = Option("--sizes")?.Split(',').Select(int.Parse).ToArray();
var changes = int.Parse(Option("--changes") ?? "300");
var burst = int.Parse(Option("--burst") ?? "1000");

switch (command)
{
    case "journal":
        await JournalBench.RunAsync(sizes ?? [1_000, 10_000, 100_000], changes);
        Console.WriteLine();
        await BurstBench.RunAsync(burst);
        return 0;
    case "burst":
        await BurstBench.RunAsync(burst);
        return 0;
    case "host":
        await HostStartBench.RunAsync(sizes ?? [10_000, 100_000], int.Parse(Option("--runs") ?? "3"),
            TimeSpan.FromSeconds(int.Parse(Option("--settle") ?? "10")), Option("--exe"));
        return 0;
    case "host-home":
        // A seeded home with its fakes, kept until Ctrl+C: to run `moviesync run --home PATH` by hand (profiling).
        await using (var home = await SeededHome.CreateAsync((sizes ?? [10_000])[0]))
        {
            Console.WriteLine($"{home.Path} ({home.Events:N0} events); Ctrl+C or SIGTERM ends the fakes and deletes it");
            var stop = new TaskCompletionSource();
            using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.TrySetResult(); });
            using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.TrySetResult(); });
            await stop.Task;
        }

        return 0;
    case "watchlist":
        await WatchlistCheckBench.RunAsync(int.Parse(Option("--films") ?? "5000"));
        return 0;
    case "library":
        LibraryMatchBench.Run(int.Parse(Option("--entries") ?? "20000"), int.Parse(Option("--films") ?? "1000"));
        return 0;
    case "filelist":
        var journalExists = (Option("--journal") ?? "new") switch
        {
            "new" => false,
            "existing" => true,
            var other => throw new ArgumentException($"--journal {other}: expected new or existing"),
        };
        var films = int.Parse(Option("--films") ?? "1000");
        var perHour = int.Parse(Option("--per-hour") ?? "150");
        // --accounts 1,2,4: one run per count, then one table; without it, one account and its whole report.
        return Option("--accounts") is { } accounts
            ? await AccountsBench.RunAsync(films, perHour, journalExists, accounts.Split(',').Select(int.Parse).ToArray())
            : await FirstSyncBench.RunAsync(films, perHour, journalExists);
    default:
        Console.WriteLine("usage: MovieSync.Bench journal [--sizes 1000,10000,100000] [--changes 300] [--burst 1000]");
        Console.WriteLine("       MovieSync.Bench burst [--burst 1000]");
        Console.WriteLine("       MovieSync.Bench host [--sizes 10000,100000] [--runs 3] [--settle 10] [--exe PATH]");
        Console.WriteLine("       MovieSync.Bench host-home [--sizes 10000]");
        Console.WriteLine("       MovieSync.Bench watchlist [--films 5000]");
        Console.WriteLine("       MovieSync.Bench library [--entries 20000] [--films 1000]");
        Console.WriteLine("       MovieSync.Bench filelist [--films 1000] [--per-hour 150] [--journal new|existing] [--accounts 1,2,4]");
        return command == "help" ? 0 : 2;
}

string? Option(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
