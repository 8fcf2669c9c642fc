using MovieSync.Clients.Letterboxd;
using MovieSync.Simulators.Letterboxd;

namespace MovieSync.Letterboxd.Tests;

/// <summary>A running fake Letterboxd and a client pointed at it, with no pacing and recorded (not slept) waits.</summary>
public sealed class LetterboxdServer : IAsyncLifetime
{
    public FakeLetterboxd Fake { get; private set; } = null!;

    public LetterboxdClient Client { get; private set; } = null!;

    public List<TimeSpan> Waits { get; } = new();

    public async Task InitializeAsync()
    {
        Fake = await FakeLetterboxd.StartAsync();
        Client = NewClient();
    }

    public LetterboxdClient NewClient() => new(new LetterboxdClientOptions
    {
        BaseUrl = Fake.BaseUrl,
        ShortLinkBaseUrl = Fake.ShortLinkBaseUrl,
        DelayBetweenRequests = TimeSpan.Zero,
        MaxRetryAfter = TimeSpan.FromSeconds(30),
        Delay = (wait, _) =>
        {
            lock (Waits)
                Waits.Add(wait);
            return Task.CompletedTask;
        },
    });

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Fake.DisposeAsync();
    }
}
