using System.Text.Json;
using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence;
using Akka.Persistence.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using Akka.TestKit;
using MovieSync.Actors.Hosting;
using MovieSync.Actors.Notifications;
using MovieSync.Clients.Notifications;
using MovieSync.Messages;
using MovieSync.Simulators.Notifications;
using MovieSync.Specs;
using MovieSync.Tests.Support;
using Xunit;
using Xunit.Abstractions;
using static MovieSync.Messages.MovieEvents;
using static MovieSync.Messages.NotificationEvents;
using static MovieSync.Messages.NotificationQueries;
using static MovieSync.Specs.SpecWaits;

namespace MovieSync.Tests.Notifications;

/// <summary>
/// The notifier and a channel's outbox on a real journal: a movie's event becomes one notification, sent until the
/// channel accepts it, with one delivery id on every try and across restarts; a channel that keeps refusing is reported
/// once to the others. Retries wait 50 ms here (the schedule's shape is <see cref="OutboxSettingsSpecs"/>').
/// </summary>
public sealed class NotificationDeliverySpecs : Akka.TestKit.Xunit2.TestKit, IAsyncLifetime
{
    private static readonly MovieId Matrix = MovieId.Parse("tt0133093");
    private static readonly MovieId Alien = MovieId.Parse("tt0078748");
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private readonly JournalUnderTest _journal;
    private readonly HttpClient _http = HttpDelivery.NewClient();
    private FakeNotificationReceiver _hook = null!;
    private FakeNotificationReceiver _other = null!;
    private IActorRef? _writer;

    public NotificationDeliverySpecs(ITestOutputHelper output) : this(output, JournalUnderTest.Sqlite())
    {
    }

    private NotificationDeliverySpecs(ITestOutputHelper output, JournalUnderTest journal)
        : base(ConfigurationFactory.ParseString("akka.loglevel = INFO\nakka.persistence.query.journal.sql.refresh-interval = 100ms")
            .WithFallback(SerializationCheck.Config).WithFallback(MovieSyncConfig.ForJournal(journal.Options)), output: output)
    {
        _journal = journal;
    }

    public async Task InitializeAsync()
    {
        _hook = await FakeNotificationReceiver.StartAsync();
        _other = await FakeNotificationReceiver.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _hook.DisposeAsync();
        await _other.DisposeAsync();
        _http.Dispose();
        _journal.Dispose();
    }

    private OutboxSettings Settings(FakeNotificationReceiver receiver, string key, params string[] events) =>
        new(key, $"webhook {receiver.Url("hook")}", events.Length > 0 ? events : ["grabbed", "completed", "permanent_failure", "attention"],
            new WebhookSender(new HttpDelivery(_http, TimeSpan.FromSeconds(10), []), receiver.Url("hook")))
        {
            FirstRetry = TimeSpan.FromMilliseconds(50),
            MaxRetry = TimeSpan.FromMilliseconds(200),
        };

    private IActorRef StartNotifier() => Sys.ActorOf(Notifier.Props(null, TimeSpan.FromMinutes(1)));

    private IActorRef StartOutbox(OutboxSettings settings) => Sys.ActorOf(ChannelOutbox.Props(settings));

    /// <summary>Starts both on an empty journal and waits until each has journaled where it starts.</summary>
    private (IActorRef Notifier, IActorRef Outbox) StartOnEmptyJournal(OutboxSettings settings)
    {
        var notifier = StartNotifier();
        AwaitEvents(Notifier.Name, e => e is NotifierStarted);
        var outbox = StartOutbox(settings);
        AwaitEvents(settings.PersistenceId, e => e is OutboxOpened);
        return (notifier, outbox);
    }

    private void Write(string persistenceId, params object[] events)
    {
        _writer ??= Sys.ActorOf(JournalWriter.Props());
        foreach (var e in events)
        {
            _writer.Tell((persistenceId, e), TestActor);
            ExpectMsg("written", Wait);
        }
    }

