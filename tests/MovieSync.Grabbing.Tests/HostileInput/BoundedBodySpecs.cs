using System.Net.Http.Headers;
using MovieSync.Clients;
using Xunit;

namespace MovieSync.Grabbing.Tests.HostileInput;

/// <summary>The one bounded read every client uses: a declared length is refused unread, the actual bytes are counted.</summary>
public sealed class BoundedBodySpecs
{
    [Fact]
    public async Task A_declared_length_over_the_limit_is_refused_without_reading_the_body()
    {
        var body = new UnreadableStream();
        using var content = new StreamContent(body);
        content.Headers.ContentLength = 1001;

        var refused = await Assert.ThrowsAsync<BodyTooLargeException>(() => BoundedBody.ReadBytesAsync(content, 1000, default));

        Assert.False(body.WasRead);
        Assert.Equal(1000, refused.LimitBytes);
    }

    [Fact]
    public async Task Bytes_past_the_limit_are_refused_when_no_length_is_declared()
    {
        using var content = new StreamContent(new MemoryStream(new byte[3 * 1024 * 1024 + 1]));
        content.Headers.ContentLength = null;

        var refused = await Assert.ThrowsAsync<BodyTooLargeException>(() => BoundedBody.ReadBytesAsync(content, 3 * 1024 * 1024, default));

        Assert.Equal("exceeds the 3 MB limit", refused.Message);
    }

    [Fact]
    public async Task A_body_of_exactly_the_limit_is_read_in_its_declared_charset()
    {
        var latin1 = new byte[] { 0x41, 0x6d, 0xe9, 0x6c, 0x69, 0x65 }; // "Amélie" in ISO-8859-1
        using var content = new ByteArrayContent(latin1);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/html") { CharSet = "iso-8859-1" };

        Assert.Equal("Amélie", await BoundedBody.ReadTextAsync(content, latin1.Length, default));
    }

    [Fact]
    public void A_limited_stream_throws_once_more_than_the_limit_is_read()
    {
        using var limited = BoundedBody.Limit(new MemoryStream(new byte[100]), 99);
        using var reader = new StreamReader(limited);

        Assert.Throws<BodyTooLargeException>(() => reader.ReadToEnd());
    }

    private sealed class UnreadableStream : MemoryStream
    {
        public bool WasRead { get; private set; }

        public override int Read(byte[] buffer, int offset, int count)
        {
            WasRead = true;
            return base.Read(buffer, offset, count);
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            WasRead = true;
            return base.ReadAsync(buffer, cancellationToken);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            WasRead = true;
            return base.ReadAsync(buffer, offset, count, cancellationToken);
        }

        public override Task CopyToAsync(Stream destination, int bufferSize, CancellationToken cancellationToken)
        {
            WasRead = true;
            return base.CopyToAsync(destination, bufferSize, cancellationToken);
        }
    }
}
