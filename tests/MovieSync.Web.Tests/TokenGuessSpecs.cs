using Microsoft.Extensions.Logging;
using MovieSync.Host.Web;
using MovieSync.Web.Tests.Support;
using Xunit;

namespace MovieSync.Web.Tests;

/// <summary>
/// Five wrong tokens within a minute from one address: its tokens are refused unchecked (429, Retry-After) for five
/// minutes, each wrong one logged with the address and never the token. The clock is the spec's.
/// </summary>
public sealed class TokenGuessSpecs
{
    private const string Guesser = "192.0.2.66";
    private readonly AccessUnderTest _dashboard = new();

    [Fact]
    public async Task Five_wrong_tokens_within_a_minute_lock_the_address_out_for_five_minutes_even_for_the_right_token()
    {
        for (var i = 1; i <= TokenGuessLimiter.AllowedWrongTokens; i++)
        {
            _dashboard.Clock.Advance(TimeSpan.FromSeconds(10));
            Assert.Equal(401, (await _dashboard.GetAsync("/api/status", Guesser, bearer: $"wrong-guess-{i}")).Status);
        }

        var locked = await _dashboard.GetAsync("/api/status", Guesser, bearer: AccessUnderTest.Token);
        Assert.False(locked.Reached);
        Assert.Equal(429, locked.Status);
        Assert.Equal("300", locked.RetryAfter);
        Assert.Contains("too many wrong tokens from this address: tokens from it are refused for another 300 s", locked.Body);
        Assert.Equal(429, (await _dashboard.GetAsync($"/?token={AccessUnderTest.Token}", Guesser)).Status);

        _dashboard.Clock.Advance(TokenGuessLimiter.Lockout - TimeSpan.FromSeconds(1));
        var almost = await _dashboard.GetAsync("/api/status", Guesser, bearer: AccessUnderTest.Token);
        Assert.Equal(429, almost.Status);
        Assert.Equal("1", almost.RetryAfter);

        _dashboard.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True((await _dashboard.GetAsync("/api/status", Guesser, bearer: AccessUnderTest.Token)).Reached);
    }

    [Fact]
    public async Task A_locked_out_address_keeps_its_session_and_other_addresses_are_not_locked_out()
    {
        var session = await _dashboard.LogInAsync(Guesser);

        for (var i = 1; i <= TokenGuessLimiter.AllowedWrongTokens; i++)
            await _dashboard.GetAsync($"/?token=wrong-guess-{i}", Guesser);

        Assert.Equal(429, (await _dashboard.GetAsync("/api/status", Guesser, bearer: AccessUnderTest.Token)).Status);
        Assert.True((await _dashboard.GetAsync("/api/status", Guesser, cookie: session)).Reached);
        Assert.True((await _dashboard.GetAsync("/api/status", "198.51.100.9", bearer: AccessUnderTest.Token)).Reached);
    }

    [Fact]
    public async Task Wrong_tokens_count_within_a_sliding_minute()
    {
        for (var i = 0; i < TokenGuessLimiter.AllowedWrongTokens - 1; i++)
            await _dashboard.GetAsync("/api/status", Guesser, bearer: "wrong");
        _dashboard.Clock.Advance(TokenGuessLimiter.Window);
        for (var i = 0; i < TokenGuessLimiter.AllowedWrongTokens - 1; i++)
            await _dashboard.GetAsync("/api/status", Guesser, bearer: "wrong");

        Assert.True((await _dashboard.GetAsync("/api/status", Guesser, bearer: AccessUnderTest.Token)).Reached);

        _dashboard.Clock.Advance(TimeSpan.FromSeconds(59));
        await _dashboard.GetAsync("/api/status", Guesser, bearer: "wrong"); // the fifth within the minute since the second batch began
        Assert.Equal(429, (await _dashboard.GetAsync("/api/status", Guesser, bearer: AccessUnderTest.Token)).Status);
    }

    [Fact]
    public async Task Requests_without_any_token_are_refused_but_are_not_guesses()
    {
        for (var i = 0; i < 3 * TokenGuessLimiter.AllowedWrongTokens; i++)
            Assert.Equal(401, (await _dashboard.GetAsync("/api/status", Guesser)).Status);

        Assert.True((await _dashboard.GetAsync("/api/status", Guesser, bearer: AccessUnderTest.Token)).Reached);
        Assert.Empty(_dashboard.Log.Collector.GetSnapshot());
    }

    [Fact]
    public async Task Each_wrong_token_is_a_warning_naming_the_address_and_never_the_token_tried()
    {
        var tried = Enumerable.Range(1, TokenGuessLimiter.AllowedWrongTokens).Select(i => $"tried-token-number-{i}").ToList();

        await _dashboard.GetAsync($"/?token={tried[0]}", Guesser);
        foreach (var token in tried.Skip(1))
            await _dashboard.GetAsync("/api/movies", Guesser, bearer: token);

        var records = _dashboard.Log.Collector.GetSnapshot();
        Assert.All(records, r => Assert.Equal(LogLevel.Warning, r.Level));
        Assert.Equal("Wrong dashboard token from 192.0.2.66 in the ?token= (1 within 60 s)", records[0].Message);
        Assert.Equal("Wrong dashboard token from 192.0.2.66 in the bearer header (2 within 60 s)", records[1].Message);
        Assert.Equal("Refusing dashboard tokens from 192.0.2.66 for 300 s after 5 wrong ones within 60 s", records[^1].Message);
        Assert.Equal(TokenGuessLimiter.AllowedWrongTokens + 1, records.Count);
        Assert.Equal(Guesser, records[0].StructuredState!.Single(p => p.Key == "RemoteAddress").Value);
        Assert.DoesNotContain(records, r => tried.Any(t => r.Message.Contains(t, StringComparison.Ordinal) ||
                                                         r.StructuredState!.Any(p => p.Value?.Contains(t, StringComparison.Ordinal) == true)));
    }

    [Fact]
    public async Task Ipv6_addresses_count_per_64_bit_prefix()
    {
        for (var i = 1; i <= TokenGuessLimiter.AllowedWrongTokens; i++)
            await _dashboard.GetAsync("/api/status", $"2001:db8:0:1::{i}", bearer: "wrong");

        Assert.Equal(429, (await _dashboard.GetAsync("/api/status", "2001:db8:0:1::99", bearer: AccessUnderTest.Token)).Status);
        Assert.True((await _dashboard.GetAsync("/api/status", "2001:db8:0:2::1", bearer: AccessUnderTest.Token)).Reached);
    }
}
