using Akka.Actor;
using Akka.Configuration;
using Akka.TestKit;
using MovieSync.Actors.Movies;
using MovieSync.Actors.Adapters.Grabbing;
using MovieSync.Actors.Hosting;
using MovieSync.Clients.QBittorrent;
using MovieSync.Configuration;
using MovieSync.Messages;
using MovieSync.Simulators.FileList;
using MovieSync.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace MovieSync.Grabbing.Tests.Integration;

/// <summary>
/// A TestKit spec with the real actor configuration (hocon/), a SQLite journal in a temp file, a scheduler the test
/// moves by hand, every log line captured, and a fresh fake FileList whose torrents no other test has.
/// </summary>
public abstract class GrabbingSpec : Akka.TestKit.Xunit2.TestKit, IAsyncLifetime
{
    protected GrabbingSpec(ITestOutputHelper output, string logLevel = "INFO", string? journalFile = null)
        : base(Configure(journalFile ??= NewJournalFile(), logLevel), output: output)
    {
        JournalFile = journalFile;
        DownloadDirectory = Directory.CreateTempSubdirectory("moviesync-library-").FullName;
        Logs.Listen(Sys);
    }

    protected string JournalFile { get; }

    protected string DownloadDirectory { get; }

    protected SpecScheduler Clock => (SpecScheduler)Sys.Scheduler;

    protected LogCapture Logs { get; } = new();

    protected FakeFileList FileList { get; private set; } = null!;

    /// <summary>A qBittorrent category no other test uses.</summary>
    protected string Category { get; } = "moviesync-" + Guid.NewGuid().ToString("N")[..8];

    public virtual async Task InitializeAsync() =>
        FileList = await FakeFileList.StartAsync(new FakeFileListOptions { Torrents = FilmCatalogue.Fresh() });

    public virtual async Task DisposeAsync()
    {
        await FileList.DisposeAsync();
        try { Directory.Delete(DownloadDirectory, recursive: true); } catch (IOException) { }
    }

    /// <summary>
    /// The configuration of a run against these services. Torrents are added paused by default: most specs need no
    /// running download, and a paused one makes no connection attempts on the shared qbittorrent-nox.
    /// </summary>
    protected MovieSyncOptions Options(Uri qbittorrent, int requestsPerHour = 150, string? passkey = null, bool paused = true) => new()
    {
        Username = "alice",
        DownloadDirectory = DownloadDirectory,
        FileList = new FileListOptions
        {
            BaseUrl = FileList.BaseUrl,
            Username = FakeFileList.DefaultUsername,
            Passkey = passkey ?? FakeFileList.DefaultPasskey,
            RequestsPerHour = requestsPerHour,
        },
        QBittorrent = new QBittorrentOptions
        {
            Url = qbittorrent,
            Username = QBittorrent.QBittorrentNox.Username,
            Password = QBittorrent.QBittorrentNox.Password,
            Category = Category,
            SavePath = Path.Combine(Path.GetTempPath(), "moviesync-downloads", Category),
            Tags = ["moviesync", "from-test"],
            Paused = paused,
        },
        Disk = new DiskOptions { MinFreeGb = 0 }, // specs not about disk space must not wait on a machine short of room
    };

    /// <summary>The grabber the host would build, recorded; qBittorrent calls time out quickly.</summary>
    protected RecordingGrabber Grabber(MovieSyncOptions options, GrabbingSettings? settings = null) =>
        new(GrabbingHosting.TorrentGrabber(StartAccount(options), options, Logs, Sys.Scheduler,
            new QBittorrentClientOptions { RequestTimeout = TimeSpan.FromSeconds(5) }, settings));

    /// <summary>The FileList account actor the host would start for these options; null without credentials.</summary>
    protected IActorRef? StartAccount(MovieSyncOptions options) =>
        SettingsFromOptions.FileListAccounts(options) is [var account] ? FileListHosting.StartAccount(Sys, account, Logs) : null;

