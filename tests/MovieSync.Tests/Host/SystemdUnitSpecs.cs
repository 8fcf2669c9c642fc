using System.Diagnostics;
using Xunit;

namespace MovieSync.Tests.Host;

/// <summary>
/// deploy/moviesync.service is a unit systemd accepts as it is (`systemd-analyze verify`, which scripts/test-setup.sh
/// installs), and it keeps what the README promises of it: a graceful SIGTERM stop, restarts on failure, its own user,
/// the hardening options, the home in MOVIESYNC_HOME.
/// </summary>
public sealed class SystemdUnitSpecs
{
    private const string ExecStart = "ExecStart=/opt/moviesync/moviesync run";
    private static readonly string Unit = Path.Combine(HostSources.RepositoryRoot, "deploy", "moviesync.service");

    [Fact]
    public void Systemd_analyze_verify_accepts_the_unit_without_a_word()
    {
        var lines = File.ReadAllLines(Unit);
        Assert.Contains(ExecStart, lines);
        // verify also checks that the program exists: the published binary stands in as a stub, every other line as is.
        var folder = Directory.CreateTempSubdirectory("moviesync-unit-");
        try
        {
            var program = Path.Combine(folder.FullName, "moviesync");
            File.WriteAllText(program, "#!/bin/sh\nexit 0\n");
            File.SetUnixFileMode(program, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.UserWrite);
            var copy = Path.Combine(folder.FullName, "moviesync.service");
            File.WriteAllLines(copy, lines.Select(line => line == ExecStart ? $"ExecStart={program} run" : line));

            var (exitCode, output) = Verify(copy);

            Assert.True(exitCode == 0 && output.Length == 0, $"systemd-analyze verify {Unit} exited {exitCode}:\n{output}");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void Verify_would_report_an_unknown_key()
    {
        var folder = Directory.CreateTempSubdirectory("moviesync-unit-");
        try
        {
            var copy = Path.Combine(folder.FullName, "moviesync.service");
            File.WriteAllText(copy, "[Service]\nExecStart=/bin/true\nRestartEverything=yes\n");

            var (_, output) = Verify(copy);

            Assert.Contains("RestartEverything", output);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void The_unit_stops_gracefully_restarts_on_failure_and_is_hardened()
    {
        var settings = File.ReadAllLines(Unit).Select(line => line.Trim()).Where(line => line.Length > 0 && !line.StartsWith('#')).ToHashSet();

        Assert.Contains("KillSignal=SIGTERM", settings);
        Assert.Contains("Restart=on-failure", settings);
        Assert.Contains("User=moviesync", settings);
        Assert.Contains("Group=moviesync", settings);
        Assert.Contains("Environment=MOVIESYNC_HOME=/var/lib/moviesync", settings);
        Assert.Contains("ReadWritePaths=/var/lib/moviesync", settings);
        Assert.Contains(settings, line => line.StartsWith("TimeoutStopSec=", StringComparison.Ordinal));
        foreach (var hardening in new[] { "NoNewPrivileges=yes", "ProtectSystem=strict", "ProtectHome=yes", "PrivateTmp=yes" })
            Assert.Contains(hardening, settings);
    }

    private static (int ExitCode, string Output) Verify(string unit)
    {
        var start = new ProcessStartInfo("systemd-analyze") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "verify", "--man=no", unit })
            start.ArgumentList.Add(argument);
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("systemd-analyze is missing: scripts/test-setup.sh installs it (apt-get install systemd)", e);
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            Assert.True(process.WaitForExit(TimeSpan.FromSeconds(60)), "systemd-analyze verify did not finish within 60 s");
            return (process.ExitCode, (stdout.Result + stderr.Result).Trim());
        }
    }
}
