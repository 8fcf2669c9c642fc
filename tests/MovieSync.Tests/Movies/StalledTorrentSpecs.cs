using Akka.Actor;
using MovieSync.Actors.Movies;
using MovieSync.Clients.FileList;
using MovieSync.Messages;
using MovieSync.Tests.Support;
using Xunit;
using Xunit.Abstractions;
using static MovieSync.Messages.MovieCommands;

namespace MovieSync.Tests.Movies;

/// <summary>
/// A torrent with no progress for <c>stalled_after</c> is a failed attempt: removed from the client (with its files only
/// when nothing came), never chosen again for the movie (also after a restart), and the retry takes the next best one.
/// </summary>
public sealed class StalledTorrentSpecs(ITestOutputHelper output) : CoordinatorSpec(output)
{
    private static readonly MovieId Matrix = MovieId.Parse("tt0133093");
    private static readonly TimeSpan Poll = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan StalledAfter = TimeSpan.FromMinutes(5);

    // A retry 30 s after a failure keeps the movie's actor running (it parks only waits over a minute), so its state can be asked.
    private static readonly MovieSettings Settings = MovieSettings.Default with
    {
        Retry = new RetryPolicy(TimeSpan.FromSeconds(30), 5, 1.0, TimeSpan.FromHours(1)),
        FollowInterval = Poll,
        StalledAfter = StalledAfter,
    };

    /// <summary>FileList's results for the film: by the chooser's rules 1 is best (most seeders), then 2, then 3 (720p).</summary>
    private static readonly FileListTorrent[] Results =
    [
        Torrent(1, "The.Matrix.1999.1080p.BluRay-A", 50),
        Torrent(2, "The.Matrix.1999.1080p.WEB-B", 20),
        Torrent(3, "The.Matrix.1999.720p.BluRay-C", 100),
    ];

    /// <summary>What each torrent does in the client: how far it got, and its state there.</summary>
    private readonly Dictionary<string, (double Fraction, long Downloaded)> _downloads = new()
    {
        ["hash-1"] = (0, 0), // metadata never arrived: nothing on disk
        ["hash-2"] = (0.3, 700_000_000), // stuck at 30 %
        ["hash-3"] = (0, 0),
    };

