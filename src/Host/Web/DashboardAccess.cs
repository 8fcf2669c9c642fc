using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using MovieSync.Configuration;

namespace MovieSync.Host.Web;

/// <summary>
/// Who may use the dashboard and API: with <c>dashboard.token</c> set, a bearer token or the cookie the page got from
/// <c>?token=</c>; state changes only from the dashboard's own origin; on a loopback address, only loopback Host names
/// (a page elsewhere cannot reach us through DNS rebinding). The token itself is never written back.
/// </summary>
public sealed class DashboardAccess
{
    public const string CookieName = "moviesync_session";
    private readonly byte[]? _token;
    private readonly byte[]? _session;
    private readonly bool _loopbackOnly;

    /// <summary>True when dashboard.token is set: every request must carry it.</summary>
    public bool NeedsToken => _token is not null;

    public DashboardAccess(string? token, bool loopbackOnly)
    {
        if (!string.IsNullOrEmpty(token))
        {
            _token = Encoding.UTF8.GetBytes(token);
            // The cookie holds a value derived from the token, so that the token itself never travels back.
            _session = Encoding.ASCII.GetBytes(Convert.ToHexStringLower(HMACSHA256.HashData(_token, "moviesync dashboard session"u8)));
        }

        _loopbackOnly = loopbackOnly;
    }

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = "no-store";

        if (_loopbackOnly && !ListenAddress.IsLoopback(context.Request.Host.Host))
        {
            await Refuse(context, StatusCodes.Status403Forbidden, "this dashboard answers only to 127.0.0.1 and localhost");
            return;
        }

        if (_token is not null)
        {
            if (context.Request.Path == "/" && context.Request.Query.TryGetValue("token", out var offered))
            {
                if (!Matches(_token, offered.ToString()))
                {
                    await Refuse(context, StatusCodes.Status401Unauthorized, "the token in ?token= is not dashboard.token");
                    return;
                }

                // Lax, not Strict: a link to the page from elsewhere (a chat, a bookmark page) must still log in;
                // cross-site POSTs are refused by their Origin below either way.
                context.Response.Cookies.Append(CookieName, Encoding.ASCII.GetString(_session!), new CookieOptions
                {
                    HttpOnly = true, SameSite = SameSiteMode.Lax, Path = "/", Secure = context.Request.IsHttps, IsEssential = true,
                });
                // Off the address bar and the browser history at once.
                context.Response.Redirect("/");
                return;
            }

            if (!Authorized(context))
            {
                await Refuse(context, StatusCodes.Status401Unauthorized,
                    "this dashboard needs its token: send 'Authorization: Bearer <dashboard.token>', or open the page once with ?token=<dashboard.token>");
                return;
            }
        }

        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method) && !HttpMethods.IsOptions(context.Request.Method)
            && IsCrossOrigin(context.Request))
        {
            await Refuse(context, StatusCodes.Status403Forbidden, "cross-origin request refused: changes are accepted only from this dashboard's own page, or from clients that send no Origin (the CLI, curl)");
            return;
        }

        await next(context);
    }

    private bool Authorized(HttpContext context)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && Matches(_token!, authorization["Bearer ".Length..].Trim()))
            return true;
        return context.Request.Cookies.TryGetValue(CookieName, out var session) && Matches(_session!, session);
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
