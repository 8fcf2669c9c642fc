using MovieSync.Tests.Support;
using Microsoft.Playwright;
using MovieSync.Web.Tests.Support;
using Xunit;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace MovieSync.Web.Tests;

/// <summary>
/// The dashboard in a real browser (Debian's chromium, headless): counts, films per state, live countdowns and progress,
/// a film's timeline, and a retry that shows without a reload. Saves a screenshot (bin/.../screenshots/dashboard.png;
/// with MOVIESYNC_UPDATE_SCREENSHOT=1 also docs/dashboard.png).
/// </summary>
public sealed class DashboardBrowserSpecs(ITestOutputHelper output) : IAsyncLifetime
{
    private DashboardHost _host = null!;

    public async Task InitializeAsync() => _host = await DashboardHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task The_dashboard_shows_every_state_updates_live_and_retries_a_permanent_failure_without_a_reload()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await HeadlessChromium.LaunchAsync(playwright, output);
        var problems = new List<string>();
        var page = await HeadlessChromium.NewPageAsync(browser, problems);

        await page.GotoAsync(_host.Url.ToString());

        // Counts per state, and the stream of changes connected.
        foreach (var (key, count) in new[] { ("pending", 2), ("failed", 2), ("permanent_failures", 2), ("downloading", 2), ("completed", 3), ("waiting", 0), ("skipped", 0), ("total", 11) })
            await Expect(page.Locator($"#count-{key}")).ToHaveTextAsync(count.ToString());
        await Expect(page.Locator("#live")).ToHaveAttributeAsync("data-mode", "live");
        // The services strip, from /healthz: a simulated run has only its journal (no qBittorrent, FileList or Letterboxd).
        await Expect(page.Locator("#services [data-service='Journal']")).ToHaveAttributeAsync("data-state", "ok");
        await Expect(page.Locator("#services .service")).ToHaveCountAsync(1);
        await Expect(page.Locator("#services .service.healthy")).ToContainTextAsync("ok");
        // No notification channel in this config.json: the panel says so, and how to add one.
        await Expect(page.Locator("#notifications .none")).ToContainTextAsync("No notification channel. Add one to \"notifications\" in config.json");
        await Expect(page.Locator("#notifications tbody tr")).ToHaveCountAsync(0);

        // Every film in its state's section (pending and failed ones in the line of movies to grab), with title and year.
        foreach (var film in Films.All)
        {
            var section = film.State is "pending" or "failed" ? "queue" : film.State;
            var row = page.Locator($"#section-{section} tr[data-movie-id='{film.Id}']");
            await Expect(row).ToContainTextAsync(film.Title);
            await Expect(row).ToContainTextAsync(film.Year.ToString());
        }

        // Failures show their retries and last error; a waiting one counts down to its next attempt, second by second.
        var stalker = page.Locator($"tr[data-movie-id='{Films.Stalker.Id}']");
        await Expect(stalker.Locator("td.num").First).ToHaveTextAsync("4");
        await Expect(stalker.Locator(".error")).ToHaveTextAsync(Films.Stalker.Error!);
        var countdown = page.Locator($"tr[data-movie-id='{Films.FallenLeaves.Id}'] [data-deadline]");
        await Expect(countdown).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^in 5\dm \d\ds$"));
        var before = await countdown.TextContentAsync();
        await Expect(countdown).Not.ToHaveTextAsync(before!, new LocatorAssertionsToHaveTextOptions { Timeout = 3000 });

        // Downloads show a progress bar, speed and ETA.
        var oppenheimer = page.Locator($"tr[data-movie-id='{Films.Oppenheimer.Id}']");
        await Expect(oppenheimer.Locator(".progress .pct")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^6\d\.\d%$"));
        await Expect(oppenheimer).ToContainTextAsync("10 MB/s");
        await Expect(oppenheimer).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"\d+m \d\ds"));

        // A film's timeline: its events, newest first.
        await stalker.GetByRole(AriaRole.Button, new() { Name = "Stalker" }).ClickAsync();
        var timeline = page.Locator("#timeline");
        await Expect(timeline).ToBeVisibleAsync();
        await Expect(page.Locator("#timeline-title")).ToHaveTextAsync("Stalker (1979)");
        await Expect(timeline.Locator("li")).ToHaveCountAsync(5);
        await Expect(timeline.Locator("li").First).ToHaveAttributeAsync("data-event", "movie-failed-permanently");
        await Expect(timeline.Locator("li").Last).ToHaveAttributeAsync("data-event", "movie-queued");
        await Expect(timeline.Locator("li").First).ToContainTextAsync(Films.Stalker.Error!);

        await SaveScreenshotAsync(page);

        // Retry of a permanent failure: pending on the page at once, without a reload, and in the API.
        await page.EvaluateAsync("() => { window.sameDocument = true; }");
        var perfectDays = page.Locator($"#section-permanent_failure tr[data-movie-id='{Films.PerfectDays.Id}']");
        await perfectDays.GetByRole(AriaRole.Button, new() { Name = "Retry" }).ClickAsync();
        await Expect(page.Locator($"#section-queue tr[data-movie-id='{Films.PerfectDays.Id}'][data-state='pending']")).ToBeVisibleAsync();
        await Expect(perfectDays).ToHaveCountAsync(0);
        await Expect(page.Locator("#toast")).ToHaveTextAsync($"{Films.PerfectDays.Id} is pending again");
        await Expect(page.Locator("#count-pending")).ToHaveTextAsync("3");
        await Expect(page.Locator("#count-permanent_failures")).ToHaveTextAsync("1");
        Assert.True(await page.EvaluateAsync<bool>("() => window.sameDocument === true"), "the page was reloaded");
        Assert.Contains(Films.PerfectDays.Id, await _host.IdsAsync("api/movies?state=pending"));

        // A change made elsewhere (the CLI, another tab) reaches the page through the live stream.
        var (code, cli) = MovieSyncProcess.Run("forget", Films.PoorThings.Id, "--home", _host.Home.Path);
        Assert.True(code == 0, cli);
        await Expect(page.Locator($"tr[data-movie-id='{Films.PoorThings.Id}']")).ToHaveCountAsync(0);
        await Expect(page.Locator("#count-total")).ToHaveTextAsync("10");

        Assert.Empty(problems);
    }

    private async Task SaveScreenshotAsync(IPage page)
    {
        // The progress bars grow with a transition; the shot waits for them to reach their width.
        await page.WaitForTimeoutAsync(700);
        var artifact = Path.Combine(AppContext.BaseDirectory, "screenshots", "dashboard.png");
        Directory.CreateDirectory(Path.GetDirectoryName(artifact)!);
        // The whole page: at 1280 wide the seeded watchlist, every state of it, is about 1270 pixels tall.
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = artifact, FullPage = true });
        output.WriteLine($"screenshot: {artifact}");
        if (Environment.GetEnvironmentVariable("MOVIESYNC_UPDATE_SCREENSHOT") == "1")
        {
            var docs = Path.Combine(HeadlessChromium.RepositoryRoot(), "docs", "dashboard.png");
            Directory.CreateDirectory(Path.GetDirectoryName(docs)!);
            File.Copy(artifact, docs, overwrite: true);
            output.WriteLine($"screenshot: {docs}");
        }
    }
}
