using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using MovieSync.Host.Web;

namespace MovieSync.Web.Tests.Support;

/// <summary>
/// <see cref="DashboardAccess"/> in this process, off loopback (as a dashboard reachable from other machines is), on a
/// clock the spec moves: requests go through it one by one and the answer says whether they reached the API.
/// </summary>
public sealed class AccessUnderTest
{
    public const string Token = "the-token-of-the-access-specs-0123456789";

    private readonly string _token;

    public AccessUnderTest(string token = Token)
    {
        _token = token;
        Access = new DashboardAccess(token, loopbackOnly: false, Clock, Log);
    }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 2, 12, 0, 0, TimeSpan.Zero));

    public FakeLogger<DashboardAccess> Log { get; } = new();

    public DashboardAccess Access { get; }

    /// <summary>A GET of <paramref name="target"/> ("/api/status", "/?token=..."), from <paramref name="from"/>.</summary>
    public async Task<Answer> GetAsync(string target, string from = "192.0.2.7", string? bearer = null, string? cookie = null, bool https = false)
    {
        var context = new DefaultHttpContext();
        var query = target.IndexOf('?');
        context.Request.Method = HttpMethods.Get;
        context.Request.Scheme = https ? "https" : "http";
        context.Request.Host = new HostString("192.0.2.1", 5055);
        context.Request.Path = query < 0 ? target : target[..query];
        context.Request.QueryString = query < 0 ? QueryString.Empty : new QueryString(target[query..]);
        if (bearer is not null)
            context.Request.Headers.Authorization = "Bearer " + bearer;
        if (cookie is not null)
            context.Request.Headers.Cookie = cookie;
        context.Connection.RemoteIpAddress = IPAddress.Parse(from);
        var body = new MemoryStream();
        context.Response.Body = body;

        var reached = false;
        await Access.InvokeAsync(context, _ =>
        {
            reached = true;
            return Task.CompletedTask;
        });

        var response = context.Response;
        return new Answer(reached, response.StatusCode, response.Headers.SetCookie.ToString(), response.Headers.RetryAfter.ToString(),
            System.Text.Encoding.UTF8.GetString(body.ToArray()));
    }

    /// <summary>Logs in with <c>?token=</c> and returns the session cookie, as a browser would send it back.</summary>
    public async Task<string> LogInAsync(string from = "192.0.2.7")
    {
        var login = await GetAsync($"/?token={Uri.EscapeDataString(_token)}", from);
        if (login.Status != StatusCodes.Status302Found)
            throw new InvalidOperationException($"the login was answered {login.Status}: {login.Body}");
        return login.SetCookie.Split(';')[0];
    }
}

/// <summary>What <see cref="DashboardAccess"/> did with a request: let it through to the API, or answered it.</summary>
public sealed record Answer(bool Reached, int Status, string SetCookie, string RetryAfter, string Body);
