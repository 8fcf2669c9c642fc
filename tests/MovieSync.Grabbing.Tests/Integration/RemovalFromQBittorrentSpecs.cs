using Akka.Actor;
using MovieSync.Actors.Movies;
using MovieSync.Clients.Library;
using MovieSync.Grabbing.Tests.QBittorrent;
using MovieSync.Messages;
using MovieSync.Simulators.QBittorrent;
using Xunit;
using Xunit.Abstractions;
using static MovieSync.Messages.MovieCommands;

namespace MovieSync.Grabbing.Tests.Integration;

/// <summary>
/// A finished movie that left the watchlist with <c>on_removed: remove_torrent</c> or <c>remove_files</c> (issue 13): its
/// torrent leaves (the simulated) qBittorrent through the real grabber, and its files stay or move to
/// <c>&lt;download_directory&gt;/.moviesync-trash</c>; nothing is deleted.
/// </summary>
public sealed class RemovalFromQBittorrentSpecs : GrabbingSpec
{
    private readonly ManualClock _downloadClock = new(DateTimeOffset.UtcNow);
    private FakeQBittorrent _qbittorrent = null!;

    public RemovalFromQBittorrentSpecs(ITestOutputHelper output) : base(output)
    {
    }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _qbittorrent = await FakeQBittorrent.StartAsync(new FakeQBittorrentOptions { Clock = _downloadClock });
    }

    public override async Task DisposeAsync()
    {
        await _qbittorrent.DisposeAsync();
        await base.DisposeAsync();
    }

    /// <summary>Amélie downloaded to the end in qBittorrent, its film written where qBittorrent says it is.</summary>
    private (IActorRef Movie, Akka.TestKit.TestProbe Parent, MovieState Completed) Finished(FilmTrash trash)
    {
        var options = Options(_qbittorrent.BaseUrl, paused: false);
        var grabber = Grabber(options);
        var parent = CreateTestProbe();
        var settings = MovieSettings.Default with { Trash = trash };
        var movie = parent.ChildActorOf(MovieActor.Props(MovieId.Parse(FilmCatalogue.AmelieImdb), "Amélie", 2001, null, grabber, settings),
            "movie-" + FilmCatalogue.AmelieImdb);
        ExpectState(parent, s => s.Status == MovieStatus.Downloading);
        AwaitFollowed(movie);
        _downloadClock.Advance(TimeSpan.FromHours(1));
        Clock.AdvanceWhenDue(MovieSettings.Default.FollowInterval, receiver: movie);
        var completed = ExpectState(parent, s => s.Status == MovieStatus.Completed);
        Directory.CreateDirectory(completed.Path!);
        File.WriteAllText(Path.Combine(completed.Path!, "Amelie.2001.1080p.mkv"), "the film");
        Assert.True(_qbittorrent.HasTorrent(completed.InfoHash!));
        return (movie, parent, completed);
    }

    private FilmTrash Trash() => new(DownloadDirectory, Options(_qbittorrent.BaseUrl).QBittorrent.SavePath);

    [Fact]
    public void With_remove_files_the_torrent_leaves_qbittorrent_and_the_files_move_to_the_trash()
    {
        var trash = Trash();
        var (movie, parent, completed) = Finished(trash);
        var asker = CreateTestProbe();

        movie.Tell(new ForgetMovie(completed.MovieId, "removed from the Letterboxd watchlist") { Removal = RemovalAction.RemoveFiles }, asker.Ref);

        var answer = asker.ExpectMsg<ForgetMovieResult>(TimeSpan.FromSeconds(20));
        Assert.True(answer.Accepted, answer.Message);
        var removed = ExpectState(parent, s => s.Status == MovieStatus.Forgotten);
        Assert.False(_qbittorrent.HasTorrent(completed.InfoHash!));
        Assert.False(Directory.Exists(completed.Path!));
        Assert.StartsWith(Path.Combine(DownloadDirectory, ".moviesync-trash") + Path.DirectorySeparatorChar, removed.Path);
        Assert.Equal("the film", File.ReadAllText(Path.Combine(removed.Path!, "Amelie.2001.1080p.mkv")));
        Assert.Contains("its files moved to", answer.Message);
    }

    [Fact]
    public void With_remove_torrent_the_torrent_leaves_qbittorrent_and_the_files_stay()
    {
        var (movie, parent, completed) = Finished(Trash());
        var asker = CreateTestProbe();

        movie.Tell(new ForgetMovie(completed.MovieId, "removed from the Letterboxd watchlist") { Removal = RemovalAction.RemoveTorrent }, asker.Ref);

        Assert.True(asker.ExpectMsg<ForgetMovieResult>(TimeSpan.FromSeconds(20)).Accepted);
        var removed = ExpectState(parent, s => s.Status == MovieStatus.Forgotten);
        Assert.False(_qbittorrent.HasTorrent(completed.InfoHash!));
        Assert.Equal(completed.Path, removed.Path);
        Assert.True(File.Exists(Path.Combine(completed.Path!, "Amelie.2001.1080p.mkv")));
        Assert.False(Directory.Exists(Path.Combine(DownloadDirectory, ".moviesync-trash")));
    }

    [Fact]
    public void A_plain_forget_leaves_a_finished_movie_and_its_torrent_alone()
    {
        var (movie, _, completed) = Finished(Trash());
        var asker = CreateTestProbe();

        movie.Tell(new ForgetMovie(completed.MovieId, "removed from the Letterboxd watchlist"), asker.Ref);

        Assert.False(asker.ExpectMsg<ForgetMovieResult>(TimeSpan.FromSeconds(20)).Accepted);
        Assert.True(_qbittorrent.HasTorrent(completed.InfoHash!));
        Assert.Equal(MovieStatus.Completed, StateOf(movie).Status);
    }
}
