using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using MovieSync.Configuration;

namespace MovieSync.Host.Web;

/// <summary>
/// Who may use the dashboard and API: with <c>dashboard.token</c> set, a bearer token or the session cookie the page got
/// from <c>?token=</c> (it expires, see <see cref="DashboardSession"/>); wrong tokens are logged and slowed down per
/// address (<see cref="TokenGuessLimiter"/>); state changes only from the dashboard's own origin; on a loopback address
/// without a token, only loopback Host names (a page elsewhere cannot reach us through DNS rebinding; with a token it
/// would get no further than the token check, so a reverse proxy may pass its own Host on). <c>/healthz</c> and
/// <c>/metrics</c> need no token from a loopback client. The token is never written back.
/// </summary>
public sealed class DashboardAccess
{
    public const string CookieName = "moviesync_session";
    private readonly byte[]? _token;
    private readonly DashboardSession? _session;
    private readonly TokenGuessLimiter _guesses;
    private readonly ILogger _log;
    private readonly bool _loopbackOnly;

    /// <summary>True when dashboard.token is set: every request must carry it.</summary>
    public bool NeedsToken => _token is not null;

    public DashboardAccess(string? token, bool loopbackOnly, TimeProvider clock, ILogger<DashboardAccess> log)
    {
        if (!string.IsNullOrEmpty(token))
        {
            _token = Encoding.UTF8.GetBytes(token);
            _session = new DashboardSession(token, clock);
        }

        _guesses = new TokenGuessLimiter(clock);
        _log = log;
        _loopbackOnly = loopbackOnly;
    }

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = "no-store";

        if (_loopbackOnly && _token is null && !ListenAddress.IsLoopback(context.Request.Host.Host))
        {
            await Refuse(context, StatusCodes.Status403Forbidden, "this dashboard answers only to 127.0.0.1 and localhost");
            return;
        }

        if (_token is not null && !FromThisMachineToHealth(context) && !await Admitted(context))
            return;

        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method) && !HttpMethods.IsOptions(context.Request.Method)
            && IsCrossOrigin(context.Request))
        {
            await Refuse(context, StatusCodes.Status403Forbidden, "cross-origin request refused: changes are accepted only from this dashboard's own page, or from clients that send no Origin (the CLI, curl)");
            return;
        }

        await next(context);
    }

    /// <summary>
    /// <c>/healthz</c> and <c>/metrics</c> asked from this machine (an uptime check, a local Prometheus): they change nothing
    /// and show no secret. Behind a reverse proxy here, the client is the one it names in X-Forwarded-For.
    /// </summary>
    private static bool FromThisMachineToHealth(HttpContext context) =>
        Health.HealthApi.OpenOnLoopback(context.Request.Path) && context.Connection.RemoteIpAddress is { } address
        && IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);

    /// <summary>True when the request may go on; otherwise it has been answered (and a login redirected).</summary>
    private async Task<bool> Admitted(HttpContext context)
    {
        var request = context.Request;
        var fromAddress = request.Path == "/" && request.Query.TryGetValue("token", out var inAddress) ? inAddress.ToString() : null;
        var authorization = request.Headers.Authorization.ToString();
        var bearer = authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization["Bearer ".Length..].Trim() : null;

        if (fromAddress is not null || bearer is not null)
        {
            // Refused unchecked while locked out: an answer to a guess, right or wrong, would let the guessing go on.
            if (_guesses.LockedOutFor(context.Connection.RemoteIpAddress) is { } wait)
            {
                var seconds = (int)Math.Ceiling(wait.TotalSeconds);
                context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                await Refuse(context, StatusCodes.Status429TooManyRequests,
                    $"too many wrong tokens from this address: tokens from it are refused for another {seconds} s");
                return false;
            }

            if (!Matches(_token!, fromAddress ?? bearer))
            {
                WrongToken(context, fromAddress is not null ? "?token=" : "bearer header");
                await Refuse(context, StatusCodes.Status401Unauthorized, fromAddress is not null
                    ? "the token in ?token= is not dashboard.token"
                    : "this dashboard needs its token: send 'Authorization: Bearer <dashboard.token>', or open the page once with ?token=<dashboard.token>");
                return false;
            }

            if (fromAddress is null)
                return true;
            var (value, expires) = _session!.Issue();
            // Lax, not Strict: a link to the page from elsewhere (a chat, a bookmark page) must still log in;
            // cross-site POSTs are refused by their Origin below either way.
            context.Response.Cookies.Append(CookieName, value, new CookieOptions
            {
                HttpOnly = true, SameSite = SameSiteMode.Lax, Path = "/", Secure = request.IsHttps, IsEssential = true,
                MaxAge = DashboardSession.Lifetime, Expires = expires,
            });
            // Off the address bar and the browser history at once.
            context.Response.Redirect("/");
            return false;
        }

        var session = request.Cookies.TryGetValue(CookieName, out var cookie) ? _session!.Check(cookie) : (SessionCheck?)null;
        if (session == SessionCheck.Valid)
            return true;
        if (session is not null)
            context.Response.Cookies.Delete(CookieName, new CookieOptions { Path = "/", Secure = request.IsHttps, HttpOnly = true, SameSite = SameSiteMode.Lax });
        await Refuse(context, StatusCodes.Status401Unauthorized, session switch
        {
            SessionCheck.Expired => $"this dashboard session has expired (sessions last {DashboardSession.Lifetime.TotalDays:0} days): open the page again with ?token=<dashboard.token>",
            SessionCheck.Invalid => "this dashboard session is not valid (dashboard.token changed?): open the page again with ?token=<dashboard.token>",
            _ => "this dashboard needs its token: send 'Authorization: Bearer <dashboard.token>', or open the page once with ?token=<dashboard.token>",
        });
        return false;
    }

    /// <summary>Logs the address, never what was tried, and starts a lockout at the limit.</summary>
    private void WrongToken(HttpContext context, string via)
    {
        var address = context.Connection.RemoteIpAddress?.ToString() ?? "an unknown address";
        var (count, lockedOut) = _guesses.RecordWrongToken(context.Connection.RemoteIpAddress);
        _log.LogWarning("Wrong dashboard token from {RemoteAddress} in the {Via} ({Count} within {Window} s)",
            address, via, count, TokenGuessLimiter.Window.TotalSeconds);
        if (lockedOut)
            _log.LogWarning("Refusing dashboard tokens from {RemoteAddress} for {Lockout} s after {Count} wrong ones within {Window} s",
                address, TokenGuessLimiter.Lockout.TotalSeconds, count, TokenGuessLimiter.Window.TotalSeconds);
    }

    private static bool Matches(byte[] expected, string? offered) =>
        offered is not null && CryptographicOperations.FixedTimeEquals(expected, Encoding.UTF8.GetBytes(offered));

    /// <summary>True when the Origin (or, without one, the Referer) names another origin than the one asked.</summary>
    private static bool IsCrossOrigin(HttpRequest request)
    {
        var own = $"{request.Scheme}://{request.Host.Value}";
        var origin = request.Headers.Origin.ToString();
        if (origin.Length > 0)
            return !string.Equals(origin.TrimEnd('/'), own, StringComparison.OrdinalIgnoreCase);
        var referer = request.Headers.Referer.ToString();
        if (referer.Length == 0)
            return false; // not a browser's cross-site form: curl, the CLI
        return !Uri.TryCreate(referer, UriKind.Absolute, out var uri)
               || !string.Equals(uri.GetLeftPart(UriPartial.Authority), own, StringComparison.OrdinalIgnoreCase);
    }

    private static Task Refuse(HttpContext context, int status, string error)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new ErrorReply(error));
    }
}
