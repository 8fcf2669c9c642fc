using System.Text.Json;
using System.Text.Json.Nodes;

namespace MovieSync.Bench.Journal;

/// <summary>
/// The seed's QueueManager (movie_sync/queue_manager.py), ported as it is: three in-memory lists, and every change
/// rewrites the whole affected list as indented JSON to a .tmp file that is then renamed over the original.
/// </summary>
internal sealed class SeedQueueManager
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
    private readonly string _failedFile;
    private readonly string _completedFile;
    private List<JsonObject> _failed = [];
    private readonly List<JsonObject> _completed = [];

    public SeedQueueManager(string directory)
    {
        _failedFile = Path.Combine(directory, "queue_failed.json");
        _completedFile = Path.Combine(directory, "queue_completed.json");
    }

    /// <summary>Fills the completed list without writing per movie (the state a long-running seed install reaches).</summary>
    public void Preload(int completed)
    {
        for (var i = 0; i < completed; i++)
            _completed.Add(Movie($"tt{2_000_000 + i}", i, "completed"));
        Save(_completedFile, _completed);
    }

    /// <summary>add_to_completed: drop the movie from failed (rewrite), append to completed (rewrite).</summary>
    public void AddToCompleted(string id, int n)
    {
        _failed = _failed.Where(m => (string?)m["id"] != id).ToList();
        Save(_failedFile, _failed);
        if (_completed.Any(m => (string?)m["id"] == id))
            return;
        _completed.Add(Movie(id, n, "completed"));
        Save(_completedFile, _completed);
    }

    private static JsonObject Movie(string id, int n, string status) => new()
    {
        ["id"] = id,
        ["title"] = $"Film number {n}",
        ["year"] = 1950 + n % 75,
        ["director"] = "Some Director",
        ["url"] = $"https://letterboxd.com/film/film-number-{n}/",
        ["queued_at"] = 1_764_000_000 + n,
        ["status"] = status,
        ["completed_at"] = 1_764_000_000 + n,
    };

    private static void Save(string file, List<JsonObject> data)
    {
        var temp = Path.ChangeExtension(file, ".tmp");
        using (var stream = File.Create(temp))
            JsonSerializer.Serialize(stream, data, Indented);
        File.Move(temp, file, overwrite: true);
    }
}
