using MovieSync.Actors.FileList;
using MovieSync.Messages;
using static MovieSync.Messages.FileListCommands;
using static MovieSync.Messages.FileListQueries;
using static MovieSync.Messages.MovieCommands;
using static MovieSync.Messages.MovieQueries;

namespace MovieSync.Tests.Serialization;

/// <summary>One example of every message sent between actors, for <see cref="SerializerSpecs"/> and <see cref="ProtocolSpecs"/>.</summary>
internal static class ProtocolSamples
{
    private static readonly MovieId Matrix = MovieId.Parse("tt0133093");
    private static readonly DateTimeOffset At = new(2026, 11, 24, 20, 15, 0, TimeSpan.Zero);

    public static IEnumerable<object> All()
    {
        var state = MovieState.Empty(Matrix).Apply(new MovieEvents.MovieQueued(Matrix, "The Matrix", 1999, At));
        var torrent = new FileListTorrent
        {
            Id = 665873, Name = "The.Matrix.1999.1080p.BluRay.x264-GRP", ImdbId = "tt0133093", Category = "Filme HD", CategoryId = 4,
            SizeBytes = 8_300_512_414, Seeders = 12, Leechers = 2, Freeleech = true, UploadedAt = At,
        };
        yield return new QueueMovie(Matrix, "The Matrix", 1999);
        yield return new QueueMovieResult(Matrix);
        yield return new RetryMovie(Matrix);
        yield return new RetryMovieResult(Matrix, true, "tt0133093 is pending again");
        yield return new ForgetMovie(Matrix, "removed from the Letterboxd watchlist") { Removal = RemovalAction.RemoveFiles };
        yield return new ForgetMovieResult(Matrix, false, "tt0133093 is already in the download client; it is left alone");
        yield return new GrabMovie(Matrix, "asked through the API");
        yield return new SkipMovie(Matrix, "asked on the command line");
        yield return new SetPriority(Matrix, MoviePriority.Low, "asked through the API");
        yield return new MovieCommandResult(Matrix, true, "tt0133093 has priority low");
        yield return MovieQueries.GetWaiting.Instance;
        yield return new MovieQueries.WaitingResult([new MovieWait(Matrix, "disk: 3.2 GB free, 10 GB required", At)]);
        yield return NotificationQueries.GetChannelStatus.Instance;
        yield return new NotificationQueries.ChannelStatus("ntfy https://ntfy.sh/movies", 2, 40, At, "HTTP 503 Service Unavailable", false)
        {
            LastErrorAt = At.AddMinutes(5), FailedTries = 3, GivenUp = 1,
            Recent =
            [
                new NotificationQueries.RecentDelivery("6f1c2d1e", NotificationKind.Grabbed, "Grabbed The Matrix (1999)", At, At.AddSeconds(2), 2,
                    GivenUp: false, Reason: null),
                new NotificationQueries.RecentDelivery("7a2b", NotificationKind.Attention, "Needs your attention", At, At.AddSeconds(9), null,
                    GivenUp: true, "HTTP 404 Not Found"),
            ],
        };
        yield return Passivate.Instance;
        yield return new CleanupCompleted(At);
        yield return new CleanupCompletedResult([Matrix, MovieId.Parse("amelie")]);
        yield return GetStatistics.Instance;
        yield return new StatisticsResult(new MovieCounts(Pending: 1, Failed: 2, PermanentFailures: 3, Downloading: 4, Completed: 5), 42);
        yield return new GetMovieState(Matrix);
        yield return new MovieStateResult(state, new MovieProgress(0.42, 1_048_576, TimeSpan.FromMinutes(12)));
        yield return new MovieNotRunning(Matrix);
        yield return new MovieReports.MovieStateReported(state);
        yield return new MovieReports.MovieWaiting(Matrix, At, "4th in line for the FileList budget");
        yield return new WatchlistCommands.CheckWatchlist(FullSync: true);
        yield return WatchlistQueries.GetWatchlist.Instance;
        yield return new SearchFilm("tt0133093", "The Matrix", 1999, [4, 6]);
        yield return new FetchTorrent(665873) { Reservation = 7 };
        yield return new SearchFilm("tt0133093", "The Matrix", 1999, [4]) { Reservation = 7 };
        yield return new ReserveFileListRequests(Matrix, At);
        yield return new FileListReserved(7);
        yield return new ReleaseFileListReservation(7);
        yield return new FileListEvents.FileListTurn(Matrix);
        yield return new FileListEvents.FileListLineLeft(Matrix);
        yield return ReloadFileListCredentials.Instance;
        yield return CheckFileListAccount.Instance;
        yield return new FileListAccountChecked(FileListCheckOutcome.BudgetSpent, RequestMade: false, "the FileList request budget is spent", At,
            new FileListAccountStatus("alice", FileListAccountHealth.BudgetSpent, "spent", 150, 0, At));
        yield return new FilmSearchResult([torrent], null);
        yield return new FetchTorrentResult("d8:announce3:urle"u8.ToArray(), null);
        yield return new FileListDeferred("the FileList request budget (150 per hour, filelist.requests_per_hour) is spent", At);
        yield return GetFileListAccountStatus.Instance;
        yield return new FileListAccountStatus("alice", FileListAccountHealth.BudgetSpent, "spent", 150, 0, At);
        yield return new FileListAccountStatus("alice", FileListAccountHealth.Ok, null, 150, 120, null)
            { RequestsFree = 118, FilmTurnAt = At, Searches = 3, Downloads = 2 };
        yield return new ReserveFileListRequests(Matrix, At) { RequestId = 4, WaitInLine = false };
        yield return new FileListReserved(7) { RequestId = 4 };
        yield return new FileListDeferred("no FileList account can serve now", At) { RequestId = 4 };
        yield return WatchFileListAccountStatus.Instance;
        yield return FileListAccountQueries.GetFileListAccounts.Instance;
        yield return new FileListAccountQueries.FileListAccountsResult([
            new FileListAccountQueries.FileListAccountRow("alice", "local", FileListAccountState.RateLimited, 0, 150, 75, 75)]);
        // Between an account node and the coordinator's broker: the account as its path (SerializerSpecs puts a resolvable one in).
        yield return new FileListBroker.RegisterAccount("alice", Akka.Actor.ActorRefs.Nobody, "192.168.1.20:4053");
        yield return new FileListBroker.AccountRegistered("alice");
        yield return new FileListBroker.AccountRefused("alice", "FileList account alice is already registered; usernames are unique");
        yield return new FileListBroker.ReloadCredentialsOf("alice");
    }
}