    private static readonly DateTimeOffset At = new(2026, 12, 1, 18, 0, 0, TimeSpan.Zero);

    private void Grab(MovieId id, string title, int year, string torrent) =>
        Write(id.PersistenceId, new MovieQueued(id, title, year, At), new TorrentAdded(id, torrent, "ab" + id.Value, At.AddMinutes(1)));

    [Fact]
    public void A_receiver_that_fails_three_times_gets_the_notification_once_with_one_delivery_id()
    {
        var (_, outbox) = StartOnEmptyJournal(Settings(_hook, "hook-a"));
        _hook.FailNext(3);

        Grab(Matrix, "The Matrix", 1999, "The.Matrix.1999.1080p.BluRay.x264-GRP");

        // The receiver records a request before it answers: the outbox journals the delivery a moment later.
        AwaitCondition(() => _hook.Accepted.Count == 1 && Status(outbox).Delivered == 1, Wait, Poll);
        var status = Status(outbox);
        Assert.Equal((0, 1, (string?)null), (status.Waiting, status.Delivered, status.LastError));
        var requests = _hook.Requests;
        Assert.Equal(4, requests.Count);
        Assert.Equal([503, 503, 503, 200], requests.Select(r => r.Status));
        var ids = requests.Select(r => r.Header("X-MovieSync-Delivery")).Distinct().ToList();
        Assert.Single(ids);
        Assert.All(requests, r => Assert.Equal(ids[0], JsonDocument.Parse(r.Body).RootElement.GetProperty("delivery_id").GetString()));
        using var body = JsonDocument.Parse(requests[^1].Body);
        Assert.Equal("grabbed", body.RootElement.GetProperty("event").GetString());
        Assert.Contains("The Matrix (1999)", body.RootElement.GetProperty("message").GetString());
        Assert.Equal(Notification.DeliveryIdFor($"{Matrix.PersistenceId}/2"), ids[0]);
        var delivered = Assert.Single(EventsOf("notify-hook-a").OfType<NotificationDelivered>());
        Assert.Equal(4, delivered.Attempts);
    }

    [Fact]
    public void The_all_clear_after_a_journal_outage_is_journaled_and_sent_like_any_notification()
    {
        var (notifier, _) = StartOnEmptyJournal(Settings(_hook, "hook-j"));

        // Told twice (the alarm tells it until it confirms): raised once, confirmed both times.
        notifier.Tell(new JournalWritableAgain(At, At.AddMinutes(12), "the disk is full"));
        notifier.Tell(new JournalWritableAgain(At, At.AddMinutes(12), "the disk is full"));

        Assert.Equal(At, ExpectMsg<JournalAllClearTaken>(Wait).Since);
        Assert.Equal(At, ExpectMsg<JournalAllClearTaken>(Wait).Since);
        AwaitCondition(() => _hook.Accepted.Count == 1, Wait, Poll);
        using var body = JsonDocument.Parse(_hook.Accepted[0].Body);
        Assert.Equal("attention", body.RootElement.GetProperty("event").GetString());
        var message = body.RootElement.GetProperty("message").GetString()!;
        Assert.StartsWith("The journal can be written again (since 2026-12-01 18:12 UTC), after", message);
        Assert.Contains("(the disk is full). Nothing was lost", message);
        Assert.Equal(Notification.DeliveryIdFor($"journal-writable-again/{At.UtcTicks}"), body.RootElement.GetProperty("delivery_id").GetString());
        Assert.Single(EventsOf(Notifier.Name).OfType<NotificationRaised>());
    }