    [Fact]
    public void A_stalled_torrent_is_removed_and_the_retry_takes_the_next_best_one_never_the_stalled_one_again_even_after_a_restart()
    {
        ChooseLikeTheGrabber();
        var coordinator = StartCoordinator(Settings);
        coordinator.Tell(new QueueMovie(Matrix, "The Matrix", 1999), ActorRefs.NoSender);
        AwaitCondition(() => StateOf(Matrix).InfoHash == "hash-1", "the best torrent was added");

        // Four polls without progress: not yet stalled.
        for (var i = 0; i < 4; i++)
            Clock.AdvanceWhenDue(Poll, MovieActorRef());
        Clock.AwaitDue(Poll, MovieActorRef()); // the fourth check is done: it set the next
        Assert.Equal(MovieStatus.Downloading, StateOf(Matrix).Status);
        Assert.Empty(Grabber.Removals);

        // The fifth: five minutes at 0 %: removed with its files (nothing came), the attempt failed naming why.
        Clock.AdvanceWhenDue(Poll, MovieActorRef());
        AwaitCondition(() => StateOf(Matrix).Status == MovieStatus.Failed, "the stalled torrent failed the attempt");
        var failed = StateOf(Matrix);
        Assert.Equal(new[] { (Matrix, "hash-1", true) }, Grabber.Removals.ToArray());
        Assert.Equal("stalled: no progress for 5m 0s at 0.0% (stalledDL, 0 seeds); removed from qBittorrent with its files " +
                     "(nothing was downloaded)", failed.LastError);
        Assert.Equal(new[] { new RejectedTorrent("hash-1", "The.Matrix.1999.1080p.BluRay-A", 1) }, failed.Rejected);

        // The retry skips torrent 1 and takes 2, which stalls at 30 %: removed, its files kept.
        Clock.AdvanceWhenDue(TimeSpan.FromSeconds(30), MovieActorRef());
        AwaitCondition(() => StateOf(Matrix).InfoHash == "hash-2", "the retry added the next best torrent");
        Assert.Equal(new long?[] { 1 }, Grabber.Attempts.Last().Rejected.Select(r => r.FileListId));
        for (var i = 0; i < 5; i++)
            Clock.AdvanceWhenDue(Poll, MovieActorRef());
        AwaitCondition(() => Grabber.Removals.Count == 2, "the second stalled torrent was removed");
        Assert.Equal((Matrix, "hash-2", false), Grabber.Removals.Last());
        AwaitCondition(() => StateOf(Matrix).Status == MovieStatus.Failed, "the second stall failed the attempt");
        Assert.StartsWith("stalled: no progress for 5m 0s at 30.0% (stalledDL, 0 seeds); removed from qBittorrent, its files kept",
            StateOf(Matrix).LastError);

        // Torrent 3 (720p, the last one left) stalls too; three minutes in, MovieSync restarts.
        Clock.AdvanceWhenDue(TimeSpan.FromSeconds(30), MovieActorRef());
        AwaitCondition(() => StateOf(Matrix).InfoHash == "hash-3", "the third torrent was added");
        for (var i = 0; i < 3; i++)
            Clock.AdvanceWhenDue(Poll, MovieActorRef());
        Stop(coordinator);
        var restarted = StartCoordinator(Settings);
        Assert.Equal(1, Statistics(restarted).Downloading);

        // The stall clock goes on from the journal: two more minutes, not five, and torrent 3 is out.
        Clock.AdvanceWhenDue(Poll, MovieActorRef());
        Clock.AwaitDue(Poll, MovieActorRef()); // four minutes: checked, not stalled, the next check set
        Assert.Equal(2, Grabber.Removals.Count);
        Clock.AdvanceWhenDue(Poll, MovieActorRef());
        AwaitCondition(() => Grabber.Removals.Count == 3, "the stall clock survived the restart");
        Assert.Equal((Matrix, "hash-3", true), Grabber.Removals.Last());

        // Every torrent stalled: the retry chooses none of them again (the rejections came back from the journal).
        Clock.AdvanceWhenDue(TimeSpan.FromSeconds(30), MovieActorRef());
        AwaitCondition(() => Grabber.AttemptsFor(Matrix) == 4, "the retry ran");
        Assert.Equal(new long?[] { 1, 2, 3 }, Grabber.Attempts.Last().Rejected.Select(r => r.FileListId));
        AwaitCondition(() => StateOf(Matrix).LastError?.Contains("3 stalled before") == true, "no torrent was left to choose");
        Assert.Equal(4, Grabber.AttemptsFor(Matrix));
        Assert.Equal(new[] { "hash-1", "hash-2", "hash-3" }, Grabber.Removals.Select(r => r.InfoHash));
    }

    [Fact]
    public void A_torrent_that_moves_or_is_held_is_not_stalled()
    {
        ChooseLikeTheGrabber();
        var fraction = 0.0;
        var state = "downloading";
        Grabber.Following = (_, _) => new DownloadProgress.InProgress(fraction, 0, null)
            { State = state, Seeds = 1, DownloadedBytes = 1, Held = state == "pausedDL" };
        var coordinator = StartCoordinator(Settings);
        coordinator.Tell(new QueueMovie(Matrix, "The Matrix", 1999), ActorRefs.NoSender);
        AwaitCondition(() => StateOf(Matrix).InfoHash == "hash-1", "the best torrent was added");

        // Four minutes still, then progress; four more, then paused for ten: never five minutes stalled while trying.
        // (Each phase ends once its last check is done, so the next phase's answer is not read by it.)
        Checks(4);
        fraction = 0.01;
        Checks(4);
        state = "pausedDL";
        Checks(10);
        state = "stalledDL";
        Checks(4);
        Assert.Equal(MovieStatus.Downloading, StateOf(Matrix).Status);
        Assert.Empty(Grabber.Removals);

        Clock.AdvanceWhenDue(Poll, MovieActorRef());
        AwaitCondition(() => Grabber.Removals.Count == 1, "five minutes stalled since the pause ended");
        Assert.Equal((Matrix, "hash-1", false), Grabber.Removals.Last()); // a byte came: its files are kept
    }

