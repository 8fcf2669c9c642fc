using System.Collections.Immutable;
using System.Text.Json;
using Akka.Actor;
using MovieSync.Actors.Serialization;
using MovieSync.Messages;
using Xunit;
using static MovieSync.Messages.CoordinatorEvents;
using static MovieSync.Messages.MovieEvents;

namespace MovieSync.Tests.Serialization;

/// <summary>Every stored shape round-trips under its manifest; stored bytes are readable by name, not by C# type.</summary>
public sealed class SerializerSpecs : IDisposable
{
    private static readonly MovieId Matrix = MovieId.Parse("tt0133093");
    private static readonly DateTimeOffset At = new(2026, 11, 24, 20, 15, 0, TimeSpan.Zero);
    private readonly ActorSystem _system = ActorSystem.Create("serializer-spec");

    public void Dispose() => _system.Dispose();

    private MovieSyncSerializer Serializer => new((ExtendedActorSystem)_system);

    /// <summary>One example of every stored type this spec owns; other areas add theirs to <see cref="MoreSamples"/>.</summary>
    public static IEnumerable<object> Samples()
    {
        yield return new MovieQueued(Matrix, "The Matrix", 1999, At);
        yield return new AttemptFailed(Matrix, 3, "stalled: no progress for 2d 0h at 0.0% (stalledDL, 0 seeds)", At.AddHours(4), At)
            { Rejected = new RejectedTorrent("3f2f1f44175277b2a5d74750fe4989ab12345678", "The.Matrix.1999.1080p", 1001) };
        yield return new AttemptFailed(Matrix, 2, "No torrents found", At.AddHours(2), At);
        yield return new MovieFailedPermanently(Matrix, 6, "No torrents found", At);
        yield return new TorrentAdded(Matrix, "The.Matrix.1999.1080p.BluRay.x264-GRP", "3f2f1f44175277b2a5d74750fe4989ab12345678", At);
        yield return new MovieCompleted(Matrix, "/data/movies/The Matrix (1999)", AlreadyOnDisk: true, At);
        yield return new RetryRequested(Matrix, At);
        yield return new DownloadProgressed(Matrix, 0.25, At);
        yield return new MovieForgotten(Matrix, "removed from the Letterboxd watchlist", At);
        yield return new PriorityChanged(Matrix, MoviePriority.High, "asked on the command line", At);
        yield return new GrabRequested(Matrix, "asked through the API", At);
        yield return new MovieSkipped(Matrix, "asked through the API", At);
        yield return new MovieRemoved(Matrix, "removed from the Letterboxd watchlist", TorrentRemoved: true,
            "/data/movies/.moviesync-trash/2026-11-24T20-15-00Z/The Matrix (1999)", At);
        yield return new MovieTracked(MovieId.Parse("amelie"), "Amélie", null, At);
        yield return new MovieSettled(Matrix, MovieStatus.Completed, At);
        yield return new MovieReopened(Matrix, At);
        yield return new MovieReopened(Matrix, At) { GrabReason = "asked on the command line" };
        yield return new MovieParked(Matrix, At.AddHours(4), At);
        yield return new MovieCleanedUp(Matrix, At);
        yield return MovieState.Empty(Matrix).Apply(new MovieQueued(Matrix, "The Matrix", 1999, At))
            .Apply(new AttemptFailed(Matrix, 1, "FileList answered 503", At.AddHours(1), At))
            .Apply(new AttemptFailed(Matrix, 2, "stalled", At.AddHours(2), At) { Rejected = new RejectedTorrent("ab12", "The.Matrix.720p", 1002) })
            .Apply(new TorrentAdded(Matrix, "The.Matrix.1999.1080p", "cd34", At) { FileListId = 1003 })
            .Apply(new DownloadProgressed(Matrix, 0.5, At.AddHours(3)))
            .Apply(new PriorityChanged(Matrix, MoviePriority.Low, "asked through the API", At.AddHours(4)));
        yield return CoordinatorState.Empty.Apply(new MovieTracked(Matrix, "The Matrix", 1999, At))
            .Apply(new MovieSettled(Matrix, MovieStatus.PermanentFailure, At))
            .Apply(new MovieReopened(Matrix, At) { GrabReason = "asked through the API" })
            .Apply(new MovieParked(Matrix, At.AddHours(1), At))
            .Apply(new MovieTracked(MovieId.Parse("amelie"), "Amélie", 2001, At))
            .Apply(new MovieSettled(MovieId.Parse("amelie"), MovieStatus.Completed, At.AddMinutes(5)));
        foreach (var sample in MoreSamples())
            yield return sample;
    }

    private static IEnumerable<object> MoreSamples() => WatchlistSamples.All()
        .Concat(FileListSamples.All())
        .Concat(ProtocolSamples.All())
        .Concat(NotificationSamples.All());

    public static TheoryData<string> Manifests() => new(MovieSyncSerializer.Manifests);

