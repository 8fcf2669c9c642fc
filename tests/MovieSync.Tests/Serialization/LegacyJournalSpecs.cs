using Akka.Actor;
using MovieSync.Actors.Movies;
using MovieSync.Messages;
using MovieSync.Tests.Support;
using Xunit;
using Xunit.Abstractions;
using static MovieSync.Messages.MovieQueries;

namespace MovieSync.Tests.Serialization;

/// <summary>A journal written by MovieSync 1 (Fixtures/journal-v1.db, committed) recovers in this version.</summary>
public sealed class LegacyJournalSpecs(ITestOutputHelper output) : PersistentSpec(output, CopyOfFixture())
{
    private static string CopyOfFixture()
    {
        var file = NewJournalFile();
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Fixtures", "journal-v1.db"), file);
        return file;
    }

    [Fact]
    public void The_coordinator_recovers_every_movie_of_a_version_1_journal_in_its_state()
    {
        var grabber = new ScriptedGrabber();
        grabber.Progress(MovieId.Parse("tt0133093"), new DownloadProgress.InProgress(0.5, 1_000_000, TimeSpan.FromMinutes(5)));
        var coordinator = Sys.ActorOf(MovieCoordinator.Props(grabber, MovieSettings.Default), MovieCoordinator.Name);

        var statistics = Request<StatisticsResult>(coordinator, GetStatistics.Instance);

        // The Matrix, Léon and Se7en were downloading, Amélie was on disk, Dune had failed for good.
        Assert.Equal(new MovieCounts(Pending: 0, Failed: 0, PermanentFailures: 1, Downloading: 3, Completed: 1), statistics.Counts);
        Assert.Equal(0, statistics.Changes);
        Assert.Empty(grabber.Attempts); // nothing is grabbed again
    }

    [Fact]
    public void Status_reads_a_version_1_journal()
    {
        using var home = new TestHome();
        File.Copy(JournalFile, home.JournalFile);

        var (code, json) = MovieSyncProcess.Run("status", "--json", "--home", home.Path);

        Assert.Equal(0, code);
        Assert.Contains("\"permanent_failures\":1,\"downloading\":3,\"completed\":1", json.Replace(" ", ""));
    }
}
