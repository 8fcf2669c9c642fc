using System.Globalization;
using System.IO.Compression;
using Akka.Actor;
using Akka.Configuration;
using Akka.TestKit;
using MovieSync.Actors.Adapters.Letterboxd;
using MovieSync.Actors.Hosting;
using MovieSync.Actors.Watchlist;
using MovieSync.Clients.Letterboxd;
using MovieSync.Messages;
using MovieSync.Tests.Support;
using Xunit.Abstractions;
using static MovieSync.Messages.MovieCommands;
using static MovieSync.Specs.SpecWaits;

namespace MovieSync.Letterboxd.Tests;

/// <summary>
/// The export as the everyday path (issue 13): <c>letterboxd.export_path</c> names a folder the member drops exports
/// into; the newest is read, named in the log with its age; a broken export removes nothing; a removal needs two
/// changed exports without the film and the grace period.
/// </summary>
public sealed class ExportRemovalSpecs : Akka.TestKit.Xunit2.TestKit
{
    private const string User = "alice";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan Grace = TimeSpan.FromDays(7);
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("moviesync-exports-");
    private readonly TestProbe _coordinator;

    public ExportRemovalSpecs(ITestOutputHelper output) : base(WatchlistSpecSetup.Config, output: output)
    {
        _coordinator = WatchlistSpecSetup.ConfirmingCoordinator(this, "is removed");
    }

    protected override void AfterAll()
    {
        base.AfterAll();
        _folder.Delete(recursive: true);
    }

    private SpecScheduler Clock => (SpecScheduler)Sys.Scheduler;

    private WatchlistSettings Settings => new(User, TimeSpan.FromHours(1), TimeSpan.FromDays(1), WatchlistSourceKind.Export, _folder.FullName)
    {
        Removals = new RemovalRules(RemovalAction.Forget, Grace),
    };

    private IActorRef Start() =>
        Sys.ActorOf(WatchlistActor.Props(Settings, new ExportWatchlistSource(_folder.FullName), _coordinator));

    private WatchlistState State(IActorRef actor)
    {
        var probe = CreateTestProbe();
        actor.Tell(WatchlistQueries.GetWatchlist.Instance, probe.Ref);
        return probe.ExpectMsg<WatchlistState>(Wait);
    }

    private static string Csv(IEnumerable<int> films) => "Date,Name,Year,Letterboxd URI\n" + string.Concat(films.Select(i =>
        $"2024-01-{1 + i % 28:00},Exported Film {i},{1950 + i},https://boxd.it/x{i}\n"));

    /// <summary>An export zip as Letterboxd names it, dated <paramref name="exportedAt"/>.</summary>
    private string DropExport(DateTimeOffset exportedAt, string csv)
    {
        var name = $"letterboxd-{User}-{exportedAt.UtcDateTime.ToString("yyyy-MM-dd-HH-mm", CultureInfo.InvariantCulture)}-utc.zip";
        var path = Path.Combine(_folder.FullName, name);
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        using (var writer = new StreamWriter(zip.CreateEntry("watchlist.csv").Open()))
            writer.Write(csv);
        return path;
    }

    /// <summary>A check, waited for until its next one is scheduled (it is over).</summary>
    private void Check(IActorRef actor, TimeSpan after, TimeSpan? nextWithin = null)
    {
        Clock.StepWallClock(after);
        actor.Tell(new WatchlistCommands.CheckWatchlist());
        State(actor); // answered after the check started, which cancelled the last check's timer
        Clock.AwaitDue(nextWithin ?? Settings.CheckInterval, receiver: actor);
    }

    [Fact]
    public void The_newest_export_of_the_folder_is_read_and_named_with_its_age()
    {
        DropExport(Clock.Now.AddDays(-20), Csv(Enumerable.Range(1, 3)));
        var newest = DropExport(Clock.Now.AddDays(-2), Csv(Enumerable.Range(1, 5)));
        File.WriteAllText(Path.Combine(_folder.FullName, "letterboxd-bob-2099-01-01-00-00-utc.zip"), "not alice's");

        EventFilter.Info(contains: $"Watchlist export in use: {newest} (exported").ExpectOne(Wait, () => Start());

        Assert.Equal(5, _coordinator.ReceiveN(5, Wait).Count);
    }

    [Theory]
    [InlineData("mid-row")]
    [InlineData("mid-quote")]
    [InlineData("zip")]
    public void An_export_cut_off_mid_file_removes_nothing_and_is_an_attention(string cut)
    {
        DropExport(Clock.Now.AddDays(-1), Csv(Enumerable.Range(1, 12)));
        var actor = Start();
        _coordinator.ReceiveN(12, Wait);
        Clock.AwaitDue(Settings.CheckInterval, receiver: actor);

        var whole = Csv(Enumerable.Range(1, 12));
        var path = cut switch
        {
            "mid-row" => DropCsv(whole[..(whole.IndexOf("Exported Film 6", StringComparison.Ordinal) + 8)]),
            "mid-quote" => DropCsv(whole[..whole.IndexOf("2024-01-07", StringComparison.Ordinal)] + "2024-01-07,\"Exported Film 6, Part"),
            _ => CutZip(DropExport(Clock.Now, whole)),
        };

        EventFilter.Warning(contains: "attention: Watchlist read not trusted for removals").ExpectOne(Wait, () =>
            actor.Tell(new WatchlistCommands.CheckWatchlist()));
        AwaitCondition(() => State(actor).DistrustedSince is not null, Wait, Poll);

        _coordinator.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        Assert.Equal(12, State(actor).Films.Count);
        Assert.Empty(State(actor).Missing);
        Assert.True(File.Exists(path));
    }

