using Akka.Actor;
using Akka.Event;
using Microsoft.Extensions.Logging;
using MovieSync.Actors.Movies;
using MovieSync.Actors.FileList;
using MovieSync.Actors.Hosting;
using MovieSync.Clients.QBittorrent;
using MovieSync.Grabbing.Tests.QBittorrent;
using MovieSync.Messages;
using MovieSync.Simulators.FileList;
using Xunit;
using static MovieSync.Messages.FileListCommands;
using Xunit.Abstractions;
using static MovieSync.Messages.MovieCommands;
using static MovieSync.Messages.MovieQueries;
using static MovieSync.Messages.FileListQueries;

namespace MovieSync.Grabbing.Tests.Integration;

/// <summary>When the FileList account cannot be used (credentials rejected, budget spent), films wait without burning retries.</summary>
[Collection(QBittorrentNoxCollection.Name)]
public sealed class FileListPauseSpecs : GrabbingSpec
{
    private static readonly MovieId Matrix = MovieId.Parse(FilmCatalogue.MatrixImdb);
    private static readonly MovieId Amelie = MovieId.Parse(FilmCatalogue.AmelieImdb);
    private readonly QBittorrentNox _qbittorrent;

    public FileListPauseSpecs(QBittorrentNox qbittorrent, ITestOutputHelper output) : base(output) => _qbittorrent = qbittorrent;

    [Fact]
    public async Task Rejected_credentials_are_probed_by_one_search_after_1_then_2_minutes_and_no_film_burns_a_retry()
    {
        FileList.Fault = FakeFileListFault.CredentialsRejected;
        var grabber = Grabber(Options(_qbittorrent.BaseUrl));
        var coordinator = Sys.ActorOf(MovieCoordinator.Props(grabber, MovieSettings.Default), MovieCoordinator.Name);

        coordinator.Tell(new QueueMovie(Matrix, "The Matrix", 1999), ActorRefs.NoSender);
        coordinator.Tell(new QueueMovie(Amelie, "Amélie", 2001), ActorRefs.NoSender);
        AwaitCondition(() => grabber.Grabs.Count == 2, "both films were attempted");
        Assert.All(grabber.Grabs, g => Assert.IsType<GrabOutcome.Deferred>(g.Outcome));
        var searches = FileList.SearchRequests;
        Assert.InRange(searches, 1, 2); // the first film's search, and the second's if it started before the rejection came
        var status = await AccountStatus();
        Assert.Equal(FileListAccountHealth.CredentialsRejected, status.Health);
        Assert.Contains("Invalid passkey/username!", status.Message);

        // One search probes the credentials after 1 minute, then 2: nothing in between. (A fifth failure would have
        // FileList lock the account out for an hour.)
        var probes = 0;
        foreach (var pause in new[] { 1, 2 })
        {
            Clock.AwaitDue(within: TimeSpan.FromMinutes(pause));
            Clock.Advance(TimeSpan.FromMinutes(pause) - TimeSpan.FromSeconds(1));
            Assert.Equal(searches, FileList.SearchRequests);
            Clock.Advance(TimeSpan.FromSeconds(1));
            searches++;
            AwaitCondition(() => FileList.SearchRequests == searches, $"one search probed the credentials after {pause} min");
            probes++;
            AwaitCondition(() => Logs.Lines.Count(i => i.Contains("FileList still rejects")) == probes && AccountStatus().Result.PausedUntil > Clock.Now,
                "the probe's rejection began the next pause");
        }

        Assert.Single(Logs.Warnings, w => w.Contains("FileList rejected the credentials"));
        var waiting = Statistics(coordinator);
        Assert.Equal(2, waiting.Pending);
        Assert.Equal(0, waiting.Failed);

        // The user fixes the account; the next probe (4 minutes on) is accepted and both films are grabbed, no failure counted.
        FileList.Fault = FakeFileListFault.None;
        Clock.AdvanceWhenDue(TimeSpan.FromMinutes(4));
        AwaitCondition(() => Statistics(coordinator).Downloading == 2, "both films were grabbed after the probe");
        Assert.All(grabber.Grabs.Select(g => g.Request.Attempt), a => Assert.Equal(1, a));
        Assert.Equal(searches + 2, FileList.SearchRequests); // the accepted probe and the other film's search
    }

    [Fact]
    public async Task The_probe_schedule_doubles_and_waits_the_hour_filelist_asks_for_once_it_locks_the_account_out()
    {
        FileList.Fault = FakeFileListFault.CredentialsRejected;
        var grabber = Grabber(Options(_qbittorrent.BaseUrl));
        var coordinator = Sys.ActorOf(MovieCoordinator.Props(grabber, MovieSettings.Default), MovieCoordinator.Name);
        coordinator.Tell(new QueueMovie(Matrix, "The Matrix", 1999), ActorRefs.NoSender);
        AwaitCondition(() => FileList.SearchRequests == 1, "the film's search met the rejection");

        var pauses = new List<TimeSpan>();
        for (var probe = 2; probe <= 9; probe++)
        {
            var until = PausedUntil();
            pauses.Add(until - Clock.Now);
            Clock.AdvanceWhenDue(until - Clock.Now);
            var expected = probe;
            AwaitCondition(() => FileList.SearchRequests == expected, $"probe {probe} was made");
            AwaitCondition(() => AccountStatus().Result.PausedUntil > Clock.Now, "the next pause began");
        }

        // The fake, as FileList, locks the account out after its fifth failed authentication: from then on, hours.
        Assert.Equal(new[] { 1, 2, 4, 8, 16, 60, 60, 60 }.Select(m => TimeSpan.FromMinutes(m)), pauses.Select(RoundToSeconds));
        Assert.Contains("Too many failed authentications", (await AccountStatus()).Message);
    }