    [Fact]
    public void With_stalled_after_zero_a_torrent_never_stalls()
    {
        ChooseLikeTheGrabber();
        var coordinator = StartCoordinator(Settings with { StalledAfter = TimeSpan.Zero });
        coordinator.Tell(new QueueMovie(Matrix, "The Matrix", 1999), ActorRefs.NoSender);
        AwaitCondition(() => StateOf(Matrix).InfoHash == "hash-1", "the best torrent was added");
        for (var i = 0; i < 12; i++)
            Clock.AdvanceWhenDue(Poll, MovieActorRef());
        Clock.AwaitDue(Poll, MovieActorRef());
        Assert.Equal(MovieStatus.Downloading, StateOf(Matrix).Status);
        Assert.Empty(Grabber.Removals);
    }

    [Fact]
    public void A_client_that_cannot_remove_the_torrent_keeps_the_attempt_until_it_can()
    {
        ChooseLikeTheGrabber();
        Grabber.RemoveFails = true;
        var coordinator = StartCoordinator(Settings);
        coordinator.Tell(new QueueMovie(Matrix, "The Matrix", 1999), ActorRefs.NoSender);
        AwaitCondition(() => StateOf(Matrix).InfoHash == "hash-1", "the best torrent was added");
        for (var i = 0; i < 6; i++)
            Clock.AdvanceWhenDue(Poll, MovieActorRef());
        Clock.AwaitDue(Poll, MovieActorRef()); // the failed removal set the next check
        Assert.Equal(MovieStatus.Downloading, StateOf(Matrix).Status); // not failed: the torrent is still in the client

        Grabber.RemoveFails = false;
        Clock.AdvanceWhenDue(Poll, MovieActorRef());
        AwaitCondition(() => StateOf(Matrix).Status == MovieStatus.Failed, "removed at the next check");
        Assert.Equal("hash-1", Assert.Single(Grabber.Removals).InfoHash);
    }

    /// <summary>The grabber's rules: the chooser over FileList's results, skipping the FileList ids that stalled.</summary>
    private void ChooseLikeTheGrabber()
    {
        Grabber.Otherwise = request =>
        {
            var choice = TorrentChooser.Choose(Results, new TorrentCriteria(),
                request.Rejected.Select(r => r.FileListId).OfType<long>().ToHashSet());
            return choice.Torrent is { } chosen
                ? new GrabOutcome.Added(chosen.Name, "hash-" + chosen.Id, choice.Reason) { FileListId = chosen.Id }
                : new GrabOutcome.Failed("No suitable torrent on FileList for The Matrix (1999): " + choice.Reason);
        };
        Grabber.Following ??= (_, hash) => new DownloadProgress.InProgress(_downloads[hash].Fraction, 0, null)
            { State = "stalledDL", Seeds = 0, DownloadedBytes = _downloads[hash].Downloaded };
    }

    /// <summary>Lets <paramref name="count"/> progress checks run, one per poll interval, and waits until the last is done.</summary>
    private void Checks(int count)
    {
        for (var i = 0; i < count; i++)
            Clock.AdvanceWhenDue(Poll, MovieActorRef());
        Clock.AwaitDue(Poll, MovieActorRef());
    }

    private IActorRef MovieActorRef() =>
        Sys.ActorSelection($"/user/{MovieCoordinator.Name}/movie-{Matrix.Value}").ResolveOne(TimeSpan.FromSeconds(5)).Result;

    private static FileListTorrent Torrent(long id, string name, int seeders) => new()
    {
        Id = id, Name = name, Category = "Filme HD", CategoryId = 6, SizeBytes = 8L << 30, Seeders = seeders,
    };
}
