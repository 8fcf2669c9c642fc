using System.Net;
using System.Text.Json;
using MovieSync.Web.Tests.Support;
using Xunit;

namespace MovieSync.Web.Tests;

/// <summary>
/// Grab, skip and priority through the API (issue 12 §1), each on a host of its own: accepted ones visible to the very next
/// read and recorded in the movie's history, refused ones answered 409 with the coordinator's reason.
/// </summary>
public sealed class ApiControlSpecs : IAsyncLifetime
{
    private DashboardHost _host = null!;

    public async Task InitializeAsync() => _host = await DashboardHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Grab_of_a_permanent_failure_puts_it_first_in_line_and_its_retry_count_carries_on()
    {
        var reply = await PostAsync($"api/movies/{Films.Stalker.Id}/grab", HttpStatusCode.OK);

        Assert.True(reply.GetProperty("accepted").GetBoolean());
        Assert.Equal($"{Films.Stalker.Id} is grabbed now, first in line", reply.GetProperty("message").GetString());
        var stalker = await MovieAsync(Films.Stalker.Id);
        Assert.Equal("pending", stalker.GetProperty("state").GetString());
        Assert.True(stalker.GetProperty("grab_now").GetBoolean());
        Assert.Equal(1, stalker.GetProperty("queue_position").GetInt32());
        Assert.Equal(4, stalker.GetProperty("retries").GetInt32());
        var status = await _host.StatusAsync();
        Assert.Equal(1, status["permanent_failures"]);
        Assert.Equal(3, status["pending"]);
        await _host.WaitForAsync(async () => (await _host.HistoryEventsAsync(Films.Stalker.Id))[^1] == "grab-requested",
            "grab-requested in the history");
    }

    [Fact]
    public async Task Skip_of_a_film_waiting_to_retry_makes_it_skipped_and_retry_brings_it_back()
    {
        var reply = await PostAsync($"api/movies/{Films.AnatomyOfAFall.Id}/skip", HttpStatusCode.OK);

        Assert.Equal($"{Films.AnatomyOfAFall.Id} is skipped: it is not grabbed until `retry`", reply.GetProperty("message").GetString());
        Assert.Equal([Films.AnatomyOfAFall.Id], await _host.IdsAsync("api/movies?state=skipped"));
        var skipped = await MovieAsync(Films.AnatomyOfAFall.Id);
        Assert.Equal(JsonValueKind.Null, skipped.GetProperty("queue_position").ValueKind);
        var status = await _host.StatusAsync();
        Assert.Equal(1, status["skipped"]);
        Assert.Equal(1, status["failed"]);
        Assert.Equal(Films.All.Count, status["total"]);
        var history = await _host.GetJsonAsync($"api/movies/{Films.AnatomyOfAFall.Id}/history");
        var last = history.EnumerateArray().Last();
        Assert.Equal("movie-skipped", last.GetProperty("event").GetString());
        Assert.Equal("asked through the API", last.GetProperty("reason").GetString());
        // Asking again is no error.
        Assert.Equal($"{Films.AnatomyOfAFall.Id} was already skipped",
            (await PostAsync($"api/movies/{Films.AnatomyOfAFall.Id}/skip", HttpStatusCode.OK)).GetProperty("message").GetString());

        await PostAsync($"api/movies/{Films.AnatomyOfAFall.Id}/retry", HttpStatusCode.OK);

        Assert.Empty(await _host.IdsAsync("api/movies?state=skipped"));
        Assert.Contains(Films.AnatomyOfAFall.Id, await _host.IdsAsync("api/movies?state=pending"));
        Assert.Equal(0, (await _host.StatusAsync())["skipped"]);
    }

    [Fact]
    public async Task Priority_reorders_the_line_and_the_next_read_shows_it()
    {
        var reply = await PostAsync($"api/movies/{Films.PoorThings.Id}/priority?value=high", HttpStatusCode.OK);

        Assert.Equal($"{Films.PoorThings.Id} has priority high", reply.GetProperty("message").GetString());
        var line = await LineAsync();
        Assert.Equal(Films.PoorThings.Id, line[0]);
        Assert.Equal("high", (await MovieAsync(Films.PoorThings.Id)).GetProperty("priority").GetString());

        // Upper case is accepted; a low one goes to the end of the line.
        await PostAsync($"api/movies/{Films.FallenLeaves.Id}/priority?value=LOW", HttpStatusCode.OK);

        line = await LineAsync();
        Assert.Equal(4, line.Count);
        Assert.Equal(Films.PoorThings.Id, line[0]);
        Assert.Equal(Films.FallenLeaves.Id, line[^1]);
        Assert.Equal("low", (await MovieAsync(Films.FallenLeaves.Id)).GetProperty("priority").GetString());
        Assert.Equal("normal", (await MovieAsync(Films.ZoneOfInterest.Id)).GetProperty("priority").GetString());
        await _host.WaitForAsync(async () => (await _host.HistoryEventsAsync(Films.FallenLeaves.Id))[^1] == "priority-changed",
            "priority-changed in the history");
        Assert.Equal($"{Films.PoorThings.Id} already has priority high",
            (await PostAsync($"api/movies/{Films.PoorThings.Id}/priority?value=high", HttpStatusCode.OK)).GetProperty("message").GetString());
    }

