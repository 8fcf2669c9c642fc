using System.Globalization;
using System.Net.Http.Headers;
using System.Text;

namespace MovieSync.Clients;

/// <summary>An answer (or file) larger than its reader accepts; <see cref="Message"/> names the limit.</summary>
public sealed class BodyTooLargeException(long limitBytes)
    : Exception($"exceeds the {BoundedBody.Describe(limitBytes)} limit")
{
    public long LimitBytes { get; } = limitBytes;
}

/// <summary>
/// Reads a service's answer without ever holding more than a limit in memory: a declared Content-Length over the limit
/// is refused before the body is read, and the bytes actually received are counted, since a chunked answer declares no
/// length. Use with <see cref="HttpCompletionOption.ResponseHeadersRead"/>, or the client has buffered it all already.
/// </summary>
public static class BoundedBody
{
    private const int ChunkBytes = 64 * 1024;

    /// <summary>The body's bytes; throws <see cref="BodyTooLargeException"/> past <paramref name="limitBytes"/>.</summary>
    public static async Task<byte[]> ReadBytesAsync(HttpContent content, long limitBytes, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength is { } declared && declared > limitBytes)
            throw new BodyTooLargeException(limitBytes);
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        return await ReadBytesAsync(stream, limitBytes, cancellationToken);
    }

    /// <summary>The body as text in its declared charset (UTF-8 when none or an unknown one); limited as above.</summary>
    public static async Task<string> ReadTextAsync(HttpContent content, long limitBytes, CancellationToken cancellationToken)
    {
        var bytes = await ReadBytesAsync(content, limitBytes, cancellationToken);
        return Decode(bytes, content.Headers.ContentType);
    }

    /// <summary>Everything left in <paramref name="stream"/>, refusing more than <paramref name="limitBytes"/>.</summary>
    public static async Task<byte[]> ReadBytesAsync(Stream stream, long limitBytes, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[ChunkBytes];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limitBytes)
                throw new BodyTooLargeException(limitBytes);
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    /// <summary>Wraps a stream so that reading past <paramref name="limitBytes"/> throws (e.g. a zip entry that lies about its size).</summary>
    public static Stream Limit(Stream stream, long limitBytes) => new LimitedStream(stream, limitBytes);

    /// <summary>A size in binary megabytes as the limits are stated: <c>5 MB</c>, <c>0.5 MB</c>.</summary>
    public static string Describe(long bytes) =>
        (bytes / (1024.0 * 1024.0)).ToString("0.###", CultureInfo.InvariantCulture) + " MB";

    private static string Decode(byte[] bytes, MediaTypeHeaderValue? contentType)
    {
        var encoding = Encoding.UTF8;
        if (contentType?.CharSet is { Length: > 0 } charset)
        {
            try { encoding = Encoding.GetEncoding(charset.Trim('"')); }
            catch (ArgumentException) { }
        }
        // A byte-order mark wins over the header, as HttpContent.ReadAsStringAsync does.
        using var reader = new StreamReader(new MemoryStream(bytes), encoding, detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd();
    }

    private sealed class LimitedStream(Stream inner, long limitBytes) : Stream
    {
        private long _read;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override int Read(Span<byte> buffer) => Count(inner.Read(buffer));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        private int Count(int read)
        {
            _read += read;
            if (_read > limitBytes)
                throw new BodyTooLargeException(limitBytes);
            return read;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
                inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
