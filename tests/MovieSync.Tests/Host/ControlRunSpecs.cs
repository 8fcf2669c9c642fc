using System.Text.Json.Nodes;
using MovieSync.Host.Home;
using MovieSync.Simulators.FileList;
using MovieSync.Simulators.Letterboxd;
using MovieSync.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace MovieSync.Tests.Host;

/// <summary>
/// `priority`, `grab`, `skip` and `retry` against the real `run`, with the host running and stopped. The budget allows one
/// film at a time: `filelist.requests_per_hour` starts at 2 (one search and one download) and the spec raises it by 2 in
/// config.json, which the running host takes up at once, so each raise lets exactly the head of the line through. The
/// order is read from FileList's own request log.
/// </summary>
public sealed class ControlRunSpecs(ITestOutputHelper output) : IAsyncLifetime
{
    private FakeServices? _services;

    private FakeServices Services => _services ?? throw new InvalidOperationException("no fakes started");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_services is not null)
            await Services.DisposeAsync();
    }

    [Fact]
    public async Task The_line_follows_grab_then_priority_then_tracking_order_a_skipped_film_is_never_searched_until_retry()
    {
        var films = FakeFilm.Generated(6, first: 101).ToList();
        _services = await FakeServices.StartAsync(films, listed: films, configure: c => c["filelist"]!["requests_per_hour"] = 2);
        using var run = MovieSyncProcess.Start(Services.Run(letterboxdDelayMs: 0));
        await Services.WaitUntil(() => Services.QBittorrent.TorrentCount == 1, run);
        var first = Searches().Single();
        // The other five wait in line for the budget: the state `waiting`, saying why.
        var waiting = await WaitForWaiting(5, run);
        Assert.All(waiting, m => Assert.Contains("in line for FileList", m["waiting_reason"]!.GetValue<string>()));
        var line = (await Api("api/movies")).AsArray().Where(m => m!["queue_position"] is not null)
            .OrderBy(m => m!["queue_position"]!.GetValue<int>()).Select(m => Id(m)!).ToList();
        Assert.Equal(5, line.Count);
        Assert.DoesNotContain(first, line);

        Ok("priority", line[0], "low");
        Ok("priority", line[2], "high");
        Ok("grab", line[4]);
        Ok("skip", line[1]);
        // The API's order is the line's: grab, high, normal, low; the skipped film is in no line.
        await Services.WaitUntil(async () => string.Join(",", await QueueOrder()) == string.Join(",", line[4], line[2], line[3], line[0]), run);
        var skipped = Json("list", "--state", "skipped", "--json").AsArray();
        Assert.Equal(line[1], Id(Assert.Single(skipped)));

        for (var served = 2; served <= 5; served++)
            await AllowOneMoreFilm(served, run);
        Assert.Equal([first, line[4], line[2], line[3], line[0]], Searches());

        Ok("retry", line[1]);
        await AllowOneMoreFilm(6, run);
        Assert.Equal([first, line[4], line[2], line[3], line[0], line[1]], Searches());
        Assert.Equal(6, Services.QBittorrent.AddRequests); // each film added once

        var history = Json("history", line[4], "--json").AsArray().Select(e => e!["event"]!.GetValue<string>()).ToList();
        Assert.Contains("grab-requested", history);
        Assert.Equal("asked through the API",
            Json("history", line[0], "--json").AsArray().Single(e => e!["event"]!.GetValue<string>() == "priority-changed")!["reason"]!
                .GetValue<string>());
        run.Terminate();
        Assert.Equal(0, run.WaitForExit(TimeSpan.FromSeconds(30)));
        output.WriteLine(run.Output);
        Assert.Contains("requests per hour from now on", run.Output);
    }

    [Fact]
    public async Task Grab_brings_back_a_permanent_failure_with_its_retry_count_and_skip_holds_a_film_across_a_restart()
    {
        var films = FakeFilm.Generated(3, first: 201).ToList();
        _services = await FakeServices.StartAsync(films, listed: films, configure: c => c["max_retries"] = 0);
        var (missing, skippedLater) = (films[0], films[1]);
        var missingTorrent = Services.FileList.Torrents.Single(t => t.ImdbId == missing.ImdbId);
        var skippedTorrent = Services.FileList.Torrents.Single(t => t.ImdbId == skippedLater.ImdbId);
        Services.FileList.RemoveTorrent(missingTorrent.Id);
        Services.FileList.RemoveTorrent(skippedTorrent.Id);

        using (var run = MovieSyncProcess.Start(Services.Run(letterboxdDelayMs: 0)))
        {
            await Services.WaitUntil(async () => Services.QBittorrent.TorrentCount == 1 && (await ApiIds("permanent_failure")).Count == 2, run);
            Assert.Equal(2, PermanentFailures().Count);

            // Through the running host: attempted at once, the retry count carrying on (permanent again, after 2 failures).
            Ok("grab", missing.ImdbId!);
            await Services.WaitUntil(async () => SearchesFor(missing) == 2 && (await ApiIds("permanent_failure")).Contains(missing.ImdbId!), run);
            Assert.Equal(2, Retries(missing));
            run.Terminate();
            Assert.Equal(0, run.WaitForExit(TimeSpan.FromSeconds(30)));
        }

        // With the host stopped: the command records the change itself.
        Ok("grab", missing.ImdbId!);
        Ok("skip", skippedLater.ImdbId!);
        Assert.Equal(skippedLater.ImdbId, Id(Assert.Single(Json("list", "--state", "skipped", "--json").AsArray())));
        Services.FileList.AddTorrent(missingTorrent);
        Services.FileList.AddTorrent(skippedTorrent);

        using (var run = MovieSyncProcess.Start(Services.Run(letterboxdDelayMs: 0)))
        {
            await Services.WaitUntil(() => Services.QBittorrent.TorrentCount == 2, run);
            Assert.True(Services.QBittorrent.HasTorrent(FakeFileList.InfoHashOf(missingTorrent)));
            var grabs = Json("history", missing.ImdbId!, "--json").AsArray().Where(e => e!["event"]!.GetValue<string>() == "grab-requested")
                .Select(e => e!["reason"]!.GetValue<string>()).ToList();
            Assert.Equal(["asked through the API", "asked on the command line"], grabs);
            // The skipped film stays skipped: its torrent is back on FileList, but it is never searched again.
            Assert.Equal(1, SearchesFor(skippedLater));
            Assert.Equal(skippedLater.ImdbId, Id(Assert.Single(Json("list", "--state", "skipped", "--json").AsArray())));
            Assert.Equal(1, Json("status", "--json")["skipped"]!.GetValue<int>());
            run.Terminate();
            Assert.Equal(0, run.WaitForExit(TimeSpan.FromSeconds(30)));
            output.WriteLine(run.Output);
        }
    }

    /// <summary>Raises the allowance by one film's two requests and waits for the film it lets through.</summary>
    private async Task AllowOneMoreFilm(int films, MovieSyncProcess run)
    {
        var config = JsonNode.Parse(File.ReadAllText(Services.Home.ConfigFile))!;
        config["filelist"]!["requests_per_hour"] = films * 2;
        File.WriteAllText(Services.Home.ConfigFile, config.ToJsonString());
        await Services.WaitUntil(() => Services.QBittorrent.TorrentCount == films, run);
        Assert.Equal(films, Searches().Count); // exactly the one film, not more
    }

    /// <summary>Polls the running host's API (cheap), then reads what `list` prints once.</summary>
    private async Task<IReadOnlyList<JsonNode>> WaitForWaiting(int count, MovieSyncProcess run)
    {
        await Services.WaitUntil(async () => (await ApiIds("waiting")).Count == count, run);
        return Json("list", "--state", "waiting", "--json").AsArray().Select(m => m!).ToList();
    }

    /// <summary>The ids of the movies in <paramref name="state"/> as the running host answers; none until it answers.</summary>
    private async Task<IReadOnlyList<string>> ApiIds(string state)
    {
        try
        {
            return (await Api($"api/movies?state={state}")).AsArray().Select(m => Id(m)!).ToList();
        }
        catch (Exception e) when (e is InvalidOperationException or HttpRequestException)
        {
            return []; // not started, or not listening yet
        }
    }

    private async Task<IReadOnlyList<string>> QueueOrder() => (await Api("api/movies")).AsArray()
        .Where(m => m!["queue_position"] is not null && m["state"]!.GetValue<string>() != "skipped")
        .OrderBy(m => m!["queue_position"]!.GetValue<int>()).Select(m => Id(m)!).ToList();

    /// <summary>The films FileList was searched for, in order, each once.</summary>
    private IReadOnlyList<string> Searches() => Services.FileList.Requests
        .Where(r => r.Endpoint == FakeFileListEndpoint.Search && r.ImdbId is not null).Select(r => r.ImdbId!).ToList();

    private int SearchesFor(FakeFilm film) => Searches().Count(id => id == film.ImdbId);

    private IReadOnlyList<string> PermanentFailures() =>
        Json("list", "--state", "permanent_failure", "--json").AsArray().Select(m => Id(m)!).ToList();

    private int Retries(FakeFilm film) =>
        Json("list", "--json").AsArray().Single(m => Id(m) == film.ImdbId)!["retries"]!.GetValue<int>();

    private void Ok(params string[] args)
    {
        var (code, text) = MovieSyncProcess.Run([.. args, "--home", Services.Home.Path]);
        Assert.True(code == 0, $"moviesync {string.Join(' ', args)} exited {code}:\n{text}");
    }

    private JsonNode Json(params string[] args)
    {
        var (code, text) = MovieSyncProcess.Run([.. args, "--home", Services.Home.Path]);
        Assert.True(code == 0, $"moviesync {string.Join(' ', args)} exited {code}:\n{text}");
        return JsonNode.Parse(text)!;
    }

    private async Task<JsonNode> Api(string path)
    {
        var host = RunLock.FindRunningHost(Services.Home.Path)?.ApiUrl ?? throw new InvalidOperationException("no running host");
        using var http = new HttpClient { BaseAddress = host, Timeout = TimeSpan.FromSeconds(20) };
        return JsonNode.Parse(await http.GetStringAsync(path))!;
    }

    private static string? Id(JsonNode? movie) => movie?["id"]?.GetValue<string>();
}
