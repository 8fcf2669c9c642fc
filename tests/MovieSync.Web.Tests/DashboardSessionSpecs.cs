using Microsoft.Extensions.Logging;
using MovieSync.Host.Web;
using MovieSync.Web.Tests.Support;
using Xunit;

namespace MovieSync.Web.Tests;

/// <summary>The session cookie lasts a fixed 7 days from the login, then is refused and cleared; the clock is the spec's.</summary>
public sealed class DashboardSessionSpecs
{
    private readonly AccessUnderTest _dashboard = new();

    [Fact]
    public async Task Logging_in_sets_a_cookie_with_a_max_age_and_an_expiry_7_days_ahead()
    {
        var login = await _dashboard.GetAsync($"/?token={AccessUnderTest.Token}");

        Assert.False(login.Reached);
        Assert.Equal(302, login.Status);
        var attributes = login.SetCookie.Split(';', StringSplitOptions.TrimEntries).Skip(1).Select(a => a.ToLowerInvariant()).ToList();
        Assert.Contains("max-age=604800", attributes);
        Assert.Contains("expires=mon, 09 nov 2026 12:00:00 gmt", attributes);
        Assert.DoesNotContain("secure", attributes);
        Assert.DoesNotContain(AccessUnderTest.Token, login.SetCookie);
    }

    [Fact]
    public async Task Over_https_the_cookie_is_secure()
    {
        var login = await _dashboard.GetAsync($"/?token={AccessUnderTest.Token}", https: true);

        Assert.Contains("secure", login.SetCookie.Split(';', StringSplitOptions.TrimEntries).Select(a => a.ToLowerInvariant()));
    }

    [Fact]
    public async Task A_session_opens_the_api_until_7_days_after_the_login_and_is_refused_and_cleared_from_then_on()
    {
        var cookie = await _dashboard.LogInAsync();

        _dashboard.Clock.Advance(DashboardSession.Lifetime - TimeSpan.FromSeconds(1));
        Assert.True((await _dashboard.GetAsync("/api/status", cookie: cookie)).Reached);

        _dashboard.Clock.Advance(TimeSpan.FromSeconds(1));
        var expired = await _dashboard.GetAsync("/api/status", cookie: cookie);

        Assert.False(expired.Reached);
        Assert.Equal(401, expired.Status);
        Assert.Contains("this dashboard session has expired (sessions last 7 days): open the page again with ?token=<dashboard.token>", expired.Body);
        Assert.StartsWith($"{DashboardAccess.CookieName}=;", expired.SetCookie);
        Assert.Contains("expires=thu, 01 jan 1970", expired.SetCookie.ToLowerInvariant());
        // An expired session is not a guess: it neither logs a wrong token nor counts towards a lock-out.
        Assert.DoesNotContain(_dashboard.Log.Collector.GetSnapshot(), r => r.Level == LogLevel.Warning);
    }

    [Fact]
    public async Task Sliding_does_not_happen_a_session_used_all_week_still_ends_7_days_after_the_login()
    {
        var cookie = await _dashboard.LogInAsync();

        for (var day = 1; day < 7; day++)
        {
            _dashboard.Clock.Advance(TimeSpan.FromDays(1));
            var answer = await _dashboard.GetAsync("/api/status", cookie: cookie);
            Assert.True(answer.Reached);
            Assert.Equal("", answer.SetCookie);
        }

        _dashboard.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(401, (await _dashboard.GetAsync("/api/status", cookie: cookie)).Status);
    }

    [Fact]
    public async Task A_session_of_another_token_or_a_forged_one_is_refused_as_not_valid()
    {
        var otherDashboard = new AccessUnderTest("another-token-of-the-access-specs-abcdef");
        var foreign = await otherDashboard.LogInAsync();
        var issued = foreign.Split('=', 2)[1].Split('.')[0];

        foreach (var cookie in new[] { foreign, $"{DashboardAccess.CookieName}={issued}.{new string('0', 64)}", $"{DashboardAccess.CookieName}=garbage" })
        {
            var answer = await _dashboard.GetAsync("/api/status", cookie: cookie);

            Assert.False(answer.Reached);
            Assert.Equal(401, answer.Status);
            Assert.Contains("this dashboard session is not valid (dashboard.token changed?)", answer.Body);
        }
    }
}
