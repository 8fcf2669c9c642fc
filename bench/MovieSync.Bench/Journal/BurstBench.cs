using System.Diagnostics;
using System.Globalization;
using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence.Sql.Config;
using LinqToDB;
using Microsoft.Data.Sqlite;
using MovieSync.Actors.Hosting;
using MovieSync.Actors.Serialization;
using MovieSync.Messages;
using static MovieSync.Messages.MovieEvents;

namespace MovieSync.Bench.Journal;

/// <summary>
/// Many movie actors each persisting one event at the same moment (after a restart, after a full walk of the watchlist):
/// events per second through Akka.Persistence.Sql, which can share one transaction among concurrent writes, against the
/// per-row floor: the same payloads inserted one durable transaction each, as a writer without batching would.
/// </summary>
internal static class BurstBench
{
    private const int Rounds = 5;
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    public static async Task RunAsync(int actors)
    {
        Console.WriteLine($"Burst: {actors:N0} movie actors each persist one event at once; median of {Rounds} rounds, alternating with as many raw inserts");
        Console.WriteLine();
        Console.WriteLine("| SQLite journal mode | events at once | MovieSync (shared transactions) | raw insert, one transaction per row (floor) | MovieSync / floor |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: |");
        foreach (var (wal, yielding) in new[] { (false, false), (true, false), (false, true), (true, true) })
        {
            var folder = Directory.CreateTempSubdirectory("moviesync-burst-").FullName;
            try
            {
                var (burst, floor) = await MeasureAsync(folder, actors, wal, yielding);
                var mode = (wal ? "WAL, synchronous=FULL" : "rollback journal (DELETE), synchronous=FULL") +
                           (yielding ? "; writes batched (SqliteBatchedWrites, parallelism = 1)" : "; writes unbatched");
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {mode} | {actors:N0} | {burst:N0} events/s | {floor:N0} events/s | {burst / floor:0.0}× |"));
            }
            finally
            {
                SqliteConnection.ClearAllPools();
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    private static async Task<(double Burst, double Floor)> MeasureAsync(string folder, int actors, bool wal, bool yielding)
    {
        var journal = Path.Combine(folder, "moviesync.db");
        var raw = Path.Combine(folder, "raw.db");
        if (wal)
        {
            // journal_mode=WAL is stored in the file: set before Akka opens it, it holds for every connection.
            SetWal(journal);
            SetWal(raw);
        }

        var config = ConfigurationFactory.ParseString("akka.loglevel = WARNING" + (yielding ? ", " + SqliteBatchedWrites.Hocon : ""))
            .WithFallback(MovieSyncConfig.ForJournal(JournalOptions.Sqlite(journal)));
        var bootstrap = BootstrapSetup.Create().WithConfig(config);
        // Batched: the same connection given as linq2db options with SqliteBatchedWrites, as AddMovieSyncPersistence does.
        using var system = yielding
            ? ActorSystem.Create("bench-burst", bootstrap.And(SqliteBatchedWrites.Setup(JournalOptions.Sqlite(journal).ConnectionString)))
            : ActorSystem.Create("bench-burst", bootstrap);
        var serializer = new MovieSyncSerializer((ExtendedActorSystem)system);
        var ids = Enumerable.Range(0, actors).Select(i => MovieId.Parse($"tt{3_000_000 + i}")).ToList();
        var writers = ids.Select(id => system.ActorOf(Props.Create(() => new ChangeWriter(id.PersistenceId)))).ToList();
        var failures = 0;
        IMovieEvent Event(int i) => new AttemptFailed(ids[i], failures, "No torrents found", Now.AddHours(failures), Now);

        using var connection = new SqliteConnection(JournalOptions.Sqlite(raw).ConnectionString);
        connection.Open();
        using (var create = connection.CreateCommand())
        {
            create.CommandText = """
                CREATE TABLE journal (ordering INTEGER PRIMARY KEY AUTOINCREMENT, persistence_id TEXT NOT NULL, sequence_number INTEGER NOT NULL,
                  created INTEGER NOT NULL, manifest TEXT NOT NULL, payload BLOB NOT NULL, identifier INTEGER, tags TEXT,
                  UNIQUE (persistence_id, sequence_number))
                """;
            create.ExecuteNonQuery();
        }

        async Task<TimeSpan> Burst()
        {
            failures++;
            var clock = Stopwatch.StartNew();
            var acks = new List<TimeSpan>();
            await Task.WhenAll(writers.Select(async (w, i) =>
            {
                await w.Ask<ChangeWriter.Done>(Event(i), TimeSpan.FromMinutes(2));
                lock (acks)
                    acks.Add(clock.Elapsed);
            }));
            // Batched writes are acknowledged in steps (one per shared transaction); per-row writes one by one.
            if (Environment.GetEnvironmentVariable("BENCH_VERBOSE") is not null)
                Console.WriteLine("acknowledged at (ms, every 50th): " + string.Join(" ", acks.Order().Where((_, n) => n % 50 == 0)
                    .Select(a => a.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture))));
            return clock.Elapsed;
        }

        TimeSpan PerRow()
        {
            var payloads = Enumerable.Range(0, actors).Select(i => serializer.ToBinary(Event(i))).ToList();
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < actors; i++)
                Insert(connection, ids[i].PersistenceId, failures, payloads[i]);
            return clock.Elapsed;
        }

        await Burst(); // the actors recover and the plugin opens its connections: not part of a burst
        PerRow();
        var bursts = new List<TimeSpan>();
        var floors = new List<TimeSpan>();
        for (var round = 0; round < Rounds; round++)
        {
            bursts.Add(await Burst());
            floors.Add(PerRow());
        }

        await system.Terminate();
        return (actors / bursts.Order().ElementAt(Rounds / 2).TotalSeconds, actors / floors.Order().ElementAt(Rounds / 2).TotalSeconds);
    }

    private static void SetWal(string file)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString());
        connection.Open();
        using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA journal_mode=WAL";
        pragma.ExecuteNonQuery();
    }

    private static void Insert(SqliteConnection connection, string persistenceId, long sequenceNr, byte[] payload)
    {
        using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO journal (persistence_id, sequence_number, created, manifest, payload, identifier, tags) VALUES ($p, $s, $c, 'attempt-failed.v1', $b, 4101, '')";
        insert.Parameters.AddWithValue("$p", persistenceId);
        insert.Parameters.AddWithValue("$s", sequenceNr);
        insert.Parameters.AddWithValue("$c", DateTime.UtcNow.Ticks);
        insert.Parameters.AddWithValue("$b", payload);
        insert.ExecuteNonQuery();
    }
}
