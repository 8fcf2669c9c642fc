using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;

namespace MovieSync.Tests.Support;

/// <summary>The real `moviesync` program as a child process, with its output captured.</summary>
public sealed class MovieSyncProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private MovieSyncProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) _output.Enqueue(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) _output.Enqueue(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Output => string.Join("\n", _output);

    public bool HasExited => _process.HasExited;

    public int Id => _process.Id;

    /// <summary>Starts `moviesync ARGS` from the test's bin folder, without any MOVIESYNC_* variable of the caller.</summary>
    public static MovieSyncProcess Start(params string[] args) => Start(null, args);

    /// <summary>Starts `moviesync ARGS` with these environment variables, and no other MOVIESYNC_* variable of the caller.</summary>
    public static MovieSyncProcess Start(IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "moviesync.dll"));
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("MOVIESYNC_", StringComparison.Ordinal)).ToList())
            start.Environment.Remove(key);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
            start.Environment[key] = value;
        return new MovieSyncProcess(Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start"));
    }

    /// <summary>Runs a command to its end and returns its exit status and output.</summary>
    public static (int ExitCode, string Output) Run(params string[] args) => Run(null, args);

    /// <summary>Runs a command with these environment variables to its end and returns its exit status and output.</summary>
    public static (int ExitCode, string Output) Run(IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        using var process = Start(environment, args);
        return (process.WaitForExit(TimeSpan.FromSeconds(60)), process.Output);
    }

    public void KillHard() => _process.Kill(entireProcessTree: true); // SIGKILL on Unix

    public void Terminate() => Process.Start("kill", ["-TERM", _process.Id.ToString()])!.WaitForExit();

    public int WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"moviesync did not exit within {timeout}:\n{Output}");
        }

        _process.WaitForExit(); // drains the redirected output
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(TimeSpan.FromSeconds(10));
        }

        _process.Dispose();
    }
}
