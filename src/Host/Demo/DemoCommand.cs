using System.CommandLine;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using System.Text.Json;
using System.Text.Json.Nodes;
using MovieSync.Actors.Movies;
using MovieSync.Actors.Hosting;
using MovieSync.Clients.Letterboxd;
using MovieSync.Configuration;
using MovieSync.Host.Home;
using MovieSync.Host.Hosting;
using MovieSync.Host.Run;
using MovieSync.Messages;
using MovieSync.Simulators.FileList;
using MovieSync.Simulators.Letterboxd;
using MovieSync.Simulators.QBittorrent;

namespace MovieSync.Host.Demo;

/// <summary>
/// `demo`: the whole pipeline in a throw-away home, against the simulators that ship with MovieSync (Letterboxd and
/// FileList fakes on loopback) and a real qbittorrent-nox when it is installed, else a simulated one.
/// </summary>
public static class DemoCommand
{
    private const string User = "moviesync_demo";

    // Films on the demo watchlist: most are on the fake FileList; Amélie is already on disk; 8½ has no torrent and
    // the short film has no IMDb id and no torrent, so both fail and retry with backoff; Chernobyl is TV and skipped.
    private static readonly string[] Watchlist =
        ["the-matrix", "amelie", "leon-the-professional", "wall-e", "se7en", "dune-2021", "spirited-away", "8-half", "chernobyl", "a-quiet-festival-short"];

    // With several accounts, three more films, so that every account visibly serves some before and after the rejection.
    private static readonly string[] LongerWatchlist = [.. Watchlist, "dune-1984", "perfect-days-2023", "parasite-2019"];

    private const string OnDisk = "amelie";

