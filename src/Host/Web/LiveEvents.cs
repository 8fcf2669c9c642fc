using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;

namespace MovieSync.Host.Web;

/// <summary><c>GET /api/events</c>: Server-Sent Events, one <c>data:</c> line per newly persisted event.</summary>
public static class LiveEvents
{
    // Proxies and browsers drop connections that stay silent; a comment line keeps it open.
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(15);

    public static async Task StreamAsync(HttpContext context, MovieBoard board, IHostApplicationLifetime lifetime)
    {
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers["X-Accel-Buffering"] = "no";
        // Ends with the request or with the host, so that a listening page never delays a graceful shutdown.
        using var ending = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        using var listener = board.Listen();
        try
        {
            await context.Response.WriteAsync(": listening\n\n", ending.Token);
            await context.Response.Body.FlushAsync(ending.Token);
            while (!ending.IsCancellationRequested)
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(ending.Token);
                wait.CancelAfter(Heartbeat);
                string line;
                try
                {
                    line = $"data: {await listener.Events.ReadAsync(wait.Token)}\n\n";
                }
                catch (OperationCanceledException) when (!ending.IsCancellationRequested)
                {
                    line = ": still here\n\n";
                }

                await context.Response.WriteAsync(line, ending.Token);
                await context.Response.Body.FlushAsync(ending.Token);
            }
        }
        catch (OperationCanceledException)
        {
            // the page went away, or the host stops
        }
    }
}
