using MovieSync.Actors.Adapters.Simulation;

namespace MovieSync.Web.Tests.Support;

/// <summary>
/// The watchlist every dashboard spec starts from: real films, two or three in each state, with the errors the real
/// grabber gives. <see cref="SeededJournal"/> brings each film into its state through real `run` processes.
/// </summary>
public static class Films
{
    public static readonly Film Matrix = new("tt0133093", "The Matrix", 1999, "completed");
    public static readonly Film Parasite = new("tt6751668", "Parasite", 2019, "completed");
    public static readonly Film Amelie = new("tt0211915", "Amélie", 2001, "completed", OnDisk: true);

    public static readonly Film Stalker = new("tt0079944", "Stalker", 1979, "permanent_failure",
        Error: "No torrents found on FileList for Stalker (1979)");
    public static readonly Film PerfectDays = new("tt27503384", "Perfect Days", 2023, "permanent_failure",
        Error: "No suitable torrent on FileList for Perfect Days (2023): none of the 3 results fits: 2 fewer than 1 seeders; 1 resolution not in 1080p, 2160p, 720p");

    public static readonly Film FallenLeaves = new("tt21215388", "Fallen Leaves", 2023, "failed",
        Error: "No suitable torrent on FileList for Fallen Leaves (2023): none of the 2 results fits: 2 fewer than 1 seeders");
    public static readonly Film AnatomyOfAFall = new("tt17009710", "Anatomy of a Fall", 2023, "failed",
        Error: "qBittorrent unreachable at http://127.0.0.1:8080/: Connection refused (127.0.0.1:8080)");

    public static readonly Film Oppenheimer = new("tt15398776", "Oppenheimer", 2023, "downloading", Progress: 0.64);
    public static readonly Film DunePartTwo = new("tt15239678", "Dune: Part Two", 2024, "downloading", Progress: 0.23);

    public static readonly Film ZoneOfInterest = new("tt7160372", "The Zone of Interest", 2023, "pending");
    public static readonly Film PoorThings = new("tt14230458", "Poor Things", 2023, "pending");

    public static readonly IReadOnlyList<Film> All =
    [
        Matrix, Parasite, Amelie, Stalker, PerfectDays, FallenLeaves, AnatomyOfAFall, Oppenheimer, DunePartTwo, ZoneOfInterest, PoorThings,
    ];

    public static IEnumerable<Film> InState(string state) => All.Where(f => f.State == state);

    /// <summary>Every id in the API's order (ordinal).</summary>
    public static IReadOnlyList<string> Ids(IEnumerable<Film> films) => films.Select(f => f.Id).Order(StringComparer.Ordinal).ToList();
}

/// <summary>A film of the seeded watchlist and the state it is in when a spec's host starts.</summary>
/// <param name="Progress">For a downloading film: how far its (simulated) download is when the journal is seeded.</param>
public sealed record Film(string Id, string Title, int Year, string State, string? Error = null, bool OnDisk = false, double? Progress = null)
{
    /// <summary>How the simulated download client treats it: failing films fail every attempt with their error.</summary>
    public SimulatedMovie Simulated => new(Id, Title, Year, FailAttempts: Error is null ? 0 : 99, OnDisk, Error);
}
