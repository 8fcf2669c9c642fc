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
    public async Task Rejected_credentials_pause_all_filelist_work_with_one_warning_and_no_film_burns_a_retry()
    {
        FileList.Fault = FakeFileListFault.CredentialsRejected;
        var grabber = Grabber(Options(_qbittorrent.BaseUrl));
        var coordinator = Sys.ActorOf(MovieCoordinator.Props(grabber, MovieSettings.Default), MovieCoordinator.Name);

        coordinator.Tell(new QueueMovie(Matrix, "The Matrix", 1999), ActorRefs.NoSender);
        coordinator.Tell(new QueueMovie(Amelie, "Amélie", 2001), ActorRefs.NoSender);
        AwaitCondition(() => grabber.Grabs.Count == 2, "both films were attempted");
        // A deferral sets the film's timer without a report: wait for both timers, not for a state.
        Clock.AwaitDue(within: TimeSpan.FromHours(1), timers: 2);
        Clock.Advance(TimeSpan.FromMinutes(30));
        Clock.Advance(TimeSpan.FromMinutes(29));

        Assert.All(grabber.Grabs, g => Assert.IsType<GrabOutcome.Deferred>(g.Outcome));
        foreach (var film in new[] { Matrix, Amelie }) // each answers after any tick the advances delivered
        {
            coordinator.Tell(new MovieQueries.GetMovieState(film), TestActor);
            Assert.Equal(MovieStatus.Pending, ExpectMsg<MovieQueries.MovieStateResult>(TimeSpan.FromSeconds(5)).State.Status);
        }
        Assert.Equal(2, grabber.Started.Count);
        var waiting = Statistics(coordinator);
        Assert.Equal(2, waiting.Pending);
        Assert.Equal(0, waiting.Failed);
        Assert.InRange(FileList.SearchRequests, 1, 2); // no request at all once the pause began
        var status = await Sys.ActorSelection("/user/" + FileListAccountActor.Name)
            .Ask<FileListAccountStatus>(GetFileListAccountStatus.Instance, TimeSpan.FromSeconds(5));
        Assert.Equal(FileListAccountHealth.CredentialsRejected, status.Health);
        Assert.Contains("Invalid passkey/username!", status.Message);
        AwaitCondition(() => Logs.Warnings.Count(w => w.Contains("FileList rejected the credentials")) >= 1, "the pause was logged");

        // The user fixes the account; after the pause the films are grabbed, still with no failure counted.
        FileList.Fault = FakeFileListFault.None;
        Clock.AdvanceWhenDue(TimeSpan.FromMinutes(1));
        AwaitCondition(() => Statistics(coordinator).Downloading == 2, "both films were grabbed after the pause");
        Assert.All(grabber.Grabs.Select(g => g.Request.Attempt), a => Assert.Equal(1, a));
        Assert.Single(Logs.Warnings, w => w.Contains("FileList rejected the credentials"));
    }

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
        lost.FishForMessage(m => m is DeadLetter { Message: SearchFilm }, TimeSpan.FromSeconds(20));
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
