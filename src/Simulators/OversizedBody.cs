using System.Text;
using Microsoft.AspNetCore.Http;

namespace MovieSync.Simulators;

/// <summary>
/// An answer larger than the client reads, sent chunked with no Content-Length (so only counting the bytes can catch
/// it), as a broken or hostile service might: the fakes' oversized faults.
/// </summary>
public static class OversizedBody
{
    /// <summary>How far past a client's limit the fakes go.</summary>
    public const long BeyondLimitBytes = 1024 * 1024;

    public static async Task WriteAsync(HttpContext context, string contentType, string start, long totalBytes)
    {
        context.Response.StatusCode = 200;
        context.Response.ContentType = contentType;
        var chunk = new byte[64 * 1024];
        Array.Fill(chunk, (byte)' ');
        try
        {
            await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(start), context.RequestAborted);
            for (long sent = start.Length; sent < totalBytes; sent += chunk.Length)
                await context.Response.Body.WriteAsync(chunk, context.RequestAborted);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            // The client stopped reading at its limit and closed the connection: that is the point.
        }
    }
}