    /// <summary>One movie's actor under a probe, which receives every state it reports.</summary>
    protected (IActorRef Movie, TestProbe Parent) StartMovie(IMovieGrabber grabber, string id, string title, int? year,
        RetryPolicy? retry = null)
    {
        var parent = CreateTestProbe();
        var settings = MovieSettings.Default with { Retry = retry ?? RetryPolicy.Default };
        var movie = parent.ChildActorOf(MovieActor.Props(MovieId.Parse(id), title, year, null, grabber, settings), "movie-" + id);
        return (movie, parent);
    }

    /// <summary>Waits for a reported state that matches; on timeout the failure lists the states that were reported.</summary>
    protected static MovieState ExpectState(TestProbe parent, Func<MovieState, bool> wanted)
    {
        var seen = new List<MovieState>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            if (parent.ReceiveOne(deadline - DateTime.UtcNow) is MovieReports.MovieStateReported { State: var state })
            {
                if (wanted(state))
                    return state;
                seen.Add(state);
            }
        }
        throw new Xunit.Sdk.XunitException("no matching state within 20 s; reported: " +
            string.Join(" | ", seen.Select(s => $"{s.Status} failures={s.Failures} error={s.LastError}")));
    }

    /// <summary>The movie's state, once it has handled every message told to it before, a timer's tick included.</summary>
    protected MovieState StateOf(IActorRef movie) => StateResultOf(movie).State;

    /// <summary>Waits until the movie has taken in a progress report, so its next follow is on the scheduler.</summary>
    protected void AwaitFollowed(IActorRef movie) =>
        AwaitAssert(() => Assert.NotNull(StateResultOf(movie).Progress), TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(20));

    /// <summary>The coordinator's counts, once every movie actor it started has reported in.</summary>
    protected MovieCounts Statistics(IActorRef coordinator)
    {
        var probe = CreateTestProbe();
        coordinator.Tell(MovieQueries.GetStatistics.Instance, probe.Ref);
        return probe.ExpectMsg<MovieQueries.StatisticsResult>(TimeSpan.FromSeconds(5)).Counts;
    }

    private MovieQueries.MovieStateResult StateResultOf(IActorRef movie)
    {
        var probe = CreateTestProbe();
        movie.Tell(new MovieQueries.GetMovieState(IdOf(movie)), probe.Ref);
        return probe.ExpectMsg<MovieQueries.MovieStateResult>(TimeSpan.FromSeconds(5));
    }

    /// <summary>The movie of a movie actor started by <see cref="StartMovie"/> (named <c>movie-&lt;id&gt;</c>).</summary>
    protected static MovieId IdOf(IActorRef movie) => MovieId.Parse(Uri.UnescapeDataString(movie.Path.Name["movie-".Length..]));

    protected void AwaitCondition(Func<bool> condition, string because) =>
        AwaitCondition(condition, TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(20), because);

    protected static QBittorrentClient QBittorrentClientFor(Uri url) =>
        new(new QBittorrentConnection(url, QBittorrent.QBittorrentNox.Username, QBittorrent.QBittorrentNox.Password));

    private static string NewJournalFile() =>
        Path.Combine(Directory.CreateTempSubdirectory("moviesync-grabbing-").FullName, "moviesync.db");

    // The host's configuration (hocon/, through MovieSyncConfig) on a new journal; every message is serialized as if it
    // crossed nodes (serialize-messages), so one our serializer cannot carry fails here.
    private static Config Configure(string journalFile, string logLevel) =>
        ConfigurationFactory.ParseString($"akka.loglevel = {logLevel}")
            .WithFallback(SpecScheduler.Configuration)
            .WithFallback(MovieSync.Specs.SerializationCheck.Config)
            .WithFallback(MovieSyncConfig.ForJournal(JournalOptions.Sqlite(journalFile)));
}
