using MovieSync.Tests.Support;
using System.Net;
using System.Text.Json;
using MovieSync.Web.Tests.Support;
using Xunit;

namespace MovieSync.Web.Tests;

/// <summary>Retry, forget and cleanup through the API (and through the CLI, which uses it), each on a host of its own.</summary>
public sealed class ApiChangeSpecs : IAsyncLifetime
{
    private DashboardHost _host = null!;

    public async Task InitializeAsync() => _host = await DashboardHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Retry_of_a_permanent_failure_makes_it_pending_at_once_and_its_actor_records_the_request()
    {
        var reply = await PostAsync($"api/movies/{Films.Stalker.Id}/retry", HttpStatusCode.OK);

        Assert.True(reply.GetProperty("accepted").GetBoolean());
        Assert.Equal($"{Films.Stalker.Id} is pending again", reply.GetProperty("message").GetString());
        // Visible to the very next read.
        Assert.Contains(Films.Stalker.Id, await _host.IdsAsync("api/movies?state=pending"));
        var status = await _host.StatusAsync();
        Assert.Equal(3, status["pending"]);
        Assert.Equal(1, status["permanent_failures"]);
        var stalker = (await _host.GetJsonAsync("api/movies")).EnumerateArray().Single(m => m.GetProperty("id").GetString() == Films.Stalker.Id);
        Assert.Equal(0, stalker.GetProperty("retries").GetInt32());
        await _host.WaitForAsync(async () => (await _host.HistoryEventsAsync(Films.Stalker.Id))[^1] == "retry-requested", "retry-requested in the history");
    }

    [Fact]
    public async Task Retry_of_a_film_waiting_for_its_next_attempt_makes_it_pending()
    {
        await PostAsync($"api/movies/{Films.FallenLeaves.Id}/retry", HttpStatusCode.OK);

        Assert.Contains(Films.FallenLeaves.Id, await _host.IdsAsync("api/movies?state=pending"));
        Assert.Equal(1, (await _host.StatusAsync())["failed"]);
    }

    [Fact]
    public async Task Retry_of_a_film_that_did_not_fail_is_409_and_changes_nothing()
    {
        var before = await _host.HistoryEventsAsync(Films.Oppenheimer.Id);

        var reply = await PostAsync($"api/movies/{Films.Oppenheimer.Id}/retry", HttpStatusCode.Conflict);

        Assert.False(reply.GetProperty("accepted").GetBoolean());
        Assert.Equal($"{Films.Oppenheimer.Id} is downloading, not failed", reply.GetProperty("message").GetString());
        Assert.Equal(before, await _host.HistoryEventsAsync(Films.Oppenheimer.Id));
        Assert.Equal(2, (await _host.StatusAsync())["downloading"]);
    }

    [Fact]
    public async Task Forget_stops_tracking_a_film_and_its_history_stays()
    {
        var reply = await PostAsync($"api/movies/{Films.PoorThings.Id}/forget", HttpStatusCode.OK);

        Assert.Equal($"{Films.PoorThings.Id} is forgotten", reply.GetProperty("message").GetString());
        Assert.DoesNotContain(Films.PoorThings.Id, await _host.IdsAsync("api/movies"));
        var status = await _host.StatusAsync();
        Assert.Equal(1, status["pending"]);
        Assert.Equal(10, status["total"]);
        Assert.Equal("movie-forgotten", (await _host.HistoryEventsAsync(Films.PoorThings.Id))[^1]);
        // Asking again is no error: it is forgotten either way.
        Assert.Equal($"{Films.PoorThings.Id} was already forgotten",
            (await PostAsync($"api/movies/{Films.PoorThings.Id}/forget", HttpStatusCode.OK)).GetProperty("message").GetString());
    }

    [Fact]
    public async Task Cleanup_drops_completed_films_older_than_the_age_given_and_their_history_stays()
    {
        var none = await PostAsync("api/cleanup?days=30", HttpStatusCode.OK);
        Assert.Equal(0, none.GetProperty("removed").GetInt32());
        Assert.Equal(3, (await _host.StatusAsync())["completed"]);

        var all = await PostAsync("api/cleanup?days=0", HttpStatusCode.OK);

        Assert.Equal(3, all.GetProperty("removed").GetInt32());
        Assert.Equal(Films.Ids(Films.InState("completed")), all.GetProperty("ids").EnumerateArray().Select(i => i.GetString()));
        var status = await _host.StatusAsync();
        Assert.Equal(0, status["completed"]);
        Assert.Equal(8, status["total"]);
        Assert.Empty(await _host.IdsAsync("api/movies?state=completed"));
        Assert.Equal("movie-completed", (await _host.HistoryEventsAsync(Films.Matrix.Id))[^1]);
    }

    [Fact]
    public async Task The_cli_changes_state_through_the_running_host()
    {
        var (code, output) = MovieSyncProcess.Run("retry", Films.PerfectDays.Id, "--home", _host.Home.Path);
        Assert.True(code == 0, output);
        Assert.Contains($"{Films.PerfectDays.Id} is pending again", output);
        Assert.Contains(Films.PerfectDays.Id, await _host.IdsAsync("api/movies?state=pending"));

        (code, output) = MovieSyncProcess.Run("cleanup", "--days", "0", "--home", _host.Home.Path);
        Assert.True(code == 0, output);
        Assert.Contains("Removed 3 completed movies older than 0 days", output);
        Assert.Equal(0, (await _host.StatusAsync())["completed"]);

        (code, output) = MovieSyncProcess.Run("forget", "tt9999999", "--home", _host.Home.Path);
        Assert.Equal(2, code);
        Assert.Contains("tt9999999", output);
    }

    [Fact]
    public async Task The_live_stream_sends_each_new_event_as_json()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var response = await _host.Api.GetAsync("api/events", HttpCompletionOption.ResponseHeadersRead, cancel.Token);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancel.Token));
        Assert.Equal(": listening", await reader.ReadLineAsync(cancel.Token));

        await PostAsync($"api/movies/{Films.ZoneOfInterest.Id}/forget", HttpStatusCode.OK);

        JsonElement entry;
        do
        {
            var line = await reader.ReadLineAsync(cancel.Token);
            Assert.NotNull(line);
            if (!line.StartsWith("data: ", StringComparison.Ordinal))
                continue;
            entry = JsonDocument.Parse(line["data: ".Length..]).RootElement.Clone();
            if (entry.GetProperty("persistence_id").GetString() == $"movie-{Films.ZoneOfInterest.Id}")
                break;
        }
        while (true);

        Assert.Equal("movie-forgotten", entry.GetProperty("event").GetString());
        Assert.Equal("asked through the API", entry.GetProperty("reason").GetString());
        Assert.True(entry.GetProperty("offset").GetInt64() > 0);
    }

    private async Task<JsonElement> PostAsync(string path, HttpStatusCode expected)
    {
        using var response = await _host.Api.PostAsync(path, null);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"POST {path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