    [Fact]
    public void What_was_journaled_before_a_restart_is_sent_after_it_with_the_same_delivery_id_and_nothing_is_raised_twice()
    {
        var settings = Settings(_hook, "hook-b");
        var (notifier, outbox) = StartOnEmptyJournal(settings);
        _hook.AlwaysStatus = 503;
        Grab(Matrix, "The Matrix", 1999, "The.Matrix.1999.1080p");
        AwaitCondition(() => _hook.Requests.Count >= 1, Wait, Poll);
        var firstId = _hook.Requests[0].Header("X-MovieSync-Delivery");

        Stop(outbox);
        Stop(notifier);
        // While both are down a second movie is grabbed: it is notified after the restart, the first is not raised again.
        Grab(Alien, "Alien", 1979, "Alien.1979.1080p");
        _hook.AlwaysStatus = null;
        StartNotifier();
        StartOutbox(settings);

        AwaitCondition(() => _hook.Accepted.Count == 2, Wait, Poll);
        Assert.Equal(firstId, _hook.Accepted[0].Header("X-MovieSync-Delivery"));
        Assert.Contains("Alien (1979)", _hook.Accepted[1].Body);
        Assert.Equal(2, EventsOf(Notifier.Name).OfType<NotificationRaised>().Count());
        Assert.Equal(2, EventsOf(settings.PersistenceId).OfType<NotificationQueued>().Count());
    }

