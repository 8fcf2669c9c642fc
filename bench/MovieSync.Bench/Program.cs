using MovieSync.Bench.Journal;
using MovieSync.Bench.Letterboxd;
using MovieSync.Bench.Library;

// Each benchmark prints a Markdown table for the README. Sizes are the number of movies in the journal.
var command = args.FirstOrDefault() ?? "help";
var sizes = Option("--sizes")?.Split(',').Select(int.Parse).ToArray() ?? [1_000, 10_000, 100_000];
var changes = int.Parse(Option("--changes") ?? "300");

switch (command)
{
    case "journal":
        await JournalBench.RunAsync(sizes, changes);
        return 0;
    case "watchlist":
        await WatchlistCheckBench.RunAsync(int.Parse(Option("--films") ?? "5000"));
        return 0;
    case "library":
        LibraryMatchBench.Run(int.Parse(Option("--entries") ?? "20000"), int.Parse(Option("--films") ?? "1000"));
        return 0;
    default:
        Console.WriteLine("usage: MovieSync.Bench journal [--sizes 1000,10000,100000] [--changes 300]");
        Console.WriteLine("       MovieSync.Bench watchlist [--films 5000]");
        Console.WriteLine("       MovieSync.Bench library [--entries 20000] [--films 1000]");
        return command == "help" ? 0 : 2;
}

string? Option(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