    private static TimeSpan RoundToSeconds(TimeSpan t) => TimeSpan.FromSeconds(Math.Round(t.TotalSeconds));

    private DateTimeOffset PausedUntil()
    {
        DateTimeOffset? until = null;
        AwaitCondition(() => (until = AccountStatus().Result.PausedUntil) > Clock.Now, "the account is paused");
        return until!.Value;
    }

    private Task<FileListAccountStatus> AccountStatus() =>
        Sys.ActorSelection("/user/" + FileListAccountActor.Name).Ask<FileListAccountStatus>(GetFileListAccountStatus.Instance, TimeSpan.FromSeconds(5));

    [Fact]
    public async Task A_stopped_account_actor_is_started_again_and_its_films_wait_without_burning_a_retry()
    {
        // The host's grabber, but with an account timeout of seconds (an ask times out in real time, not the test's).
        var options = Options(_qbittorrent.BaseUrl);
        var timeout = TimeSpan.FromSeconds(2);
        var grabber = Grabber(options, SettingsFromOptions.Grabbing(options) with { AccountTimeout = timeout });
        var identities = CreateTestProbe();
        IActorRef? account = null;
        AwaitCondition(() =>
        {
            Sys.ActorSelection($"/user/{FileListAccountActor.Name}/account").Tell(new Identify(null), identities.Ref);
            return (account = identities.ExpectMsg<ActorIdentity>(TimeSpan.FromSeconds(5)).Subject) is not null;
        }, "the account actor started");
        Watch(account!);
        account!.Tell(PoisonPill.Instance); // as when its journal refuses a write
        ExpectTerminated(account);
        var lost = CreateTestProbe();
        Sys.EventStream.Subscribe(lost.Ref, typeof(DeadLetter));

        var (movie, matrix) = StartMovie(grabber, Matrix.Value, "The Matrix", 1999);
        lost.FishForMessage(m => m is DeadLetter { Message: ReserveFileListRequests }, TimeSpan.FromSeconds(20));
        // The supervisor's pause (1 s, give or take its random part) ends: the account actor is back.
        var supervisor = await Sys.ActorSelection("/user/" + FileListAccountActor.Name).ResolveOne(TimeSpan.FromSeconds(5));
        Clock.AdvanceWhenDue(TimeSpan.FromSeconds(2), receiver: supervisor);

        AwaitCondition(() => grabber.OutcomesFor(Matrix).Count == 1, "the unanswered search ended the attempt");
        var deferred = Assert.IsType<GrabOutcome.Deferred>(grabber.OutcomesFor(Matrix).Single());
        Assert.Contains("the FileList account did not answer", deferred.Reason);
        Assert.Equal(0, FileList.SearchRequests);

        Clock.AdvanceWhenDue(timeout + TimeSpan.FromSeconds(1), receiver: movie);
        var grabbed = ExpectState(matrix, s => s.Status == MovieStatus.Downloading);
        Assert.Equal(0, grabbed.Failures);
        Assert.Equal(1, FileList.SearchRequests);
    }

    [Fact]
    public void A_spent_budget_defers_films_until_the_window_frees()
    {
        // Two requests an hour: one film's search and .torrent download.
        var grabber = Grabber(Options(_qbittorrent.BaseUrl, requestsPerHour: 2));
        var (_, matrix) = StartMovie(grabber, Matrix.Value, "The Matrix", 1999);
        ExpectState(matrix, s => s.Status == MovieStatus.Downloading);
        var spentAt = Clock.Now;

        Clock.Advance(TimeSpan.FromMinutes(10)); // time passes: the budget reads the clock, it sets no timer
        var (amelieActor, amelie) = StartMovie(grabber, Amelie.Value, "Amélie", 2001);
        AwaitCondition(() => grabber.OutcomesFor(Amelie).Count == 1, "Amélie was attempted");
        var deferred = Assert.IsType<GrabOutcome.Deferred>(grabber.OutcomesFor(Amelie).Single());
        Assert.Contains("filelist.requests_per_hour", deferred.Reason);
        Assert.InRange(deferred.RetryAt, spentAt, spentAt + TimeSpan.FromHours(1) + TimeSpan.FromSeconds(5));
        Assert.Equal(1, FileList.SearchRequests);
        Assert.Equal(1, FileList.DownloadRequests);

        // The deferral sets Amélie's timer without a report: wait for it, not for a state.
        Clock.AwaitDue(within: TimeSpan.FromMinutes(51), receiver: amelieActor);
        Clock.Advance(TimeSpan.FromMinutes(49));
        Assert.Equal(MovieStatus.Pending, StateOf(amelieActor).Status); // answered after any tick the advance delivered
        Assert.Single(grabber.Started, r => r.MovieId == Amelie);
        Assert.Single(grabber.OutcomesFor(Amelie));

        Clock.AdvanceWhenDue(TimeSpan.FromMinutes(2), receiver: amelieActor);
        var grabbed = ExpectState(amelie, s => s.Status == MovieStatus.Downloading);
        Assert.Equal(0, grabbed.Failures);
        Assert.Equal(2, FileList.SearchRequests);
        Assert.Equal(2, FileList.DownloadRequests);
    }
}
