using System.Text.Json;
using MovieSync.Configuration;

namespace MovieSync.Host.Home;

/// <summary>
/// The one running host of a home: `run` holds <c>run.lock</c> open exclusively for its whole life (the OS releases it
/// even after kill -9) and publishes where its HTTP API listens in <c>run.json</c>. Commands that change state find
/// the running host here and go through it, so a movie never has two writers.
/// </summary>
public sealed class RunLock : IDisposable
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
    private readonly FileStream _lock;
    private readonly string _home;

    private RunLock(FileStream @lock, string home)
    {
        _lock = @lock;
        _home = home;
    }

    /// <summary>Takes the home for this process.</summary>
    /// <exception cref="UsageException">Another process runs in this home.</exception>
    public static RunLock Acquire(string home)
    {
        try
        {
            var stream = new FileStream(LockFile(home), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            HomeFolder.RestrictToOwner(LockFile(home));
            File.Delete(InfoFile(home)); // left by a process that was killed
            return new RunLock(stream, home);
        }
        catch (IOException)
        {
            var running = FindRunningHost(home);
            throw new UsageException($"another `moviesync run` (pid {running?.Pid.ToString() ?? "unknown"}) is using {home}; stop it first");
        }
    }

    /// <summary>Tells other commands where the running host's API answers.</summary>
    public void Publish(Uri apiUrl)
    {
        var file = InfoFile(_home);
        HomeFolder.RestrictToOwner(file);
        File.WriteAllText(file, JsonSerializer.Serialize(new RunningHost(Environment.ProcessId, apiUrl), Json));
    }

    /// <summary>The running host of a home, or null when none runs (a run.json left by a killed host is ignored).</summary>
    public static RunningHost? FindRunningHost(string home)
    {
        if (!File.Exists(LockFile(home)))
            return null;
        try
        {
            using (new FileStream(LockFile(home), FileMode.Open, FileAccess.ReadWrite, FileShare.None))
                return null; // nobody holds it
        }
        catch (IOException)
        {
            try
            {
                return File.Exists(InfoFile(home))
                    ? JsonSerializer.Deserialize<RunningHost>(File.ReadAllText(InfoFile(home)), Json)
                    : new RunningHost(0, null);
            }
            catch (Exception e) when (e is IOException or JsonException)
            {
                return new RunningHost(0, null);
            }
        }
    }

    public void Dispose()
    {
        try
        {
            File.Delete(InfoFile(_home));
        }
        catch (IOException)
        {
            // the next run replaces it
        }

        _lock.Dispose();
    }

    private static string LockFile(string home) => Path.Combine(home, "run.lock");

    private static string InfoFile(string home) => Path.Combine(home, "run.json");
}

/// <summary>A host running in a home; <paramref name="ApiUrl"/> is null until (or unless) its HTTP API listens.</summary>
public sealed record RunningHost(int Pid, Uri? ApiUrl);
