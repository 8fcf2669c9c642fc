using System.CommandLine;
using MovieSync.Clients.Letterboxd;
using MovieSync.Clients.QBittorrent;
using MovieSync.Configuration;
using MovieSync.Host.Home;
using MovieSync.Messages;

namespace MovieSync.Host.Cli;

/// <summary>
/// `check-config`: validates config.json, then reaches each service once. One line per check; exit 0 when all pass,
/// 1 when a service check failed (or could not be made: the FileList budget spent), 2 when the configuration itself
/// is invalid. The FileList search spends from the account's journaled budget (<see cref="FileListCheck"/>).
/// </summary>
public static class CheckConfigCommand
{
    public const string Passed = "✔";
    public const string FailedMark = "✘";
    public const string Warning = "⚠";
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(20);

    public static Command Create()
    {
        var command = new Command("check-config", "Validate config.json and reach Letterboxd, FileList and qBittorrent");
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var home = MovieSyncCommandLine.OpenHome(parsed);
            if (ConfigLoader.PermissionWarning(home.Path) is { } warning)
                Console.WriteLine($"{Warning} {warning}");
            MovieSyncOptions options;
            try
            {
                options = home.LoadOptions();
            }
            catch (ConfigurationException e)
            {
                Console.WriteLine($"{FailedMark} config.json invalid: {e.Message}");
                return ExitCodes.BadUsage;
            }

            Console.WriteLine($"{Passed} config.json valid ({Path.Combine(home.Path, ConfigLoader.FileName)})");
            var allPassed = true;
            var checks = new List<Func<MovieSyncOptions, CancellationToken, Task<(bool, string)>>> { (o, ct) => FileListCheck.RunAsync(home, o, ct) };
            if (options.IsCoordinator)
            {
                checks.Insert(0, LetterboxdAsync);
                checks.Add(QBittorrentAsync);
            }
            else
                Console.WriteLine($"{Passed} this node only serves FileList accounts (cluster.roles): Letterboxd and qBittorrent are the coordinator's");
            foreach (var check in checks)
            {
                var (passed, line) = await check(options, cancellationToken);
                Console.WriteLine($"{(passed ? Passed : FailedMark)} {Redact(line, options)}");
                allPassed &= passed;
            }

            return allPassed ? ExitCodes.Success : ExitCodes.Failed;
        });
        return command;
    }

    private static async Task<(bool, string)> LetterboxdAsync(MovieSyncOptions options, CancellationToken cancellationToken)
    {
        if (options.Letterboxd.Source == WatchlistSource.Export)
            return ExportCheck(options.Letterboxd.ExportPath, options.Username);

        using var letterboxd = new LetterboxdClient(new LetterboxdClientOptions
        {
            BaseUrl = options.Letterboxd.BaseUrl,
            DelayBetweenRequests = TimeSpan.Zero,
            MaxRetryAfter = TimeSpan.FromSeconds(5),
            RequestTimeout = RequestTimeout,
        });
        var page = await letterboxd.GetWatchlistPageAsync(options.Username, 1, cancellationToken);
        var url = letterboxd.WatchlistUrl(options.Username, 1);
        return page.Error switch
        {
            null => (true, $"Letterboxd user '{options.Username}' found ({page.Value!.TotalEntries} films on the watchlist)"),
            { Problem: LetterboxdProblem.UserNotFound } =>
                (false, $"Letterboxd user '{options.Username}' not found: {url} answered 404 (check `username`)"),
            { Problem: LetterboxdProblem.Blocked } e =>
                (false, $"Letterboxd blocks reading {url}: {e.Message}. Set letterboxd.source to \"export\" and letterboxd.export_path to your data export"),
            { } e => (false, $"Letterboxd watchlist {url} could not be read: {e.Message}"),
        };
    }

    private static (bool, string) ExportCheck(string? exportPath, string username)
    {
        if (string.IsNullOrEmpty(exportPath))
            return (false, "letterboxd.source is \"export\" but letterboxd.export_path is not set");
        try
        {
            var file = LetterboxdExportFolder.Resolve(exportPath, username);
            var watchlist = LetterboxdExportReader.Read(file.Path);
            return (true, $"Letterboxd export {file.Path} readable ({watchlist.Films.Count} films on the watchlist, " +
                          $"exported {file.ExportedAt.UtcDateTime:yyyy-MM-dd}, {ReadableDuration.Of(file.AgeAt(DateTimeOffset.UtcNow))} ago)");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or LetterboxdExportException or InvalidDataException)
        {
            return (false, $"Letterboxd export {exportPath} cannot be read: {e.Message}");
        }
    }

    private static async Task<(bool, string)> QBittorrentAsync(MovieSyncOptions options, CancellationToken cancellationToken)
    {
        var qbittorrent = options.QBittorrent;
        try
        {
            using var client = new QBittorrentClient(
                new QBittorrentConnection(qbittorrent.Url, qbittorrent.Username, qbittorrent.Password ?? ""),
                new QBittorrentClientOptions { RequestTimeout = RequestTimeout });
            await client.LoginAsync(cancellationToken);
            var version = await client.GetVersionAsync(cancellationToken);
            return (true, $"qBittorrent login as '{qbittorrent.Username}' works at {qbittorrent.Url} (version {version})");
        }
        catch (QBittorrentException e)
        {
            return (false, e.Failure switch
            {
                QBittorrentFailure.CredentialsRejected =>
                    $"qBittorrent rejected the login of '{qbittorrent.Username}' (check qbittorrent.username and qbittorrent.password): {e.Message}",
                // The client's message already names the address.
                QBittorrentFailure.Unreachable => $"{e.Message} (check qbittorrent.url and that its Web UI is enabled)",
                _ => $"qBittorrent at {qbittorrent.Url}: {e.Message}",
            });
        }
        catch (ArgumentException e)
        {
            return (false, $"qBittorrent: {e.Message}");
        }
    }

    /// <summary>The clients already keep secrets out of their messages; this makes sure none reaches the screen.</summary>
    private static string Redact(string line, MovieSyncOptions options)
    {
        foreach (var secret in new[] { options.FileList.Passkey, options.QBittorrent.Password, options.Dashboard.Token, options.Dashboard.CertificatePassword })
            if (!string.IsNullOrEmpty(secret) && secret.Length >= 4)
                line = line.Replace(secret, SecretMasking.Mask(secret), StringComparison.Ordinal);
        return line;
    }
}
