using System.Diagnostics;
using Microsoft.Playwright;
using Xunit;
using Xunit.Abstractions;

namespace MovieSync.Web.Tests.Support;

/// <summary>Debian's chromium, headless, for the dashboard's browser specs: one page at 1280×900, light, en-GB, Bucharest time.</summary>
public static class HeadlessChromium
{
    private const string Chromium = "/usr/bin/chromium";

    public static async Task<IBrowser> LaunchAsync(IPlaywright playwright, ITestOutputHelper output)
    {
        EnsureChromium(output);
        return await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run",
                "--disable-sync", "--disable-quic"],
        });
    }

    /// <summary>A page that collects console errors and warnings, page errors and failed requests into <paramref name="problems"/>.</summary>
    public static async Task<IPage> NewPageAsync(IBrowser browser, List<string> problems)
    {
        var page = await browser.NewPageAsync(new BrowserNewPageOptions
        {
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
            ColorScheme = ColorScheme.Light,
            Locale = "en-GB",
            TimezoneId = "Europe/Bucharest",
        });
        page.Console += (_, message) => { if (message.Type is "error" or "warning") problems.Add($"console {message.Type}: {message.Text}"); };
        page.PageError += (_, error) => problems.Add($"page error: {error}");
        page.RequestFailed += (_, request) => { if (!request.Url.EndsWith("/api/events", StringComparison.Ordinal)) problems.Add($"failed: {request.Url}"); };
        return page;
    }

    /// <summary>The browser is part of the test: installed by scripts/chromium-test-setup.sh when missing, else the spec fails.</summary>
    private static void EnsureChromium(ITestOutputHelper output)
    {
        if (File.Exists(Chromium))
            return;
        var script = Path.Combine(RepositoryRoot(), "scripts", "chromium-test-setup.sh");
        var setup = Process.Start(new ProcessStartInfo("bash", [script]) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        var log = setup.StandardError.ReadToEnd() + setup.StandardOutput.ReadToEnd();
        setup.WaitForExit();
        output.WriteLine(log);
        Assert.True(File.Exists(Chromium),
            $"The dashboard's browser spec needs chromium at {Chromium}, and {script} could not install it " +
            $"(exit {setup.ExitCode}). Install it with `sudo bash scripts/chromium-test-setup.sh` (apt-get install chromium).\n{log}");
    }

    public static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "MovieSync.sln")))
                return folder.FullName;
        }

        throw new InvalidOperationException($"no MovieSync.sln above {AppContext.BaseDirectory}");
    }
}
