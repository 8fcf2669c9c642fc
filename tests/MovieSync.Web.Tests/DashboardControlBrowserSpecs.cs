using System.Text.Json;
using Microsoft.Playwright;
using MovieSync.Web.Tests.Support;
using Xunit;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace MovieSync.Web.Tests;

/// <summary>
/// The dashboard's controls in a real browser (issue 12 §1): the line of movies to grab in queue order, a priority that
/// reorders it, Grab now on a permanent failure, Skip and Retry, and a change made through the API by someone else, all
/// seen without a reload. Only Playwright's auto-waiting expectations: no fixed sleeps.
/// </summary>
public sealed class DashboardControlBrowserSpecs(ITestOutputHelper output) : IAsyncLifetime
{
    private DashboardHost _host = null!;

    public async Task InitializeAsync() => _host = await DashboardHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Priority_grab_now_skip_and_retry_change_the_line_live()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await HeadlessChromium.LaunchAsync(playwright, output);
        var problems = new List<string>();
        var page = await HeadlessChromium.NewPageAsync(browser, problems);
        await page.GotoAsync(_host.Url.ToString());
        await Expect(page.Locator("#live")).ToHaveAttributeAsync("data-mode", "live");
        await page.EvaluateAsync("() => { window.sameDocument = true; }");

        // The line: the pending and the failed films, in the API's queue order, each saying why it waits.
        await ExpectLineAsync(page);
        var fallenLeaves = Row(page, "queue", Films.FallenLeaves);
        // A retry that falls on another day (in the browser's time zone) carries its date: "retry 1 at 2 Dec 00:04 in 56m".
        await Expect(fallenLeaves.Locator("td.why")).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"retry \d+ at (\d+ \w+ )?\d\d:\d\d in \d+[hm]"));
        await Expect(Row(page, "queue", Films.PoorThings).Locator("td.why")).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"^pending [34](rd|th) in line$"));

        // High priority: Poor Things goes first in line.
        var poorThings = Row(page, "queue", Films.PoorThings);
        await poorThings.GetByRole(AriaRole.Button, new() { Name = "High" }).ClickAsync();
        await Expect(page.Locator("#toast")).ToHaveTextAsync($"{Films.PoorThings.Id} has priority high");
        await Expect(poorThings.GetByRole(AriaRole.Button, new() { Name = "High" })).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(page.Locator("#section-queue tbody tr").First).ToHaveAttributeAsync("data-movie-id", Films.PoorThings.Id);
        await Expect(poorThings.Locator("td.why")).ToHaveTextAsync("pending next in line");
        await ExpectLineAsync(page);

        // Grab now on a permanent failure: out of its section, first in line, its retry count carrying on (attempt 5).
        var stalker = Row(page, "permanent_failure", Films.Stalker);
        await stalker.GetByRole(AriaRole.Button, new() { Name = "Grab now" }).ClickAsync();
        var grabbed = Row(page, "queue", Films.Stalker);
        await Expect(grabbed).ToHaveAttributeAsync("data-state", "pending");
        await Expect(grabbed.Locator("td.why")).ToContainTextAsync("grab now: attempt 5, first in line");
        await Expect(grabbed.Locator("td.position")).ToHaveTextAsync("1");
        await Expect(stalker).ToHaveCountAsync(0);
        await Expect(page.Locator("#count-permanent_failures")).ToHaveTextAsync("1");
        await ExpectLineAsync(page);
        // Its timeline shows the request.
        await grabbed.GetByRole(AriaRole.Button, new() { Name = "Stalker" }).ClickAsync();
        await Expect(page.Locator("#timeline li").First).ToHaveAttributeAsync("data-event", "grab-requested");
        await Expect(page.Locator("#timeline li").First).ToContainTextAsync("Grab now requested");

        // Skip a film in the line (failed, waiting for its retry): skipped at once; Retry brings it back into the line.
        await fallenLeaves.GetByRole(AriaRole.Button, new() { Name = "Skip" }).ClickAsync();
        var skipped = Row(page, "skipped", Films.FallenLeaves);
        await Expect(skipped).ToHaveAttributeAsync("data-state", "skipped");
        await Expect(fallenLeaves).ToHaveCountAsync(0);
        await Expect(page.Locator("#count-skipped")).ToHaveTextAsync("1");
        await Expect(page.Locator("#count-failed")).ToHaveTextAsync("1");
        await Expect(page.Locator("#toast")).ToHaveTextAsync($"{Films.FallenLeaves.Id} is skipped: it is not grabbed until `retry`");
        await skipped.GetByRole(AriaRole.Button, new() { Name = "Retry" }).ClickAsync();
        await Expect(fallenLeaves).ToHaveAttributeAsync("data-state", "pending");
        await Expect(page.Locator("#count-skipped")).ToHaveTextAsync("0");
        await ExpectLineAsync(page);

        // Someone else (the CLI, another tab) lowers a film: the live stream brings it to the page, at the end of the line.
        using (var response = await _host.Api.PostAsync($"api/movies/{Films.ZoneOfInterest.Id}/priority?value=low", null))
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        await Expect(Row(page, "queue", Films.ZoneOfInterest).GetByRole(AriaRole.Button, new() { Name = "Low" }))
            .ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(page.Locator("#section-queue tbody tr").Last).ToHaveAttributeAsync("data-movie-id", Films.ZoneOfInterest.Id);
        await ExpectLineAsync(page);

        Assert.True(await page.EvaluateAsync<bool>("() => window.sameDocument === true"), "the page was reloaded");
        Assert.Empty(problems);
    }

    private static ILocator Row(IPage page, string section, Film film) => page.Locator($"#section-{section} tr[data-movie-id='{film.Id}']");

    /// <summary>The page's line is the API's: the same films, in <c>queue_position</c> order, numbered 1, 2, 3...</summary>
    private async Task ExpectLineAsync(IPage page)
    {
        var line = (await _host.GetJsonAsync("api/movies")).EnumerateArray()
            .Where(m => m.GetProperty("queue_position").ValueKind == JsonValueKind.Number)
            .OrderBy(m => m.GetProperty("queue_position").GetInt32())
            .Select(m => m.GetProperty("id").GetString()!).ToList();
        var rows = page.Locator("#section-queue tbody tr");
        await Expect(rows).ToHaveCountAsync(line.Count);
        for (var i = 0; i < line.Count; i++)
        {
            await Expect(rows.Nth(i)).ToHaveAttributeAsync("data-movie-id", line[i]);
            await Expect(rows.Nth(i).Locator("td.position")).ToHaveTextAsync((i + 1).ToString());
        }
    }
}
