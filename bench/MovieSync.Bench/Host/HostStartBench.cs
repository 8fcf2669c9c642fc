using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace MovieSync.Bench.Host;

/// <summary>
/// The real `moviesync run` process on a seeded home: how long from starting it until its API answers with the counts
/// (GET /api/status) and until its first watchlist check reaches Letterboxd, and its resident memory once it has settled.
/// </summary>
internal static class HostStartBench
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(3);

    /// <param name="executable">The moviesync to start: by default the one built beside this benchmark; `dotnet publish`'s
    /// output (ReadyToRun) with --exe.</param>
    public static async Task RunAsync(IReadOnlyList<int> sizes, int runs, TimeSpan settle, string? executable)
    {
        executable ??= Path.Combine(AppContext.BaseDirectory, "moviesync");
        Console.WriteLine($"Host start: `moviesync run` ({executable}), {Environment.ProcessorCount} cores, median of {runs} starts per size, " +
                          $"RSS {settle.TotalSeconds:0} s after the API answered, .NET {Environment.Version}");
        Console.WriteLine();
        Console.WriteLine("| movies | events | API listening | GET /api/status answered | first watchlist check | RSS idle | RSS peak |");
        Console.WriteLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var size in sizes)
        {
            await using var home = await SeededHome.CreateAsync(size);
            var starts = new List<StartFigures>();
            for (var run = 0; run < runs; run++)
                starts.Add(await MeasureAsync(executable, home, settle));
            StartFigures Median(Func<StartFigures, double> by) => starts.OrderBy(by).ElementAt(runs / 2);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {size:N0} | {home.Events:N0} | {Ms(Median(s => s.Listening.TotalMilliseconds).Listening)} " +
                $"| {Ms(Median(s => s.Answered.TotalMilliseconds).Answered)} | {Ms(Median(s => s.FirstCheck.TotalMilliseconds).FirstCheck)} " +
                $"| {Median(s => s.IdleRssKb).IdleRssKb / 1024.0:0} MB | {Median(s => s.PeakRssKb).PeakRssKb / 1024.0:0} MB |"));
        }
    }

    private static async Task<StartFigures> MeasureAsync(string executable, SeededHome home, TimeSpan settle)
    {
        home.Letterboxd.ResetRequestCounts();
        File.Delete(Path.Combine(home.Path, "run.json"));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var start = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "run", "--home", home.Path })
            start.ArgumentList.Add(arg);
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("MOVIESYNC_", StringComparison.Ordinal)).ToList())
            start.Environment.Remove(key);

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("moviesync did not start");
        var output = new List<string>();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.Add(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.Add(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var firstCheck = Task.Run(async () =>
            {
                while (home.Letterboxd.TotalRequests == 0)
                    await Wait(process, clock, output);
                return clock.Elapsed;
            });
            Uri api;
            while ((api = ApiUrl(home.Path)!) is null)
                await Wait(process, clock, output);
            var listening = clock.Elapsed;
            TimeSpan answered;
            while (true)
            {
                try
                {
                    using var response = await http.GetAsync(new Uri(api, "api/status"));
                    if (response.IsSuccessStatusCode)
                    {
                        answered = clock.Elapsed;
                        break;
                    }
                }
                catch (HttpRequestException)
                {
                    // not accepting yet
                }

                await Wait(process, clock, output);
            }

            var checkedAt = await firstCheck;
            await Task.Delay(settle);
            var (rss, peak) = Memory(process.Id);
            if (Environment.GetEnvironmentVariable("BENCH_VERBOSE") is not null)
                lock (output)
                    Console.WriteLine(string.Join("\n", output));
            return new StartFigures(listening, answered, checkedAt, rss, peak);
        }
        finally
        {
            if (!process.HasExited)
            {
                Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)])!.WaitForExit();
                if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
                    process.Kill(entireProcessTree: true);
            }
        }
    }

    private static async Task Wait(Process process, Stopwatch clock, List<string> output)
    {
        if (process.HasExited || clock.Elapsed > Limit)
        {
            lock (output)
                throw new InvalidOperationException($"moviesync {(process.HasExited ? "exited" : "did not get there in time")}:\n{string.Join("\n", output)}");
        }

        await Task.Delay(5);
    }

    /// <summary>Where the running host's API listens, from the run.json it publishes once Kestrel is bound.</summary>
    private static Uri? ApiUrl(string home)
    {
        try
        {
            using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(home, "run.json")));
            return json.RootElement.TryGetProperty("api_url", out var url) && url.GetString() is { } text ? new Uri(text.TrimEnd('/') + "/") : null;
        }
        catch (Exception e) when (e is IOException or JsonException)
        {
            return null; // not written yet, or half written
        }
    }

    /// <summary>VmRSS and VmHWM (the peak) in kB, from /proc.</summary>
    private static (long Rss, long Peak) Memory(int pid)
    {
        var lines = File.ReadAllLines($"/proc/{pid}/status");
        long Field(string name) => long.Parse(lines.First(l => l.StartsWith(name + ":", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        return (Field("VmRSS"), Field("VmHWM"));
    }

    private static string Ms(TimeSpan t) => string.Create(CultureInfo.InvariantCulture, $"{t.TotalMilliseconds:N0} ms");

    private sealed record StartFigures(TimeSpan Listening, TimeSpan Answered, TimeSpan FirstCheck, long IdleRssKb, long PeakRssKb);
}