    [Fact]
    public void A_channel_that_keeps_refusing_is_given_up_and_reported_once_to_the_others()
    {
        var refusing = Settings(_hook, "hook-refusing");
        var other = Settings(_other, "hook-other");
        StartNotifier();
        AwaitEvents(Notifier.Name, e => e is NotifierStarted);
        var refusingOutbox = StartOutbox(refusing);
        StartOutbox(other);
        AwaitEvents(refusing.PersistenceId, e => e is OutboxOpened);
        AwaitEvents(other.PersistenceId, e => e is OutboxOpened);
        _hook.AlwaysStatus = 404;

        Grab(Matrix, "The Matrix", 1999, "The.Matrix.1999.1080p");
        AwaitCondition(() => _other.Accepted.Count == 2, Wait, Poll);
        Grab(Alien, "Alien", 1979, "Alien.1979.1080p");
        // Both given up on the refusing channel (its outbox may not have queued the second yet when it waits for none).
        AwaitCondition(() => _other.Accepted.Count == 3 && EventsOf(refusing.PersistenceId).OfType<NotificationGivenUp>().Count() == 2,
            Wait, Poll);

        var events = _other.Accepted.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("event").GetString()).ToList();
        Assert.Equal(["grabbed", "attention", "grabbed"], events);
        Assert.Contains("keeps refusing", _other.Accepted[1].Body);
        Assert.Contains(refusing.Name, _other.Accepted[1].Body);
        // Three tries per notification, never the attention about itself.
        Assert.Equal(6, _hook.Requests.Count);
        Assert.DoesNotContain(_hook.Requests, r => r.Body.Contains("keeps refusing"));
        Assert.Single(EventsOf(refusing.PersistenceId).OfType<ChannelRefusing>());
        Assert.Equal(2, EventsOf(refusing.PersistenceId).OfType<NotificationGivenUp>().Count());
        Assert.True(Status(refusingOutbox).Refusing);
    }

    [Fact]
    public void Events_before_the_notifiers_first_start_are_history_and_a_film_found_on_disk_is_not_notified()
    {
        Grab(Matrix, "The Matrix", 1999, "The.Matrix.1999.1080p");
        var settings = Settings(_hook, "hook-history");
        StartOnEmptyJournal(settings);
        Write(Alien.PersistenceId, new MovieQueued(Alien, "Alien", 1979, At), new MovieCompleted(Alien, "/d/Alien", AlreadyOnDisk: true, At));
        Write(Matrix.PersistenceId, new MovieCompleted(Matrix, "/d/The Matrix (1999)", AlreadyOnDisk: false, At));

        AwaitCondition(() => _hook.Accepted.Count == 1, Wait, Poll);
        using var body = JsonDocument.Parse(_hook.Accepted[0].Body);
        Assert.Equal("completed", body.RootElement.GetProperty("event").GetString());
        Assert.Equal("tt0133093", body.RootElement.GetProperty("movie").GetProperty("id").GetString());
        Assert.Single(EventsOf(Notifier.Name).OfType<NotificationRaised>());
    }

    [Fact]
    public void Rejected_credentials_and_a_full_disk_each_raise_one_attention_until_they_clear()
    {
        var rejected = true;
        var diskFull = true;
        var broker = CreateTestProbe();
        broker.SetAutoPilot(new DelegateAutoPilot((sender, message) =>
        {
            if (message is FileListAccountQueries.GetFileListAccounts)
                sender.Tell(new FileListAccountQueries.FileListAccountsResult([new FileListAccountQueries.FileListAccountRow("alice", "local",
                    Volatile.Read(ref rejected) ? FileListAccountState.CredentialsRejected : FileListAccountState.Ok, 100, 150, 3, 1)]));
            return AutoPilot.KeepRunning;
        }));
        var coordinator = CreateTestProbe();
        coordinator.SetAutoPilot(new DelegateAutoPilot((sender, message) =>
        {
            if (message is MovieQueries.GetWaiting)
                sender.Tell(new MovieQueries.WaitingResult(Volatile.Read(ref diskFull)
                    ? [new MovieWait(Matrix, "disk: 3.2 GB free, 10.0 GB required", At), new MovieWait(Alien, "disk: 3.2 GB free, 10.0 GB required", At)]
                    : [new MovieWait(Alien, "FileList budget: next request at 18:40", At)]));
            return AutoPilot.KeepRunning;
        }));
        // The outbox first: attentions are raised at once, and a channel takes only what is raised after it opened.
        var settings = Settings(_hook, "hook-attention");
        StartOutbox(settings);
        AwaitEvents(settings.PersistenceId, e => e is OutboxOpened);
        Sys.ActorOf(Notifier.Props(broker.Ref, TimeSpan.FromMilliseconds(100), coordinator: coordinator.Ref));

        AwaitCondition(() => _hook.Accepted.Count == 2, Wait, Poll);
        // Many more looks at the same trouble raise nothing more.
        broker.ExpectMsg<FileListAccountQueries.GetFileListAccounts>(Wait);
        broker.ExpectMsg<FileListAccountQueries.GetFileListAccounts>(Wait);
        broker.ExpectMsg<FileListAccountQueries.GetFileListAccounts>(Wait);
        Assert.Equal(2, EventsOf(Notifier.Name).OfType<NotificationRaised>().Count());
        var messages = _hook.Accepted.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("message").GetString()!).Order().ToList();
        Assert.StartsWith("FileList rejected the username or passkey of account alice", messages[0]);
        Assert.StartsWith("Not enough disk space (3.2 GB free, 10.0 GB required; disk.min_free_gb)", messages[1]);
        Assert.Contains("2 movie(s) wait", messages[1]);

        // Both clear, then the credentials are rejected again: a new attention.
        Volatile.Write(ref rejected, false);
        Volatile.Write(ref diskFull, false);
        AwaitCondition(() => EventsOf(Notifier.Name).OfType<AttentionCleared>().Count() == 2, Wait, Poll);
        Volatile.Write(ref rejected, true);
        AwaitCondition(() => _hook.Accepted.Count == 3, Wait, Poll);
        Assert.StartsWith("FileList rejected", JsonDocument.Parse(_hook.Accepted[2].Body).RootElement.GetProperty("message").GetString());
    }

    private ChannelStatus Status(IActorRef outbox)
    {
        var probe = CreateTestProbe();
        outbox.Tell(GetChannelStatus.Instance, probe.Ref);
        return probe.ExpectMsg<ChannelStatus>(TimeSpan.FromSeconds(10));
    }

    private void Stop(IActorRef actor)
    {
        Watch(actor);
        Sys.Stop(actor);
        ExpectTerminated(actor, Wait);
    }

    private void AwaitEvents(string persistenceId, Func<object, bool> condition) =>
        AwaitCondition(() => EventsOf(persistenceId).Any(condition), Wait, Poll);

    private IReadOnlyList<object> EventsOf(string persistenceId) => JournalWriter.EventsOf(Sys, persistenceId);
}
