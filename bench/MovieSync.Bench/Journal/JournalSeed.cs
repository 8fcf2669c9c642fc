using Akka.Actor;
using Akka.Configuration;
using Microsoft.Data.Sqlite;
using MovieSync.Actors.Hosting;
using MovieSync.Actors.Serialization;
using MovieSync.Actors.Watchlist;
using MovieSync.Messages;
using static MovieSync.Messages.CoordinatorEvents;
using static MovieSync.Messages.MovieEvents;
using static MovieSync.Messages.WatchlistEvents;

namespace MovieSync.Bench.Journal;

/// <summary>A film of a seeded journal: its movie id, its Letterboxd entry and the torrent it was grabbed with.</summary>
internal sealed record SeedFilm(MovieId Id, string Slug, string Title, int Year, string ShortKey, int TmdbId, string ReleaseName, string InfoHash);

/// <summary>
/// Writes the journal of a long-running install straight into SQLite: 98% completed, 1% failed and parked for a day,
/// 1% downloading. Rows are in exactly the journal's own format (Akka creates the schema, our serializer the payloads);
/// the coordinator's snapshot, and the watchlist's when one is seeded, are saved by Akka as the running actors save them.
/// </summary>
internal static class JournalSeed
{
    public static bool IsParked(int index) => index % 100 == 0;

    public static bool IsDownloading(int index) => index % 100 == 1;

    /// <summary>
    /// Seeds <paramref name="films"/>; with <paramref name="watchlistUser"/> the watchlist actor's journal too (every film
    /// added, resolved and handed over, then a full sync at <paramref name="now"/>), so that `run` starts with an incremental
    /// check. Returns the number of events written.
    /// </summary>
    public static async Task<long> WriteAsync(string journal, IReadOnlyList<SeedFilm> films, DateTimeOffset now, string? watchlistUser = null,
        Config? config = null)
    {
        using var system = ActorSystem.Create("bench-seed", (config ?? ConfigurationFactory.ParseString("akka.loglevel = WARNING"))
            .WithFallback(MovieSyncConfig.ForJournal(JournalOptions.Sqlite(journal))));
        var init = system.ActorOf(Props.Create(() => new ChangeWriter("bench-init")));
        await init.Ask<ChangeWriter.Done>(new MovieQueued(MovieId.Parse("tt0000001"), "Schema", null, now), TimeSpan.FromSeconds(30));

        var serializer = new MovieSyncSerializer((ExtendedActorSystem)system);
        var coordinatorState = CoordinatorState.Empty;
        var watchlistState = WatchlistState.Empty;
        var coordinatorSequence = 0L;
        var watchlistSequence = 0L;
        long count = 0;
        var writer = Guid.NewGuid().ToString("N");
        using (var connection = new SqliteConnection(JournalOptions.Sqlite(journal).ConnectionString))
        {
            connection.Open();
            using var transaction = connection.BeginTransaction();
            using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = """
                INSERT INTO journal (created, deleted, persistence_id, sequence_number, message, manifest, identifier, writer_uuid)
                VALUES ($created, 0, $id, $sequence, $message, $manifest, $identifier, $writer)
                """;
            void Write(string persistenceId, long sequence, IPersistedMessage e)
            {
                insert.Parameters.Clear();
                insert.Parameters.AddWithValue("$created", DateTime.UtcNow.Ticks);
                insert.Parameters.AddWithValue("$id", persistenceId);
                insert.Parameters.AddWithValue("$sequence", sequence);
                insert.Parameters.AddWithValue("$message", serializer.ToBinary(e));
                insert.Parameters.AddWithValue("$manifest", serializer.Manifest(e));
                insert.Parameters.AddWithValue("$identifier", serializer.Identifier);
                insert.Parameters.AddWithValue("$writer", writer);
                insert.ExecuteNonQuery();
                count++;
            }

            void Coordinator(ICoordinatorEvent e)
            {
                Write("coordinator", ++coordinatorSequence, e);
                coordinatorState = coordinatorState.Apply(e);
            }

            void Watchlist(IWatchlistEvent e)
            {
                Write(WatchlistActor.PersistenceIdFor(watchlistUser!), ++watchlistSequence, e);
                watchlistState = watchlistState.Apply(e);
            }

            for (var i = 0; i < films.Count; i++)
            {
                var film = films[i];
                if (watchlistUser is not null)
                {
                    Watchlist(new FilmAddedToWatchlist(film.Slug, film.Title, film.Year, film.ShortKey, now));
                    Watchlist(new FilmIdsResolved(film.Slug, film.Id.Value, film.TmdbId, [$"Director {i % 97}"], false, now) { ConfirmationAwaited = true });
                    Watchlist(new FilmHandedOver(film.Slug, now));
                }

                Coordinator(new MovieTracked(film.Id, film.Title, film.Year, now));
                var movieEvents = new List<IMovieEvent> { new MovieQueued(film.Id, film.Title, film.Year, now) };
                if (IsParked(i))
                {
                    movieEvents.Add(new AttemptFailed(film.Id, 1, "No torrents found", now.AddDays(1), now));
                    Coordinator(new MovieParked(film.Id, now.AddDays(1), now));
                }
                else
                {
                    movieEvents.Add(new TorrentAdded(film.Id, film.ReleaseName, film.InfoHash, now));
                    if (!IsDownloading(i))
                        movieEvents.Add(new MovieCompleted(film.Id, $"/data/movies/{film.Title}", false, now));
                }

                for (var n = 0; n < movieEvents.Count; n++)
                    Write(film.Id.PersistenceId, n + 1, movieEvents[n]);
                if (!IsParked(i) && !IsDownloading(i))
                    Coordinator(new MovieSettled(film.Id, MovieStatus.Completed, now));
            }

            if (watchlistUser is not null)
                Watchlist(new WatchlistReconciled(films.Count, now));
            transaction.Commit();
        }

        await SnapshotAsync(system, "coordinator", coordinatorState);
        if (watchlistUser is not null)
            await SnapshotAsync(system, WatchlistActor.PersistenceIdFor(watchlistUser), watchlistState);
        await system.Terminate();
        return count;
    }

    private static async Task SnapshotAsync(ActorSystem system, string persistenceId, IPersistedMessage state)
    {
        var owner = system.ActorOf(Props.Create(() => new ChangeWriter(persistenceId)));
        await owner.Ask<ChangeWriter.Done>(new ChangeWriter.SaveState(state), TimeSpan.FromMinutes(10));
        await owner.GracefulStop(TimeSpan.FromSeconds(10));
    }
}
