namespace MovieSync.Clients.Letterboxd;

/// <summary>Where Letterboxd is and how politely to read it.</summary>
public sealed record LetterboxdClientOptions
{
    public const string DefaultUserAgent = "MovieSync/1.0 (+https://github.com/moviesync/moviesync; watchlist sync)";

    public Uri BaseUrl { get; init; } = new("https://letterboxd.com/");

    /// <summary>Where boxd.it short links (from the CSV export) are resolved; tests point it at the fake.</summary>
    public Uri ShortLinkBaseUrl { get; init; } = new("https://boxd.it/");

    public string UserAgent { get; init; } = DefaultUserAgent;

    /// <summary>Pause between two requests, as other scrapers do (0.5–1 s); tests use zero.</summary>
    public TimeSpan DelayBetweenRequests { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest Retry-After we wait out once before reporting "rate limited".</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(60);

    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How the client waits (Retry-After, pacing); tests replace it to record waits instead of sleeping.</summary>
    public Func<TimeSpan, CancellationToken, Task> Delay { get; init; } = Task.Delay;
}