    public static Command Create()
    {
        var simulatedClient = new Option<bool>("--simulated-client")
        {
            Description = "Use the simulated qBittorrent even when qbittorrent-nox is installed (downloads then finish, offline)",
        };
        var keep = new Option<bool>("--keep") { Description = "Keep the throw-away home folder afterwards" };
        var accountCount = new Option<int>("--accounts")
        {
            Description = $"FileList accounts (1 to {DemoAccounts.Max}); from 2, the second one's passkey is rejected halfway through the films",
            DefaultValueFactory = _ => 1,
        };
        accountCount.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > DemoAccounts.Max)
                result.AddError($"--accounts must be from 1 to {DemoAccounts.Max}, got {result.GetValueOrDefault<int>()}");
        });
        var command = new Command("demo", "Run the whole pipeline against bundled simulators, in a throw-away home: no account needed")
        {
            simulatedClient, keep, accountCount,
        };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var home = new HomeLayout(Directory.CreateTempSubdirectory("moviesync-demo-").FullName);
            var downloads = Directory.CreateDirectory(Path.Combine(home.Path, "downloads")).FullName;
            Directory.CreateDirectory(Path.Combine(downloads, "Amelie.2001.1080p.BluRay.x264-GRP"));
            try
            {
                var films = (parsed.GetValue(accountCount) > 1 ? LongerWatchlist : Watchlist)
                    .Select(slug => FakeFilm.Seed.First(f => f.Slug == slug)).ToList();
                var accounts = parsed.GetValue(accountCount) > 1
                    ? new DemoAccounts(parsed.GetValue(accountCount), films.Where(f => f.Slug != OnDisk && HasTorrent(f)))
                    : null;
                await using var letterboxd = await FakeLetterboxd.StartAsync(cancellationToken);
                letterboxd.SetWatchlist(User, films);
                await using var fileList = await FakeFileList.StartAsync(accounts?.FileListOptions, cancellationToken);
                accounts?.Watch(fileList);
                var nox = parsed.GetValue(simulatedClient) ? null : QBittorrentNoxProcess.Find();
                // The demo with several accounts shows each film served once: no torrent stalls there.
                var stall = accounts is null ? new DemoStall(realClient: nox is not null) : null;
                await using var realClient = nox is null ? null : await QBittorrentNoxProcess.StartAsync(nox, downloads, cancellationToken);
                await using var simulated = realClient is null
                    ? await FakeQBittorrent.StartAsync(new FakeQBittorrentOptions
                    {
                        DownloadBytesPerSecond = 600L * 1024 * 1024, DefaultSavePath = downloads, HasNoPeers = stall is null ? null : stall.HasNoPeers,
                    }, cancellationToken)
                    : null;
                var clientUrl = realClient?.BaseUrl ?? simulated!.BaseUrl;

                // The disk budget scene needs downloads that finish, and stays out of the accounts scene's way.
                var diskBudget = realClient is null && accounts is null;
                WriteConfig(home.Path, downloads, letterboxd.BaseUrl, fileList, accounts, clientUrl, stall, DemoDisk.Section(diskBudget));
                // The demo's journal is its throw-away home's own, whatever MOVIESYNC_JOURNAL__* says.
                var options = DemoDisk.Tuned(home.LoadOptions() with { Journal = JournalSettings.Sqlite });
                using var runLock = RunLock.Acquire(home.Path);
                using var writerLock = JournalWriterLock.Acquire(home.JournalOf(options.Journal), "demo");
                Console.WriteLine($"🎬 MovieSync demo in a throw-away home: {home.Path}");
                Console.WriteLine($"   Letterboxd (simulated): {letterboxd.BaseUrl}{User}/watchlist/ with {films.Count} films");
                Console.WriteLine($"   FileList (simulated):   {fileList.BaseUrl} ({fileList.Torrents.Count} torrents)");
                if (accounts is not null)
                    Console.WriteLine($"   FileList accounts:      {string.Join(", ", accounts.Usernames)} (filelist.accounts); {accounts.Rejected}'s " +
                                      $"passkey is rejected once {accounts.RejectAfter} films were served, and tried again after " +
                                      $"{DemoAccounts.CredentialsPause.TotalSeconds:0} s, doubling up to {DemoAccounts.LongestCredentialsPause.TotalSeconds:0} s");
                Console.WriteLine(realClient is null
                    ? $"   qBittorrent (simulated, downloads finish in seconds): {clientUrl}"
                    : $"   qBittorrent: a real qbittorrent-nox at {clientUrl} (admin/adminadmin); offline, its torrents stay at 0% (use --simulated-client to see them finish)");
                if (stall is not null)
                    Console.WriteLine(stall.Banner);
                Console.WriteLine($"   Already on disk: {downloads}/Amelie.2001.1080p.BluRay.x264-GRP");
                if (diskBudget)
                    Console.WriteLine(DemoDisk.Banner);
                Console.WriteLine();

                var movies = SettingsFromOptions.Movies(options) with { FollowInterval = TimeSpan.FromSeconds(2) };
                var letterboxdClient = new LetterboxdClientOptions
                {
                    BaseUrl = letterboxd.BaseUrl,
                    ShortLinkBaseUrl = letterboxd.ShortLinkBaseUrl,
                    DelayBetweenRequests = TimeSpan.FromMilliseconds(200),
                };
                var accountSettings = accounts is null ? null : DemoAccounts.Tuned(SettingsFromOptions.FileListAccounts(options));
                await HostRunner.RunAsync(home, options, runLock, writerLock,
                    builder => builder.AddMovieSyncPipeline(options, movies, letterboxdClient, accountSettings),
                    $"Demo: simulators on loopback, home {home.Path}", cancellationToken,
                    services =>
                    {
                        if (accounts is not null)
                            services.AddSingleton<IFinalReport>(s => new DemoAccounts.Report(accounts, s.GetRequiredService<ActorRegistry>()));
                    });
            }
            finally
            {
                if (!parsed.GetValue(keep))
                    TryDelete(home.Path);
                else
                    Console.WriteLine($"The demo home is kept: {home.Path} (try `moviesync status --home {home.Path}`)");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static bool HasTorrent(FakeFilm film) =>
        !film.IsTv && film.ImdbId is { } imdb && FakeFileListCatalogue.Default.Any(t => t.ImdbId == imdb);

    private static void WriteConfig(string home, string downloads, Uri letterboxd, FakeFileList fileList, DemoAccounts? accounts, Uri qbittorrent,
        DemoStall? stall, JsonObject disk)
    {
        var fileListSection = new JsonObject { ["base_url"] = fileList.BaseUrl.ToString() };
        if (accounts is null)
        {
            fileListSection["username"] = fileList.Username;
            fileListSection["passkey"] = fileList.Passkey;
        }
        else
            fileListSection["accounts"] = accounts.ConfigAccounts();

        var config = new JsonObject
        {
            ["username"] = User,
            ["check_interval"] = 60,
            ["download_directory"] = downloads,
            ["retry_interval"] = 5,
            ["max_retries"] = 3,
            ["backoff_multiplier"] = 2.0,
            ["max_retry_delay"] = 40,
            ["letterboxd"] = new JsonObject { ["base_url"] = letterboxd.ToString() },
            ["filelist"] = fileListSection,
            ["qbittorrent"] = new JsonObject
            {
                ["url"] = qbittorrent.ToString(),
                ["username"] = QBittorrentNoxProcess.Username,
                ["password"] = QBittorrentNoxProcess.Password,
                ["save_path"] = downloads,
            },
            ["disk"] = disk,
            ["dashboard"] = new JsonObject { ["listen"] = "127.0.0.1:0" },
        };
        stall?.Configure(config);
        var file = Path.Combine(home, ConfigLoader.FileName);
        HomeFolder.RestrictToOwner(file);
        File.WriteAllText(file, config.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // the OS cleans temporary folders
        }
    }
}
