using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using MovieSync.Simulators.FileList;
using MovieSync.Simulators.Letterboxd;
using MovieSync.Simulators.QBittorrent;
using MovieSync.Tests.Support;
using Xunit;

namespace MovieSync.Tests.Host;

/// <summary>
/// `check-config` against the fake Letterboxd, FileList and qBittorrent on 127.0.0.1: one line per check, exit 0 only
/// when every check passes, and no secret on the screen whatever fails.
/// </summary>
public sealed class CheckConfigSpecs(CheckConfigSpecs.Services services) : IClassFixture<CheckConfigSpecs.Services>
{
    private const string User = "test_user";
    private const string WrongPasskey = "ffffeeeeddddccccbbbbaaaa99998888";
    private const string QBittorrentPassword = "adminadmin";

    [Fact]
    public void Every_check_passes_with_one_line_each_and_exit_0()
    {
        var (code, lines) = CheckConfig(_ => { });

        Assert.True(code == 0, string.Join('\n', lines));
        Assert.Equal(4, lines.Length);
        Assert.StartsWith("✔ config.json valid", lines[0]);
        Assert.Equal("✔ Letterboxd user 'test_user' found (3 films on the watchlist)", lines[1]);
        // Each home has its own journal, so its own budget.
        Assert.Equal($"✔ FileList credentials of '{FakeFileList.DefaultUsername}' accepted at {services.FileList.BaseUrl} " +
                     "(one search spent: 149 of 150 requests left this hour)", lines[2]);
        Assert.Equal($"✔ qBittorrent login as 'admin' works at {services.QBittorrent.BaseUrl} (version v4.5.5)", lines[3]);
        AssertNoSecret(lines);
    }

    [Theory]
    [InlineData(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead, "644")]
    [InlineData(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, "640")]
    [InlineData(UnixFileMode.UserRead | UnixFileMode.OtherWrite, "402")]
    public void A_config_open_to_group_or_others_is_warned_about_naming_the_fix_and_the_checks_still_run(UnixFileMode mode, string octal)
    {
        var (code, lines) = CheckConfig(_ => { }, configMode: mode);

        Assert.True(code == 0, string.Join('\n', lines));
        Assert.Equal(5, lines.Length);
        Assert.Matches($@"^⚠ (/\S+/config\.json) is open to its group or to others \(mode {octal}\) and holds secrets: run `chmod 600 \1`$", lines[0]);
        Assert.StartsWith("✔ config.json valid", lines[1]);
    }

    [Fact]
    public void The_passkey_may_come_from_the_environment()
    {
        var (code, lines) = CheckConfig(config => config["filelist"]!.AsObject().Remove("passkey"),
            new Dictionary<string, string> { ["MOVIESYNC_FILELIST__PASSKEY"] = FakeFileList.DefaultPasskey });

        Assert.True(code == 0, string.Join('\n', lines));
        Assert.StartsWith("✔ FileList credentials", lines[2]);
        AssertNoSecret(lines);
    }

    [Fact]
    public void An_unknown_letterboxd_user_fails_its_line_and_the_command_but_the_other_checks_still_run()
    {
        var (code, lines) = CheckConfig(config => config["username"] = "nobody_here");

        Assert.Equal(1, code);
        Assert.Equal(4, lines.Length);
        Assert.StartsWith("✘ Letterboxd user 'nobody_here' not found", lines[1]);
        Assert.Contains("answered 404 (check `username`)", lines[1]);
        Assert.StartsWith("✔ FileList", lines[2]);
        Assert.StartsWith("✔ qBittorrent", lines[3]);
    }

    [Fact]
    public void A_wrong_filelist_passkey_fails_naming_the_credentials_without_printing_the_passkey()
    {
        var (code, lines) = CheckConfig(config => config["filelist"]!["passkey"] = WrongPasskey);

        Assert.Equal(1, code);
        Assert.Equal(4, lines.Length);
        Assert.StartsWith($"✘ FileList rejected the credentials of '{FakeFileList.DefaultUsername}'", lines[2]);
        Assert.Contains("check filelist.username and filelist.passkey", lines[2]);
        Assert.DoesNotContain(lines, l => l.Contains(WrongPasskey, StringComparison.OrdinalIgnoreCase));
        AssertNoSecret(lines);
    }

