using System.Collections.Frozen;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace MovieSync.Host.Web;

/// <summary>The dashboard's page, script and style, embedded in the assembly (no CDN, works offline).</summary>
public static class DashboardPage
{
    // Only our own files; fetches only to ourselves; no framing.
    private const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static readonly FrozenDictionary<string, (byte[] Content, string ContentType)> Files = Load();

    public static IEndpointRouteBuilder MapDashboardPage(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", (HttpContext context) => Serve(context, "index.html"));
        app.MapGet("/dashboard.js", (HttpContext context) => Serve(context, "dashboard.js"));
        app.MapGet("/notifications.js", (HttpContext context) => Serve(context, "notifications.js"));
        app.MapGet("/dashboard.css", (HttpContext context) => Serve(context, "dashboard.css"));
        app.MapGet("/favicon.svg", (HttpContext context) => Serve(context, "favicon.svg"));
        return app;
    }

    private static IResult Serve(HttpContext context, string name)
    {
        if (!Files.TryGetValue(name, out var file))
            return Results.NotFound();
        context.Response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        return Results.Bytes(file.Content, file.ContentType);
    }

    private static FrozenDictionary<string, (byte[], string)> Load()
    {
        const string prefix = "MovieSync.Host.Web.Dashboard.";
        var assembly = typeof(DashboardPage).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(prefix, StringComparison.Ordinal))
            .ToFrozenDictionary(name => name[prefix.Length..], name =>
            {
                using var stream = assembly.GetManifestResourceStream(name)!;
                using var copy = new MemoryStream();
                stream.CopyTo(copy);
                return (copy.ToArray(), ContentType(name));
            });
    }

    private static string ContentType(string name) => Path.GetExtension(name) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".svg" => "image/svg+xml",
        _ => "application/octet-stream",
    };
}
