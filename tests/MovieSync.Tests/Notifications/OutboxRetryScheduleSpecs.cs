using System.Text.Json;
using Akka.Actor;
using Akka.Persistence;
using Akka.Persistence.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using MovieSync.Actors.Notifications;
using MovieSync.Clients.Notifications;
using MovieSync.Messages;
using MovieSync.Simulators.Notifications;
using MovieSync.Tests.Support;
using Xunit;
using Xunit.Abstractions;
using static MovieSync.Messages.MovieEvents;
using static MovieSync.Messages.NotificationEvents;
using static MovieSync.Messages.NotificationQueries;

namespace MovieSync.Tests.Notifications;

/// <summary>
/// An outbox's retries run on the actor system's scheduler: with the spec's clock, a failing channel is tried again
/// exactly 5 s, 10 s, then 20 s (the cap here) after each failure, and never sooner.
/// </summary>
public sealed class OutboxRetryScheduleSpecs(ITestOutputHelper output) : PersistentSpec(output), IAsyncLifetime
{
    private static readonly MovieId Matrix = MovieId.Parse("tt0133093");
    private static readonly DateTimeOffset At = new(2026, 12, 1, 18, 0, 0, TimeSpan.Zero);
    private readonly HttpClient _http = HttpDelivery.NewClient();
    private FakeNotificationReceiver _hook = null!;

    public async Task InitializeAsync() => _hook = await FakeNotificationReceiver.StartAsync();

    public async Task DisposeAsync()
    {
        await _hook.DisposeAsync();
        _http.Dispose();
    }

    [Fact]
    public void A_failing_channel_is_tried_again_after_5_10_then_20_s_and_never_sooner()
    {
        var settings = new OutboxSettings("hook-schedule", "webhook", ["grabbed"],
            new WebhookSender(new HttpDelivery(_http, TimeSpan.FromSeconds(10), []), _hook.Url("hook")))
        {
            FirstRetry = TimeSpan.FromSeconds(5),
            MaxRetry = TimeSpan.FromSeconds(20),
        };
        Sys.ActorOf(Notifier.Props(null, TimeSpan.FromMinutes(1)));
        // The journal's live queries poll on the scheduler too: the clock moves in small steps until each has started.
        Pump(() => EventsOf(Notifier.Name).Any(e => e is NotifierStarted));
        var outbox = Sys.ActorOf(ChannelOutbox.Props(settings));
        Pump(() => EventsOf(settings.PersistenceId).Any(e => e is OutboxOpened));
        _hook.AlwaysStatus = 503;

        var writer = Sys.ActorOf(Props.Create(() => new MovieWriter(Matrix)));
        writer.Tell(new MovieQueued(Matrix, "The Matrix", 1999, At), TestActor);
        ExpectMsg("written", TimeSpan.FromSeconds(20));
        writer.Tell(new TorrentAdded(Matrix, "The.Matrix.1999.1080p", "ab12", At), TestActor);
        ExpectMsg("written", TimeSpan.FromSeconds(20));
        // No retry timer exists before the first try, so moving the clock until it happens moves none.
        Pump(() => _hook.Requests.Count >= 1);

        foreach (var (wait, tries) in new[] { (5, 2), (10, 3), (20, 4) })
        {
            Clock.AwaitDue(TimeSpan.FromSeconds(wait), outbox);
            Assert.False(Clock.IsDue(TimeSpan.FromSeconds(wait) - TimeSpan.FromMilliseconds(1), outbox), $"retried before {wait} s");
            if (tries == 4)
                _hook.AlwaysStatus = null;
            Clock.Advance(TimeSpan.FromSeconds(wait));
            AwaitCondition(() => _hook.Requests.Count == tries, $"try {tries} after {wait} s");
        }

        AwaitCondition(() => Request<ChannelStatus>(outbox, GetChannelStatus.Instance).Delivered == 1, "the delivery journaled");
        Assert.Equal([503, 503, 503, 200], _hook.Requests.Select(r => r.Status));
        Assert.Single(_hook.Requests.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("delivery_id").GetString()).Distinct());
    }

    /// <summary>Moves the clock 100 ms at a time (at most 60 s of it) until <paramref name="condition"/> holds.</summary>
    private void Pump(Func<bool> condition)
    {
        for (var step = 0; step < 600 && !condition(); step++)
        {
            Clock.Advance(TimeSpan.FromMilliseconds(100));
            Thread.Sleep(20);
        }

        Assert.True(condition(), "not reached while the clock moved 60 s");
    }

    private IReadOnlyList<object> EventsOf(string persistenceId) =>
        JournalFollowing.ReadJournal(Sys).CurrentEventsByPersistenceId(persistenceId, 0, long.MaxValue)
            .RunWith(Sink.Seq<EventEnvelope>(), Sys.Materializer()).Result.Select(e => e.Event).ToList();

    /// <summary>Journals each event it is told as the movie's, and answers "written".</summary>
    private sealed class MovieWriter : ReceivePersistentActor
    {
        private readonly MovieId _id;

        public MovieWriter(MovieId id)
        {
            _id = id;
            Command<IMovieEvent>(e =>
            {
                var replyTo = Sender;
                Persist(e, _ => replyTo.Tell("written"));
            });
        }

        public override string PersistenceId => _id.PersistenceId;
    }
}