    [Theory]
    [MemberData(nameof(Manifests))]
    public void Every_manifest_has_a_sample_that_round_trips(string manifest)
    {
        var sample = Samples().FirstOrDefault(s => MovieSyncSerializer.ManifestFor(s) == manifest);
        Assert.True(sample is not null, $"no sample for manifest {manifest}: add one to SerializerSpecs.Samples");
        // An actor travels as its path and comes back as the actor that path names in the receiving system.
        if (sample is MovieSync.Actors.FileList.FileListBroker.RegisterAccount register)
            sample = register with { Account = _system.DeadLetters };

        var bytes = Serializer.ToBinary(sample);
        var back = Serializer.FromBinary(bytes, manifest);

        Assert.IsType(sample.GetType(), back);
        Assert.Equal(Json(sample), Json(back));
    }

    [Fact]
    public void Manifests_are_short_stable_names_with_a_version()
    {
        Assert.All(MovieSyncSerializer.Manifests, m => Assert.Matches("^[a-z][a-z-]*\\.v[0-9]+$", m));
        Assert.Equal("attempt-failed.v1", Serializer.Manifest(new AttemptFailed(Matrix, 1, "x", At, At)));
    }

    [Fact]
    public void Stored_json_uses_snake_case_names_and_the_plain_movie_id()
    {
        var json = System.Text.Encoding.UTF8.GetString(Serializer.ToBinary(new AttemptFailed(Matrix, 2, "No torrents found", At.AddHours(2), At)));

        Assert.Equal(
            """{"movie_id":"tt0133093","failures":2,"error":"No torrents found","next_retry_at":"2026-11-24T22:15:00+00:00","at":"2026-11-24T20:15:00+00:00"}""",
            json);
    }

    [Fact]
    public void A_stored_event_of_an_unknown_manifest_reads_as_unreadable_with_a_clear_message()
    {
        // The journal's readers show it and go on; recovery refuses it (JournalUnreadableMovieSpecs).
        var unreadable = Assert.IsType<MovieSync.Actors.Journal.UnreadableEvent>(Serializer.FromBinary("{}"u8.ToArray(), "movie-teleported.v1"));

        Assert.Equal("movie-teleported.v1", unreadable.Manifest);
        Assert.Contains("Unknown MovieSync manifest 'movie-teleported.v1'", unreadable.Error);
        Assert.IsType<MovieSync.Actors.Journal.UnreadableEvent>(Serializer.FromBinary("not json"u8.ToArray(), "movie-queued.v1"));
    }

    [Fact]
    public void An_unknown_protocol_message_is_refused_with_a_clear_message()
    {
        var error = Assert.Throws<System.Runtime.Serialization.SerializationException>(() => Serializer.FromBinary("{}"u8.ToArray(), "msg-teleport.v1"));

        Assert.Contains("Unknown MovieSync manifest 'msg-teleport.v1'", error.Message);
    }

    [Fact]
    public void Payloads_written_by_version_1_still_read()
    {
        // Bytes exactly as MovieSync 1 stored them (see also Fixtures/journal-v1.db, a whole journal of that version).
        var legacy = new (string Manifest, string Json)[]
        {
            ("movie-queued.v1", """{"movie_id":"tt0110413","title":"Léon: The Professional","year":1994,"at":"2026-11-25T10:56:02.1+00:00"}"""),
            ("attempt-failed.v1", """{"movie_id":"se7en","failures":1,"error":"simulated failure of attempt 1","next_retry_at":"2026-11-25T10:56:03+00:00","at":"2026-11-25T10:56:02+00:00"}"""),
            ("movie-completed.v1", """{"movie_id":"tt0211915","path":"/data/movies/Amélie","already_on_disk":true,"at":"2026-11-25T10:56:02+00:00"}"""),
            ("movie-settled.v1", """{"movie_id":"tt0087182","status":"permanent_failure","at":"2026-11-25T10:56:03+00:00"}"""),
        };

        var events = legacy.Select(l => Serializer.FromBinary(System.Text.Encoding.UTF8.GetBytes(l.Json), l.Manifest)).ToList();

        Assert.Equal(new MovieQueued(MovieId: MovieId.Parse("tt0110413"), Title: "Léon: The Professional", Year: 1994,
            At: DateTimeOffset.Parse("2026-11-25T10:56:02.1+00:00")), events[0]);
        Assert.Equal(1, Assert.IsType<AttemptFailed>(events[1]).Failures);
        Assert.True(Assert.IsType<MovieCompleted>(events[2]).AlreadyOnDisk);
        Assert.Equal(MovieStatus.PermanentFailure, Assert.IsType<MovieSettled>(events[3]).Status);
    }

    private string Json(object o) => o switch
    {
        CoordinatorState state => JsonSerializer.Serialize(state.Movies.OrderBy(m => m.Key.Value).Select(m => (m.Key.Value, m.Value)).ToList()),
        _ => System.Text.Encoding.UTF8.GetString(Serializer.ToBinary(o)),
    };
}
