using System.Globalization;
using Akka.Configuration;
using MovieSync.Actors.Movies;
using MovieSync.Clients.Library;
using MovieSync.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace MovieSync.Tests.Movies;

/// <summary>The trash of removed films is emptied of removals older than 30 days at start and then once a day.</summary>
public sealed class TrashActorSpecs(ITestOutputHelper output)
    : Akka.TestKit.Xunit2.TestKit(ConfigurationFactory.ParseString("akka.loglevel = INFO").WithFallback(SpecScheduler.Configuration), output: output)
{
    private readonly DirectoryInfo _library = Directory.CreateTempSubdirectory("moviesync-trash-actor-");

    private SpecScheduler Clock => (SpecScheduler)Sys.Scheduler;

    protected override void AfterAll()
    {
        base.AfterAll();
        _library.Delete(recursive: true);
    }

    private string Removal(FilmTrash trash, TimeSpan ago)
    {
        var entry = Path.Combine(trash.Folder, (Clock.Now - ago).UtcDateTime.ToString("yyyy-MM-dd'T'HH-mm-ss'Z'", CultureInfo.InvariantCulture));
        Directory.CreateDirectory(Path.Combine(entry, "Heat (1995)"));
        return entry;
    }

    [Fact]
    public void Removals_older_than_30_days_go_at_start_and_the_others_once_they_are()
    {
        var trash = new FilmTrash(_library.FullName);
        var old = Removal(trash, TimeSpan.FromDays(40));
        var recent = Removal(trash, TimeSpan.FromDays(29) + TimeSpan.FromHours(12));

        Akka.Actor.IActorRef actor = null!;
        // Logged once the emptying is over (and the actor free for the next).
        EventFilter.Info(contains: "Emptied 1 removal(s) older than 30 days").ExpectOne(TimeSpan.FromSeconds(10),
            () => actor = Sys.ActorOf(TrashActor.Props(trash)));

        Assert.False(Directory.Exists(old));
        Assert.True(Directory.Exists(recent));
        Clock.AdvanceWhenDue(TrashActor.Period, receiver: actor);
        AwaitCondition(() => !Directory.Exists(recent), TimeSpan.FromSeconds(10));
    }
}
