namespace MovieSync.Configuration;

/// <summary>The home folder: where it is, and making sure it exists with owner-only permissions.</summary>
public static class HomeFolder
{
    public const string EnvironmentVariable = "MOVIESYNC_HOME";

    private const UnixFileMode OwnerOnlyFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary><c>--home</c>, else <c>MOVIESYNC_HOME</c>, else <c>~/.movie_sync</c>.</summary>
    public static string Resolve(string? option, Func<string, string?> getEnvironment)
    {
        var chosen = !string.IsNullOrWhiteSpace(option) ? option
            : getEnvironment(EnvironmentVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment
            : Path.Combine(UserHome(getEnvironment), ".movie_sync");
        if (chosen == "~" || chosen.StartsWith("~/", StringComparison.Ordinal))
            chosen = Path.Combine(UserHome(getEnvironment), chosen.TrimStart('~', '/'));
        return Path.GetFullPath(chosen);
    }

    /// <summary>Creates the folder (0700) if needed and proves it is writable.</summary>
    public static void Ensure(string home)
    {
        try
        {
            if (!Directory.Exists(home))
            {
                if (OperatingSystem.IsWindows())
                    Directory.CreateDirectory(home);
                else
                    Directory.CreateDirectory(home, OwnerOnlyFolder);
            }

            var probe = Path.Combine(home, $".write-test-{Environment.ProcessId}");
            File.WriteAllText(probe, "");
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationException(
                $"home folder {home} is not writable ({e.Message.TrimEnd('.')}); choose another with --home or {EnvironmentVariable}");
        }
    }

    /// <summary>Creates the file if missing and leaves it readable and writable by its owner only (0600).</summary>
    public static void RestrictToOwner(string file)
    {
        if (!File.Exists(file))
            File.WriteAllBytes(file, []);
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(file, OwnerOnlyFile);
    }

    private static string UserHome(Func<string, string?> getEnvironment) =>
        getEnvironment("HOME") is { Length: > 0 } home ? home : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
}
