using MovieSync.Grabbing.Tests.QBittorrent;
using MovieSync.Messages;
using Xunit;
using Xunit.Abstractions;

namespace MovieSync.Grabbing.Tests.Integration;

/// <summary>While qBittorrent is down, attempts fail and back off; once it is back the film is grabbed (own qbittorrent-nox).</summary>
public sealed class QBittorrentOutageGrabbingSpecs : GrabbingSpec
{
    private readonly QBittorrentNox _qbittorrent = new();

    public QBittorrentOutageGrabbingSpecs(ITestOutputHelper output) : base(output)
    {
    }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await _qbittorrent.StartAsync();
    }

    public override async Task DisposeAsync()
    {
        await _qbittorrent.DisposeAsync();
        await base.DisposeAsync();
    }

    [Fact]
    public async Task A_stopped_qbittorrent_fails_attempts_with_backoff_and_the_film_is_grabbed_once_it_is_back()
    {
        var grabber = Grabber(Options(_qbittorrent.BaseUrl));
        await _qbittorrent.StopAsync();

        var (movie, parent) = StartMovie(grabber, FilmCatalogue.MatrixImdb, "The Matrix", 1999);
        var first = ExpectState(parent, s => s.Status == MovieStatus.Failed);
        Assert.Equal(1, first.Failures);
        Assert.StartsWith($"qBittorrent unreachable at {_qbittorrent.BaseUrl}", first.LastError);

        Clock.AdvanceWhenDue(TimeSpan.FromHours(1), receiver: movie);
        Assert.Equal(2, ExpectState(parent, s => s.Failures == 2).Failures);

        await _qbittorrent.StartAsync();
        // Retry 2 waits 2 h (backoff): nothing happens a minute before.
        Clock.AwaitDue(within: TimeSpan.FromHours(2), receiver: movie);
        Clock.Advance(TimeSpan.FromHours(2) - TimeSpan.FromMinutes(1));
        Assert.Equal(MovieStatus.Failed, StateOf(movie).Status); // answered after any tick the advance delivered
        Assert.Equal(2, grabber.Started.Count);
        Clock.AdvanceWhenDue(TimeSpan.FromMinutes(1), receiver: movie);
        var grabbed = ExpectState(parent, s => s.Status == MovieStatus.Downloading);

        Assert.Equal(2, grabbed.Failures);
        Assert.Equal(3, grabber.Grabs.Count);
        // No FileList request was spent while qBittorrent could not take a torrent.
        Assert.Equal(1, FileList.SearchRequests);
        Assert.Equal(1, FileList.DownloadRequests);
        using var client = QBittorrentClientFor(_qbittorrent.BaseUrl);
        await NoxWaits.ListedAsync(client, grabbed.InfoHash!);
        Assert.Single(await client.GetTorrentsAsync(category: Category));
        Assert.Equal(MovieStatus.Downloading, StateOf(movie).Status);
    }
}
