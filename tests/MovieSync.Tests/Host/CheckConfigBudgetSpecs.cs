using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MovieSync.Host.Home;
using MovieSync.Simulators.FileList;
using MovieSync.Simulators.Letterboxd;
using MovieSync.Simulators.QBittorrent;
using MovieSync.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace MovieSync.Tests.Host;

/// <summary>
/// `check-config`'s FileList search is an authenticated FileList request: it spends from the account's journaled
/// budget, through the running host's account when `run` runs and through an account started on the journal when it
/// does not; a spent budget makes no request. Against the fake FileList, which counts every request it gets.
/// </summary>
public sealed class CheckConfigBudgetSpecs(CheckConfigBudgetSpecs.Services services, ITestOutputHelper output)
    : IClassFixture<CheckConfigBudgetSpecs.Services>
{
    private const string User = "budget_user";
    private const string Token = "check-config-budget-spec-token-32";
    private const string WrongPasskey = "ffffeeeeddddccccbbbbaaaa99998888";

    [Fact]
    public void The_check_is_journaled_in_the_budget_so_a_later_run_sees_one_request_fewer()
    {
        using var home = Home(requestsPerHour: 150);
        var before = services.FileList.SearchRequests;

        var (code, lines) = CheckConfig(home);

        Assert.True(code == 0, string.Join('\n', lines));
        Assert.Equal($"✔ FileList credentials of '{FakeFileList.DefaultUsername}' accepted at {services.FileList.BaseUrl} " +
                     "(one search spent: 149 of 150 requests left this hour)", lines[2]);
        Assert.Equal(before + 1, services.FileList.SearchRequests);

        using var run = MovieSyncProcess.Start("run", "--home", home.Path);
        WaitFor(() => run.Output.Contains("requests left in the current hour"), run);
        Assert.Contains($"FileList account {FakeFileList.DefaultUsername}: 149 of 150 requests left in the current hour", run.Output);
        Stop(run);
        Assert.Equal(before + 1, services.FileList.SearchRequests); // the empty watchlist asked FileList nothing
    }

    [Fact]
    public void A_spent_budget_makes_no_request_and_says_when_the_next_one_is_allowed()
    {
        using var home = Home(requestsPerHour: 1);
        var spentAt = DateTimeOffset.UtcNow;
        var (code, lines) = CheckConfig(home);
        Assert.True(code == 0, string.Join('\n', lines));
        Assert.EndsWith("(one search spent: 0 of 1 requests left this hour)", lines[2]);
        var before = services.FileList.SearchRequests;

        (code, lines) = CheckConfig(home);

        Assert.Equal(1, code);
        Assert.Equal(4, lines.Length); // the other checks still run
        var line = Regex.Match(lines[2], $@"^✘ FileList credentials of '{FakeFileList.DefaultUsername}' not checked: the FileList request budget " +
                                         @"\(1 per hour, filelist\.requests_per_hour\) is spent; next request at (?<at>\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ) " +
                                         @"\(the check is a FileList request like any other\)$");
        Assert.True(line.Success, lines[2]);
        var nextAt = DateTimeOffset.ParseExact(line.Groups["at"].Value, "u", CultureInfo.InvariantCulture);
        Assert.InRange(nextAt, spentAt.AddHours(1).AddSeconds(-1), DateTimeOffset.UtcNow.AddHours(1));
        Assert.StartsWith("✔ Letterboxd", lines[1]);
        Assert.StartsWith("✔ qBittorrent", lines[3]);
        Assert.Equal(before, services.FileList.SearchRequests);
    }

    [Fact]
    public async Task While_run_runs_the_running_hosts_account_makes_the_check_from_its_own_budget()
    {
        using var home = Home(requestsPerHour: 150, token: Token);
        using var run = MovieSyncProcess.Start("run", "--home", home.Path);
        WaitFor(() => RunLock.FindRunningHost(home.Path)?.ApiUrl is not null && run.Output.Contains("requests left in the current hour"), run);
        var api = RunLock.FindRunningHost(home.Path)!.ApiUrl!;
        var before = services.FileList.SearchRequests;

        // Guarded like every API route: no token, no check (and no request).
        using (var anonymous = new HttpClient { BaseAddress = api })
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("api/filelist/check", null)).StatusCode);
        using (var withToken = new HttpClient { BaseAddress = api })
        {
            withToken.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
            using var answer = await withToken.PostAsync("api/filelist/check", null);
            var body = await answer.Content.ReadAsStringAsync();
            Assert.True(answer.StatusCode == HttpStatusCode.OK, body);
            var json = JsonNode.Parse(body)!;
            Assert.Equal(FakeFileList.DefaultUsername, json["username"]!.GetValue<string>());
            Assert.Equal("accepted", json["result"]!.GetValue<string>());
            Assert.True(json["request_made"]!.GetValue<bool>());
            Assert.Equal(149, json["requests_remaining"]!.GetValue<int>());
            Assert.DoesNotContain(FakeFileList.DefaultPasskey, body, StringComparison.OrdinalIgnoreCase);
        }

        var (code, lines) = CheckConfig(home);

        Assert.True(code == 0, string.Join('\n', lines));
        Assert.EndsWith("(one search spent: 148 of 150 requests left this hour, checked by the running host)", lines[2]);
        Assert.Equal(before + 2, services.FileList.SearchRequests);

        // A passkey saved a moment ago is the one the host checks (it reads config.json first), and it takes up the good
        // one again at once: the rejection's pause does not hold the next check back.
        Rewrite(home, config => config["filelist"]!["passkey"] = WrongPasskey);
        (code, lines) = CheckConfig(home);
        Assert.Equal(1, code);
        var rejected = $"✘ FileList rejected the credentials of '{FakeFileList.DefaultUsername}': FileList rejected the username/passkey " +
                       "(HTTP 403: Invalid passkey/username!) (check filelist.username and filelist.passkey;";
        Assert.True(lines[2].StartsWith(rejected, StringComparison.Ordinal), lines[2]);
        Assert.EndsWith("one search spent: 147 of 150 requests left this hour, checked by the running host)", lines[2]);
        Rewrite(home, config => config["filelist"]!["passkey"] = FakeFileList.DefaultPasskey);
        (code, lines) = CheckConfig(home);
        Assert.True(code == 0, string.Join('\n', lines));
        Assert.EndsWith("(one search spent: 146 of 150 requests left this hour, checked by the running host)", lines[2]);
        Assert.Equal(before + 4, services.FileList.SearchRequests);

        Stop(run);
        Assert.DoesNotContain("UNIQUE constraint", run.Output); // one writer of the account's journal
        Assert.DoesNotContain(FakeFileList.DefaultPasskey, run.Output, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(WrongPasskey, run.Output, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Token, run.Output);

        // The host journaled each of its checks: without it, the next check starts from what it left.
        (code, lines) = CheckConfig(home);
        Assert.True(code == 0, string.Join('\n', lines));
        Assert.EndsWith("(one search spent: 145 of 150 requests left this hour)", lines[2]);
        output.WriteLine(run.Output);
    }

    private TestHome Home(int requestsPerHour, string? token = null) => new(config =>
    {
        config["username"] = User;
        config["letterboxd"] = new JsonObject { ["base_url"] = services.Letterboxd.BaseUrl.ToString() };
        config["filelist"] = new JsonObject
        {
            ["base_url"] = services.FileList.BaseUrl.ToString(),
            ["username"] = FakeFileList.DefaultUsername,
            ["passkey"] = FakeFileList.DefaultPasskey,
            ["requests_per_hour"] = requestsPerHour,
        };
        config["qbittorrent"] = new JsonObject
        {
            ["url"] = services.QBittorrent.BaseUrl.ToString(), ["username"] = "admin", ["password"] = "adminadmin",
        };
        if (token is not null)
            config["dashboard"]!["token"] = token;
    });

    private static (int ExitCode, string[] Lines) CheckConfig(TestHome home)
    {
        var (code, text) = MovieSyncProcess.Run("check-config", "--home", home.Path);
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.DoesNotContain(lines, l => l.Contains(FakeFileList.DefaultPasskey, StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(lines, l => l.Contains(WrongPasskey, StringComparison.OrdinalIgnoreCase));
        return (code, lines);
    }

    private static void Rewrite(TestHome home, Action<JsonObject> change)
    {
        var config = JsonNode.Parse(File.ReadAllText(home.ConfigFile))!.AsObject();
        change(config);
        File.WriteAllText(home.ConfigFile, config.ToJsonString());
    }

    private static void WaitFor(Func<bool> condition, MovieSyncProcess run, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            Assert.False(run.HasExited, $"moviesync run exited:\n{run.Output}");
            Assert.True(DateTime.UtcNow < deadline, $"timed out; host output so far:\n{run.Output}");
            Thread.Sleep(100);
        }
    }

    private static void Stop(MovieSyncProcess run)
    {
        run.Terminate();
        Assert.Equal(0, run.WaitForExit(TimeSpan.FromSeconds(30)));
    }

    /// <summary>The three fakes; the Letterboxd user's watchlist is empty, so `run` itself asks FileList nothing.</summary>
    public sealed class Services() : ThreeFakes(User, [], new FakeFileListOptions { MaxFailedAuthentications = 100, RequestsPerHour = 1000 });
}