    [Fact]
    public async Task Refused_commands_are_409_with_the_coordinators_reason_and_change_nothing()
    {
        var matrix = await _host.HistoryEventsAsync(Films.Matrix.Id);
        var oppenheimer = await _host.HistoryEventsAsync(Films.Oppenheimer.Id);

        var grab = await PostAsync($"api/movies/{Films.Matrix.Id}/grab", HttpStatusCode.Conflict);
        var skip = await PostAsync($"api/movies/{Films.Oppenheimer.Id}/skip", HttpStatusCode.Conflict);
        var priority = await PostAsync($"api/movies/{Films.Matrix.Id}/priority?value=low", HttpStatusCode.Conflict);

        Assert.False(grab.GetProperty("accepted").GetBoolean());
        Assert.Equal($"{Films.Matrix.Id} is completed; there is nothing to grab", grab.GetProperty("message").GetString());
        Assert.Equal($"{Films.Oppenheimer.Id} is already in the download client; it is left alone", skip.GetProperty("message").GetString());
        Assert.Equal($"{Films.Matrix.Id} is completed; it is not waiting to be grabbed", priority.GetProperty("message").GetString());
        Assert.Equal(matrix, await _host.HistoryEventsAsync(Films.Matrix.Id));
        Assert.Equal(oppenheimer, await _host.HistoryEventsAsync(Films.Oppenheimer.Id));
        var status = await _host.StatusAsync();
        Assert.Equal(3, status["completed"]);
        Assert.Equal(2, status["downloading"]);
        Assert.Equal(0, status["skipped"]);
    }

    [Fact]
    public async Task Unknown_movies_are_404_bad_arguments_400_and_the_new_states_are_filters()
    {
        foreach (var verb in new[] { "grab", "skip", "priority?value=high" })
        {
            var unknown = await PostAsync($"api/movies/tt9999999/{verb}", HttpStatusCode.NotFound);
            Assert.Equal("'tt9999999' is not a movie MovieSync has seen", unknown.GetProperty("error").GetString());
            var malformed = await PostAsync($"api/movies/Not_An_Id/{verb}", HttpStatusCode.BadRequest);
            Assert.StartsWith("'Not_An_Id' is not a movie id", malformed.GetProperty("error").GetString());
        }

        foreach (var value in new[] { "urgent", "" })
        {
            var bad = await PostAsync($"api/movies/{Films.PoorThings.Id}/priority?value={value}", HttpStatusCode.BadRequest);
            Assert.Equal($"value: expected high, normal or low, got '{value}' (as in /api/movies/{{id}}/priority?value=high)",
                bad.GetProperty("error").GetString());
        }

        Assert.Equal("normal", (await MovieAsync(Films.PoorThings.Id)).GetProperty("priority").GetString());
        // Nothing waits for FileList, disk space or a download window in this host; nothing is skipped yet.
        Assert.Empty(await _host.IdsAsync("api/movies?state=waiting"));
        Assert.Empty(await _host.IdsAsync("api/movies?state=skipped"));
        var status = await _host.StatusAsync();
        Assert.Equal(0, status["waiting"]);
        Assert.Equal(0, status["skipped"]);
        using var response = await _host.Api.GetAsync("api/movies?state=paused");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("skipped, waiting", await response.Content.ReadAsStringAsync());
    }

    /// <summary>The ids of the movies still to grab, by <c>queue_position</c> (which runs 1, 2, 3...).</summary>
    private async Task<List<string>> LineAsync()
    {
        var queued = (await _host.GetJsonAsync("api/movies")).EnumerateArray()
            .Where(m => m.GetProperty("queue_position").ValueKind == JsonValueKind.Number)
            .OrderBy(m => m.GetProperty("queue_position").GetInt32()).ToList();
        Assert.Equal(Enumerable.Range(1, queued.Count), queued.Select(m => m.GetProperty("queue_position").GetInt32()));
        return queued.Select(m => m.GetProperty("id").GetString()!).ToList();
    }

    private async Task<JsonElement> MovieAsync(string id) =>
        (await _host.GetJsonAsync("api/movies")).EnumerateArray().Single(m => m.GetProperty("id").GetString() == id);

    private async Task<JsonElement> PostAsync(string path, HttpStatusCode expected)
    {
        using var response = await _host.Api.PostAsync(path, null);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"POST {path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