    [Fact]
    public void Missing_filelist_credentials_fail_their_line()
    {
        var (code, lines) = CheckConfig(config => config.Remove("filelist"));

        Assert.Equal(1, code);
        Assert.Equal("✘ FileList: filelist.username / filelist.passkey are not set", lines[2]);
    }

    [Theory]
    [InlineData(QBittorrentFlavor.V4_5)] // "Fails." with 200
    [InlineData(QBittorrentFlavor.V5_2)] // 401
    public async Task A_rejected_qbittorrent_login_fails_its_line_without_printing_the_password(QBittorrentFlavor flavor)
    {
        const string wrong = "not-the-password";
        await using var qbittorrent = await FakeQBittorrent.StartAsync(new FakeQBittorrentOptions { Flavor = flavor });
        var (code, lines) = CheckConfig(config =>
        {
            config["qbittorrent"]!["url"] = qbittorrent.BaseUrl.ToString();
            config["qbittorrent"]!["password"] = wrong;
        });

        Assert.Equal(1, code);
        Assert.Equal(4, lines.Length);
        Assert.StartsWith("✘ qBittorrent rejected the login of 'admin' (check qbittorrent.username and qbittorrent.password)", lines[3]);
        Assert.DoesNotContain(lines, l => l.Contains(wrong, StringComparison.Ordinal));
    }

    [Fact]
    public void A_qbittorrent_that_does_not_answer_fails_its_line()
    {
        var closed = ClosedPort();
        var (code, lines) = CheckConfig(config => config["qbittorrent"]!["url"] = $"http://127.0.0.1:{closed}/");

        Assert.Equal(1, code);
        Assert.StartsWith($"✘ qBittorrent at http://127.0.0.1:{closed}/ is unreachable", lines[3]);
        Assert.EndsWith("(check qbittorrent.url and that its Web UI is enabled)", lines[3]);
        Assert.StartsWith("✔ Letterboxd", lines[1]);
    }

    [Fact]
    public void An_invalid_config_is_bad_usage_naming_the_key_and_no_service_is_asked()
    {
        var requests = services.Letterboxd.TotalRequests;

        var (code, lines) = CheckConfig(config => config["qbittorrent"]!["passwrd"] = "typo");

        Assert.Equal(2, code);
        var line = Assert.Single(lines);
        Assert.StartsWith("✘ config.json invalid:", line);
        Assert.Contains("qbittorrent.passwrd", line);
        Assert.Equal(requests, services.Letterboxd.TotalRequests);
    }

    private (int ExitCode, string[] Lines) CheckConfig(Action<JsonObject> change, IReadOnlyDictionary<string, string>? environment = null,
        UnixFileMode? configMode = null)
    {
        using var home = new TestHome(config =>
        {
            config["username"] = User;
            config["letterboxd"] = new JsonObject { ["base_url"] = services.Letterboxd.BaseUrl.ToString() };
            config["filelist"] = new JsonObject
            {
                ["base_url"] = services.FileList.BaseUrl.ToString(),
                ["username"] = FakeFileList.DefaultUsername,
                ["passkey"] = FakeFileList.DefaultPasskey,
            };
            config["qbittorrent"] = new JsonObject
            {
                ["url"] = services.QBittorrent.BaseUrl.ToString(),
                ["username"] = "admin",
                ["password"] = QBittorrentPassword,
            };
            change(config);
        });
        if (configMode is { } mode)
            File.SetUnixFileMode(home.ConfigFile, mode);
        var (code, output) = MovieSyncProcess.Run(environment, "check-config", "--home", home.Path);
        return (code, output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    private static void AssertNoSecret(string[] lines)
    {
        Assert.DoesNotContain(lines, l => l.Contains(FakeFileList.DefaultPasskey, StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(lines, l => l.Contains(QBittorrentPassword, StringComparison.Ordinal));
    }

    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>
    /// The three fakes, shared by the specs: each spec's failures stay below the fakes' lock-out limits (generous: the
    /// specs spend a few searches and a couple of wrong logins between them).
    /// </summary>
    public sealed class Services() : ThreeFakes(User, FakeFilm.Seed.Take(3).ToList(), new FakeFileListOptions { MaxFailedAuthentications = 100 },
        new FakeQBittorrentOptions { MaxFailedLogins = 100 });
}
