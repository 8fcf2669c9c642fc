using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Prometheus;

namespace MovieSync.Host.Web.Health;

/// <summary>
/// <c>GET /healthz</c> (for uptime checks: 200 when every part works, 503 naming those that do not) and
/// <c>GET /metrics</c> (Prometheus text format), outside <c>/api</c>. From loopback neither needs the token
/// (<see cref="DashboardAccess"/>).
/// </summary>
public static class HealthApi
{
    public const string HealthPath = "/healthz";
    public const string MetricsPath = "/metrics";
    private const string PrometheusText = "text/plain; version=0.0.4; charset=utf-8";

    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        app.MapGet(HealthPath, async (HealthCheck health, CancellationToken ct) =>
        {
            var report = await health.ReportAsync(ct);
            return Results.Json(report, statusCode: report.Status == HealthReport.Ok ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        });
        app.MapGet(MetricsPath, async (HttpContext context, HostMetrics metrics, CancellationToken ct) =>
        {
            context.Response.ContentType = PrometheusText;
            await metrics.Registry.CollectAndExportAsTextAsync(context.Response.Body, cancel: ct);
        });
        return app;
    }

    /// <summary>True for the routes a client on this machine may read without the token.</summary>
    public static bool OpenOnLoopback(PathString path) => path == HealthPath || path == MetricsPath;
}