    /// <summary>A watchlist.csv dropped into the folder, newer than every export.</summary>
    private string DropCsv(string content)
    {
        var path = Path.Combine(_folder.FullName, "watchlist.csv");
        File.WriteAllText(path, content);
        File.SetLastWriteTimeUtc(path, Clock.Now.UtcDateTime);
        return path;
    }

    private static string CutZip(string path)
    {
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        return path;
    }

    [Fact]
    public void A_film_missing_from_two_changed_exports_is_forgotten_once_the_grace_has_passed_even_with_no_newer_export()
    {
        DropExport(Clock.Now.AddDays(-1), Csv(Enumerable.Range(1, 3)));
        var actor = Start();
        _coordinator.ReceiveN(3, Wait);
        Clock.AwaitDue(Settings.CheckInterval, receiver: actor);

        // Film 3 is gone from the next two exports (each changed: a film was added).
        DropExport(Clock.Now, Csv([1, 2, 4]));
        Check(actor, TimeSpan.FromMinutes(1));
        Assert.Equal(1, State(actor).Missing["exported-film-3-1953"].CompleteReads);
        DropExport(Clock.Now.AddMinutes(1), Csv([1, 2, 4, 5]));
        Check(actor, TimeSpan.FromDays(1));
        Assert.Equal(2, State(actor).Missing["exported-film-3-1953"].CompleteReads);
        _coordinator.ReceiveN(2, Wait).Cast<QueueMovie>().ToList(); // films 4 and 5
        _coordinator.ExpectNoMsg(TimeSpan.FromMilliseconds(300));

        // No newer export: the last one still stands, and once the grace has passed the film goes.
        Check(actor, Grace);

        var forget = _coordinator.ExpectMsg<ForgetMovie>(Wait);
        Assert.Equal(MovieId.Parse("exported-film-3-1953"), forget.MovieId);
        AwaitAssert(() => Assert.False(State(actor).Films.ContainsKey("exported-film-3-1953")), Wait);
    }

    [Fact]
    public void A_restart_does_not_read_the_same_export_again_so_it_counts_once()
    {
        DropExport(Clock.Now.AddDays(-1), Csv(Enumerable.Range(1, 3)));
        var actor = Start();
        _coordinator.ReceiveN(3, Wait);
        Clock.AwaitDue(Settings.CheckInterval, receiver: actor);
        DropExport(Clock.Now, Csv([1, 2, 4]));
        Check(actor, TimeSpan.FromMinutes(1));
        _coordinator.ExpectMsg<QueueMovie>(Wait); // film 4
        Watch(actor);
        Sys.Stop(actor);
        ExpectTerminated(actor);

        var restarted = Start();
        Clock.AwaitDue(Settings.CheckInterval, receiver: restarted);
        Check(restarted, Grace);

        _coordinator.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        Assert.Equal(1, State(restarted).Missing["exported-film-3-1953"].CompleteReads);
    }

    [Fact]
    public void An_export_older_than_30_days_is_an_attention_journaled_once()
    {
        var old = DropExport(Clock.Now.AddDays(-45), Csv(Enumerable.Range(1, 2)));

        IActorRef actor = null!;
        EventFilter.Warning(contains: $"attention: The Letterboxd export {old} is 45d").ExpectOne(Wait, () => actor = Start());
        AwaitCondition(() => State(actor).StaleExport == old, Wait, Poll);
        _coordinator.ReceiveN(2, Wait);
        Clock.AwaitDue(Settings.CheckInterval, receiver: actor);

        // The next check says so again in the log; the state keeps the one export reported.
        EventFilter.Warning(contains: "attention: The Letterboxd export").ExpectOne(Wait, () => Check(actor, TimeSpan.FromHours(1)));
        Assert.Equal(old, State(actor).StaleExport);
    }

    [Fact]
    public void The_folder_resolves_to_the_newest_export_of_the_member()
    {
        var older = DropExport(new DateTimeOffset(2026, 10, 1, 8, 0, 0, TimeSpan.Zero), Csv([1]));
        var newer = DropExport(new DateTimeOffset(2026, 11, 20, 9, 30, 0, TimeSpan.Zero), Csv([1, 2]));
        File.WriteAllText(Path.Combine(_folder.FullName, "letterboxd-bob-2026-12-01-00-00-utc.zip"), "another member's");
        File.WriteAllText(Path.Combine(_folder.FullName, "notes.txt"), "not an export");

        var file = LetterboxdExportFolder.Resolve(_folder.FullName, User);

        Assert.Equal(newer, file.Path);
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 9, 30, 0, TimeSpan.Zero), file.ExportedAt);
        Assert.Equal(older, LetterboxdExportFolder.Resolve(older, User).Path); // a file is read as it is named
        var empty = Directory.CreateTempSubdirectory("moviesync-no-exports-");
        try
        {
            var error = Assert.Throws<LetterboxdExportException>(() => LetterboxdExportFolder.Resolve(empty.FullName, User));
            Assert.Contains("letterboxd-alice-<date>.zip or watchlist.csv", error.Message);
        }
        finally
        {
            empty.Delete();
        }
    }
}
