using Akka.Actor;
using MovieSync.Actors.Movies;
using MovieSync.Clients.Library;
using MovieSync.Messages;
using MovieSync.Tests.Support;
using Xunit;
using Xunit.Abstractions;
using static MovieSync.Messages.MovieCommands;

namespace MovieSync.Tests.Movies;

/// <summary>
/// The coordinator's part of <c>letterboxd.on_removed</c> (issue 13): a finished movie that left the watchlist loses its
/// torrent (and files) only when on_removed asks for it, through its own actor, which journals what it did; while
/// qBittorrent cannot be asked nothing is answered, so the watchlist tells it again.
/// </summary>
public sealed class RemovalSpecs : CoordinatorSpec
{
    private static readonly MovieId Matrix = MovieId.Parse("tt0133093");
    private readonly DirectoryInfo _library = Directory.CreateTempSubdirectory("moviesync-removal-");

    public RemovalSpecs(ITestOutputHelper output) : base(output)
    {
    }

    protected override void AfterAll()
    {
        base.AfterAll();
        _library.Delete(recursive: true);
    }

    /// <summary>The Matrix, added and then finished in qBittorrent, its folder on disk.</summary>
    private (IActorRef Coordinator, string Film) Completed()
    {
        var film = Path.Combine(_library.FullName, "The Matrix (1999)");
        Directory.CreateDirectory(film);
        File.WriteAllText(Path.Combine(film, "The.Matrix.1999.mkv"), "the film");
        Grabber.Following = (_, _) => new DownloadProgress.Finished(film);
        var coordinator = StartCoordinator(MovieSettings.Default with { Trash = new FilmTrash(_library.FullName) });
        coordinator.Tell(new QueueMovie(Matrix, "The Matrix", 1999), ActorRefs.NoSender);
        AwaitCondition(() => Statistics(coordinator).Completed == 1, "the movie completed");
        return (coordinator, film);
    }

    private ForgetMovieResult Forget(IActorRef coordinator, RemovalAction removal, TimeSpan? within = null)
    {
        var probe = CreateTestProbe();
        coordinator.Tell(new ForgetMovie(Matrix, "removed from the Letterboxd watchlist") { Removal = removal }, probe.Ref);
        return probe.ExpectMsg<ForgetMovieResult>(within ?? TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void A_finished_movie_loses_its_torrent_and_files_only_with_remove_files_and_says_so_in_its_history()
    {
        var (coordinator, film) = Completed();

        Assert.False(Forget(coordinator, RemovalAction.Forget).Accepted); // today's behaviour: a finished movie stays
        Assert.Empty(Grabber.Removals);
        var answer = Forget(coordinator, RemovalAction.RemoveFiles);

        Assert.True(answer.Accepted, answer.Message);
        Assert.Equal(new[] { (Matrix, "hash-tt0133093", false) }, Grabber.Removals.ToArray());
        Assert.False(Directory.Exists(film));
        var removed = Assert.IsType<MovieEvents.MovieRemoved>(EventsOf(Matrix)[^1]);
        Assert.True(removed.TorrentRemoved);
        Assert.Equal("the film", File.ReadAllText(Path.Combine(removed.TrashedTo!, "The.Matrix.1999.mkv")));
        AwaitCondition(() => Statistics(coordinator).Completed == 0, "the movie is forgotten (not counted), not completed");
        Assert.False(HasActor(Matrix));
    }

    [Fact]
    public void While_qbittorrent_is_down_the_removal_is_not_answered_and_the_movie_stays_completed_until_told_again()
    {
        var (coordinator, film) = Completed();
        Grabber.RemoveFails = true;
        var probe = CreateTestProbe();

        coordinator.Tell(new ForgetMovie(Matrix, "removed from the Letterboxd watchlist") { Removal = RemovalAction.RemoveTorrent }, probe.Ref);

        probe.ExpectNoMsg(TimeSpan.FromMilliseconds(500));
        AwaitCondition(() => !HasActor(Matrix), "the actor started for the removal stopped again");
        Assert.Equal(1, Statistics(coordinator).Completed);
        Assert.IsType<MovieEvents.MovieCompleted>(EventsOf(Matrix)[^1]);

        Grabber.RemoveFails = false;
        Assert.True(Forget(coordinator, RemovalAction.RemoveTorrent).Accepted);
        Assert.True(Directory.Exists(film)); // remove_torrent keeps the files
        var removed = Assert.IsType<MovieEvents.MovieRemoved>(EventsOf(Matrix)[^1]);
        Assert.Null(removed.TrashedTo);
    }
}
