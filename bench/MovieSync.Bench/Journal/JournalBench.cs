using MovieSync.Actors.Hosting;
using System.Diagnostics;
using System.Globalization;
using Akka.Actor;
using Akka.Configuration;
using Microsoft.Data.Sqlite;
using MovieSync.Actors.Movies;
using MovieSync.Actors.Serialization;
using MovieSync.Messages;
using static MovieSync.Messages.MovieEvents;

namespace MovieSync.Bench.Journal;

/// <summary>
/// Recovery time of the coordinator, and the cost of one state change, for journals of growing size; beside it the
/// seed's whole-file JSON rewrite and a raw Microsoft.Data.Sqlite insert (same payload, same durability) as the floor.
/// </summary>
internal static class JournalBench
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    public static async Task RunAsync(IReadOnlyList<int> sizes, int changes)
    {
        Console.WriteLine($"Journal benchmark: {Environment.ProcessorCount} cores, {changes} sequential changes per size and as many raw inserts, in 5 alternating rounds, .NET {Environment.Version}");
        Console.WriteLine();
        Console.WriteLine("| movies | events | recovery (median of 3) | movie actors started | one change: MovieSync | one change: raw SQLite insert | MovieSync / raw | one change: seed JSON rewrite |");
        Console.WriteLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var size in sizes)
        {
            var folder = Directory.CreateTempSubdirectory("moviesync-bench-").FullName;
            try
            {
                var journal = Path.Combine(folder, "moviesync.db");
                var events = await SeedAsync(journal, size);
                var recovery = new List<TimeSpan>();
                var started = 0;
                for (var run = 0; run < 3; run++)
                {
                    var (time, actors) = await RecoverAsync(journal, size);
                    recovery.Add(time);
                    started = actors;
                }

                var (change, raw) = await ChangeCostsAsync(journal, Path.Combine(folder, "raw.db"), events, changes);
                var json = SeedJsonCost(folder, size, Math.Clamp(2_000_000 / size, 10, changes));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {size:N0} | {events:N0} | {Ms(recovery.Order().ElementAt(1))} | {started:N0} | {Ms(change)} | {Ms(raw)} | {change / raw:0.0}× | {Ms(json)} |"));
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    private static string Ms(TimeSpan t) => t.TotalMilliseconds >= 100
        ? string.Create(CultureInfo.InvariantCulture, $"{t.TotalMilliseconds:N0} ms")
        : string.Create(CultureInfo.InvariantCulture, $"{t.TotalMilliseconds:0.00} ms");

    private static MovieId Id(int i) => MovieId.Parse($"tt{1_000_000 + i}");

    /// <summary>The shape of a long-running install (see <see cref="JournalSeed"/>), with the coordinator's snapshot.</summary>
    private static Task<long> SeedAsync(string journal, int size) =>
        JournalSeed.WriteAsync(journal, Enumerable.Range(0, size).Select(i => new SeedFilm(Id(i), $"film-number-{i}", $"Film number {i}",
            1950 + i % 75, $"f{i:x}", 800_000 + i, $"Film.Number.{i}.1080p.BluRay.x264-GRP", new string('a', 40))).ToList(), Now,
            config: Config(journal));

    /// <summary>From creating the coordinator to its statistics, which it answers once every unfinished movie reported in.</summary>
    private static async Task<(TimeSpan Time, int Actors)> RecoverAsync(string journal, int size)
    {
        using var system = ActorSystem.Create("bench-recover", Config(journal));
        // The journal plugin starts once per process (connection pool, schema check, 10-50 ms): started before the
        // clock, so that the figure is the coordinator's recovery.
        var warm = system.ActorOf(Props.Create(() => new ChangeWriter("bench-warm")));
        await warm.Ask<ChangeWriter.Done>(new MovieQueued(Id(size + 2), "Warm", null, Now), TimeSpan.FromSeconds(30));
        var grabber = new IdleGrabber();
        var settings = MovieSettings.Default with { FollowInterval = TimeSpan.FromHours(1) };
        var clock = Stopwatch.StartNew();
        var coordinator = system.ActorOf(MovieCoordinator.Props(grabber, settings), MovieCoordinator.Name);
        if (Environment.GetEnvironmentVariable("BENCH_VERBOSE") is not null)
            Console.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} coordinator created");
        var statistics = await coordinator.Ask<MovieQueries.StatisticsResult>(MovieQueries.GetStatistics.Instance, TimeSpan.FromMinutes(5));
        clock.Stop();
        if (Environment.GetEnvironmentVariable("BENCH_VERBOSE") is not null)
            Console.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} statistics after {clock.ElapsedMilliseconds} ms");
        if (statistics.Counts.Total != size || grabber.Grabs > 0)
            throw new InvalidOperationException($"recovered {statistics} with {grabber.Grabs} grabs, expected {size} movies and no grab");
        await system.Terminate();
        return (clock.Elapsed, statistics.Counts.Downloading);
    }

    /// <summary>
    /// One MovieSync change (an event persisted by a movie's actor, acknowledged after the journal committed it) and the
    /// floor: the same payload inserted into a table of the same size with one durable transaction each. Measured in
    /// alternating rounds so that whatever else the machine does weighs on both alike; the median round is reported.
    /// </summary>
    private static async Task<(TimeSpan Change, TimeSpan Raw)> ChangeCostsAsync(string journal, string rawFile, long rows, int changes)
    {
        using var system = ActorSystem.Create("bench-change", Config(journal));
        var id = Id(0);
        var writer = system.ActorOf(Props.Create(() => new ChangeWriter(id.PersistenceId)));
        var sequence = 1;
        async Task Change() =>
            await writer.Ask<ChangeWriter.Done>(new AttemptFailed(id, ++sequence, "No torrents found", Now.AddHours(sequence), Now),
                TimeSpan.FromSeconds(30));

        using var connection = new SqliteConnection($"Data Source={rawFile}");
        connection.Open();
        Execute(connection, """
            CREATE TABLE journal (ordering INTEGER PRIMARY KEY AUTOINCREMENT, persistence_id TEXT NOT NULL, sequence_number INTEGER NOT NULL,
              created INTEGER NOT NULL, manifest TEXT NOT NULL, payload BLOB NOT NULL, identifier INTEGER, tags TEXT,
              UNIQUE (persistence_id, sequence_number))
            """);
        var payload = new MovieSyncSerializer((ExtendedActorSystem)system).ToBinary(new AttemptFailed(id, 2, "No torrents found", Now, Now));
        using (var fill = connection.BeginTransaction())
        {
            for (var i = 0; i < rows; i++)
                Insert(connection, $"movie-fill-{i / 3}", i % 3, payload, fill);
            fill.Commit();
        }

        var rawSequence = 0;
        for (var i = 0; i < 20; i++)
        {
            await Change();
            Insert(connection, "movie-tt1000000", rawSequence++, payload, null);
        }

        const int rounds = 5;
        var perRound = Math.Max(1, changes / rounds);
        var changeRounds = new List<TimeSpan>();
        var rawRounds = new List<TimeSpan>();
        for (var round = 0; round < rounds; round++)
        {
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < perRound; i++)
                await Change();
            changeRounds.Add(clock.Elapsed / perRound);
            clock.Restart();
            for (var i = 0; i < perRound; i++)
                Insert(connection, "movie-tt1000000", rawSequence++, payload, null);
            rawRounds.Add(clock.Elapsed / perRound);
        }

        await system.Terminate();
        return (changeRounds.Order().ElementAt(rounds / 2), rawRounds.Order().ElementAt(rounds / 2));
    }

    private static TimeSpan SeedJsonCost(string folder, int size, int changes)
    {
        var queue = new SeedQueueManager(folder);
        queue.Preload(size);
        queue.AddToCompleted("tt9000000", size); // warm-up
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < changes; i++)
            queue.AddToCompleted($"tt{9_000_001 + i}", size + i);
        clock.Stop();
        return clock.Elapsed / changes;
    }

    private static void Insert(SqliteConnection connection, string persistenceId, long sequenceNr, byte[] payload, SqliteTransaction? transaction)
    {
        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT INTO journal (persistence_id, sequence_number, created, manifest, payload, identifier, tags) VALUES ($p, $s, $c, 'attempt-failed.v1', $b, 4101, '')";
        insert.Parameters.AddWithValue("$p", persistenceId);
        insert.Parameters.AddWithValue("$s", sequenceNr);
        insert.Parameters.AddWithValue("$c", DateTime.UtcNow.Ticks);
        insert.Parameters.AddWithValue("$b", payload);
        insert.ExecuteNonQuery();
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static Config Config(string journal) =>
        ConfigurationFactory.ParseString(Environment.GetEnvironmentVariable("BENCH_VERBOSE") is null ? "akka.loglevel = WARNING" : "akka.loglevel = INFO")
            .WithFallback(MovieSyncConfig.ForJournal(JournalOptions.Sqlite(journal)));

    /// <summary>Never grabs; reports downloads as half done. Recovery must not start any attempt.</summary>
    private sealed class IdleGrabber : IMovieGrabber
    {
        private int _grabs;

        public int Grabs => _grabs;

        public Task<GrabOutcome> GrabAsync(GrabRequest request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _grabs);
            return Task.FromResult<GrabOutcome>(new GrabOutcome.Failed("benchmark"));
        }

        public Task<DownloadProgress> FollowAsync(MovieId movieId, string infoHash, CancellationToken cancellationToken) =>
            Task.FromResult<DownloadProgress>(new DownloadProgress.InProgress(0.5, 1_000_000, TimeSpan.FromHours(1)));

        public Task<bool> RemoveAsync(MovieId movieId, string infoHash, bool deleteFiles, CancellationToken cancellationToken) =>
            Task.FromResult(false);
    }
}
