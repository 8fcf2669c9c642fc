using Microsoft.Playwright;
using MovieSync.Web.Tests.Support;
using Xunit;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace MovieSync.Web.Tests;

/// <summary>
/// The dashboard's Notifications panel in a real browser (issue 13): one row per channel, the webhook's last deliveries as
/// the API lists them, and the refusing Telegram channel marked failing with its error, never its bot token.
/// </summary>
[Collection(NotifyingHostCollection.Name)]
public sealed class NotificationsBrowserSpecs(NotifyingHost fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task The_panel_shows_each_channel_its_last_deliveries_and_the_failing_one()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await HeadlessChromium.LaunchAsync(playwright, output);
        var problems = new List<string>();
        var page = await HeadlessChromium.NewPageAsync(browser, problems);
        await page.GotoAsync(fixture.Host.Url.ToString());

        var panel = page.Locator("#notifications");
        await Expect(panel).ToBeVisibleAsync();
        await Expect(panel.Locator("tbody tr")).ToHaveCountAsync(2);
        await Expect(page.Locator("#notifications-summary")).ToHaveTextAsync("1 failing");

        // The webhook: delivering, nothing waiting, its five deliveries in the API's order (newest first).
        var hook = panel.Locator($"tr[data-channel='{fixture.HookChannel.Key}']");
        await Expect(hook).ToHaveAttributeAsync("data-failing", "false");
        await Expect(hook.Locator(".pill")).ToHaveTextAsync("webhook");
        await Expect(hook.Locator(".channel-name")).ToHaveTextAsync(fixture.Hook.Url("hook").ToString());
        await Expect(hook.Locator(".channel-state")).ToHaveTextAsync("ok");
        await Expect(hook.Locator("td.waiting")).ToHaveTextAsync("0");
        await Expect(hook.Locator("td.delivered")).ToHaveTextAsync("5");
        var api = (await fixture.ChannelsAsync())[0].GetProperty("recent").EnumerateArray().ToList();
        var deliveries = hook.Locator("li.delivery");
        await Expect(deliveries).ToHaveCountAsync(5);
        for (var i = 0; i < api.Count; i++)
        {
            var id = api[i].GetProperty("delivery_id").GetString()!;
            await Expect(deliveries.Nth(i)).ToHaveAttributeAsync("data-delivery-id", id);
            await Expect(deliveries.Nth(i).Locator(".headline")).ToHaveTextAsync(api[i].GetProperty("title").GetString()!);
            await Expect(deliveries.Nth(i).Locator(".delivery-id")).ToHaveTextAsync(id[..8]);
        }

        await Expect(hook.Locator("li.delivery[data-event='grabbed']", new() { HasText = "Grabbed The Matrix (1999)" })).ToHaveCountAsync(1);

        // Telegram: refusing, marked failing, with the error and its given-up notifications.
        var telegram = panel.Locator($"tr[data-channel='{fixture.TelegramChannel.Key}']");
        await Expect(telegram).ToHaveAttributeAsync("data-failing", "true");
        await Expect(telegram).ToHaveAttributeAsync("data-state", "refusing");
        await Expect(telegram.Locator(".failing-mark")).ToBeVisibleAsync();
        await Expect(telegram.Locator(".channel-state")).ToContainTextAsync("refusing");
        await Expect(telegram.Locator(".channel-name")).ToHaveTextAsync("chat 42");
        await Expect(telegram.Locator(".channel-name")).ToHaveAttributeAsync("title", "telegram chat 42");
        await Expect(telegram.Locator(".error")).ToHaveTextAsync("HTTP 400: Bad Request: chat not found");
        await Expect(telegram.Locator("td.delivered")).ToHaveTextAsync("0");
        await Expect(telegram.Locator("li.delivery.given-up").First).ToContainTextAsync("given up: HTTP 400: Bad Request: chat not found");

        var shot = Path.Combine(AppContext.BaseDirectory, "screenshots", "notifications.png");
        Directory.CreateDirectory(Path.GetDirectoryName(shot)!);
        await panel.ScreenshotAsync(new LocatorScreenshotOptions { Path = shot });
        output.WriteLine($"screenshot: {shot}");

        var text = await page.Locator("body").InnerTextAsync();
        Assert.DoesNotContain("secret-bot-token", text);
        Assert.DoesNotContain("secret-bot-token", await page.ContentAsync());
        Assert.Empty(problems);
    }
}
