using System.Net;
using System.Text.Json;
using MovieSync.Tests.Support;
using MovieSync.Web.Tests.Support;
using Xunit;

namespace MovieSync.Web.Tests;

/// <summary>
/// The JSON API's views (what `status`, `list`, `failures` and `history` print) and its refusals, on one running host
/// whose films are in every state. Nothing here may change a film: the refusals check that too.
/// </summary>
public sealed class ApiReadSpecs(SharedHost shared) : IClassFixture<SharedHost>
{
    private readonly DashboardHost _host = shared.Host;

    [Fact]
    public async Task Status_counts_the_films_per_state_with_the_keys_of_status_json()
    {
        var status = await _host.StatusAsync();

        Assert.Equal(new Dictionary<string, int>
        {
            ["pending"] = 2, ["failed"] = 2, ["permanent_failures"] = 2, ["downloading"] = 2, ["completed"] = 3, ["total"] = 11,
            ["skipped"] = 0, ["waiting"] = 0,
        }, status);
    }

    [Fact]
    public async Task Status_says_the_journal_is_ok_and_no_journal_is_unreadable()
    {
        var status = await _host.GetJsonAsync("api/status");

        Assert.Equal("""{"state":"ok","cause":null,"since":null}""", status.GetProperty("journal").GetRawText());
        Assert.Equal("[]", status.GetProperty("unreadable").GetRawText());
        // The dashboard's read of the journal is done (the host waited for it before the specs): the counts are its own.
        Assert.False(status.GetProperty("loading").GetBoolean());
    }

    [Fact]
    public async Task Movies_lists_every_film_with_its_state_retries_next_retry_and_last_error()
    {
        var movies = (await _host.GetJsonAsync("api/movies")).EnumerateArray().ToDictionary(m => m.GetProperty("id").GetString()!);

        Assert.Equal(Films.Ids(Films.All), movies.Keys);
        foreach (var film in Films.All)
        {
            var movie = movies[film.Id];
            Assert.Equal(film.Title, movie.GetProperty("title").GetString());
            Assert.Equal(film.Year, movie.GetProperty("year").GetInt32());
            Assert.Equal(film.State, movie.GetProperty("state").GetString());
        }

        var stalker = movies[Films.Stalker.Id];
        Assert.Equal(4, stalker.GetProperty("retries").GetInt32());
        Assert.Equal(Films.Stalker.Error, stalker.GetProperty("last_error").GetString());
        Assert.Equal(JsonValueKind.Null, stalker.GetProperty("next_retry_at").ValueKind);

        var leaves = movies[Films.FallenLeaves.Id];
        Assert.Equal(1, leaves.GetProperty("retries").GetInt32());
        Assert.Equal(Films.FallenLeaves.Error, leaves.GetProperty("last_error").GetString());
        var nextRetry = leaves.GetProperty("next_retry_at").GetDateTimeOffset();
        Assert.InRange(nextRetry, DateTimeOffset.UtcNow.AddMinutes(50), DateTimeOffset.UtcNow.AddMinutes(61));

        var matrix = movies[Films.Matrix.Id];
        Assert.Equal(JsonValueKind.Null, matrix.GetProperty("progress").ValueKind);
        Assert.Equal("The Matrix.1999.1080p.BluRay.x264-SIM", matrix.GetProperty("torrent_name").GetString());
    }

    [Fact]
    public async Task Downloading_films_carry_progress_speed_and_eta()
    {
        var movies = (await _host.GetJsonAsync("api/movies?state=downloading")).EnumerateArray().ToList();

        Assert.Equal(Films.Ids(Films.InState("downloading")), movies.Select(m => m.GetProperty("id").GetString()));
        var oppenheimer = movies.Single(m => m.GetProperty("id").GetString() == Films.Oppenheimer.Id);
        var progress = oppenheimer.GetProperty("progress").GetDouble();
        Assert.InRange(progress, 0.64, 0.70);
        Assert.Equal(10_000_000, oppenheimer.GetProperty("download_speed").GetInt64());
        Assert.InRange(oppenheimer.GetProperty("eta_seconds").GetDouble(), (1 - progress) * SeededJournal.DownloadSeconds - 5,
            (1 - progress) * SeededJournal.DownloadSeconds + 5);
        Assert.Equal("Oppenheimer.2023.1080p.BluRay.x264-SIM", oppenheimer.GetProperty("torrent_name").GetString());
    }

    [Fact]
    public void List_and_status_show_the_running_hosts_download_progress()
    {
        var (code, output) = MovieSyncProcess.Run("list", "--state", "downloading", "--json", "--home", _host.Home.Path);

        Assert.True(code == 0, output);
        var oppenheimer = JsonDocument.Parse(output).RootElement.EnumerateArray()
            .Single(m => m.GetProperty("id").GetString() == Films.Oppenheimer.Id);
        Assert.InRange(oppenheimer.GetProperty("progress").GetDouble(), 0.64, 0.75);
        Assert.Equal(10_000_000, oppenheimer.GetProperty("download_speed").GetInt64());
        Assert.True(oppenheimer.GetProperty("eta_seconds").GetDouble() > 0);

        (code, output) = MovieSyncProcess.Run("list", "--state", "downloading", "--home", _host.Home.Path);
        Assert.True(code == 0, output);
        var row = output.Split('\n').Single(l => l.StartsWith(Films.Oppenheimer.Id, StringComparison.Ordinal)).TrimEnd().Split('\t');
        Assert.Matches(@"^6\d\.\d% at 10\.0 MB/s, .+ left$", row[^2]); // then the priority

        (code, output) = MovieSyncProcess.Run("status", "--home", _host.Home.Path);
        Assert.True(code == 0, output);
        Assert.Matches(@"⬇ Oppenheimer \(2023\): 6\d\.\d% at 10\.0 MB/s, .+ left", output);
    }

    [Theory]
    [InlineData("pending")]
    [InlineData("failed")]
    [InlineData("permanent_failure")]
    [InlineData("downloading")]
    [InlineData("completed")]
    public async Task Movies_filters_by_state(string state)
    {
        Assert.Equal(Films.Ids(Films.InState(state)), await _host.IdsAsync($"api/movies?state={state}"));
    }

    [Fact]
    public async Task A_bad_state_filter_is_400_naming_the_accepted_values()
    {
        var (status, error) = await ErrorOf(_host.Api.GetAsync("api/movies?state=finished"));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("state: 'finished' is not a state; accepted values: pending, failed, permanent_failure, downloading, completed, skipped, waiting", error);
    }

    [Fact]
    public async Task Failures_lists_the_permanent_failures_with_their_last_error()
    {
        var failures = (await _host.GetJsonAsync("api/failures")).EnumerateArray().ToList();

        Assert.Equal(Films.Ids(Films.InState("permanent_failure")), failures.Select(m => m.GetProperty("id").GetString()));
        Assert.All(failures, m => Assert.Equal("permanent_failure", m.GetProperty("state").GetString()));
        Assert.Equal(Films.PerfectDays.Error, failures.Single(m => m.GetProperty("id").GetString() == Films.PerfectDays.Id)
            .GetProperty("last_error").GetString());
    }

    [Fact]
    public async Task History_gives_a_films_events_oldest_first_as_history_json_does()
    {
        var history = (await _host.GetJsonAsync($"api/movies/{Films.Stalker.Id}/history")).EnumerateArray().ToList();

        Assert.Equal(["movie-queued", "attempt-failed", "attempt-failed", "attempt-failed", "movie-failed-permanently"],
            history.Select(e => e.GetProperty("event").GetString()));
        Assert.Equal([1L, 2L, 3L, 4L, 5L], history.Select(e => e.GetProperty("sequence_nr").GetInt64()));
        Assert.Equal("Stalker", history[0].GetProperty("title").GetString());
        Assert.Equal(3, history[3].GetProperty("failures").GetInt32());
        Assert.Equal(Films.Stalker.Error, history[4].GetProperty("error").GetString());
        Assert.True(history[4].GetProperty("at").GetDateTimeOffset() >= history[0].GetProperty("at").GetDateTimeOffset());
    }

    [Theory]
    [InlineData("GET", "api/movies/tt9999999/history")]
    [InlineData("POST", "api/movies/tt9999999/retry")]
    [InlineData("POST", "api/movies/tt9999999/forget")]
    public async Task An_unknown_film_is_404_naming_it(string method, string path)
    {
        var (status, error) = await ErrorOf(_host.Api.SendAsync(new HttpRequestMessage(new HttpMethod(method), path)));

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("'tt9999999' is not a movie MovieSync has seen", error);
    }

    [Fact]
    public async Task A_malformed_id_is_400_saying_what_an_id_looks_like()
    {
        var (status, error) = await ErrorOf(_host.Api.PostAsync("api/movies/Not%20An%20Id!/retry", null));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("'Not An Id!' is not a movie id", error);
    }

    [Theory]
    [InlineData("api/movies/tt0079944/retry")]
    [InlineData("api/movies/tt0079944/forget")]
    [InlineData("api/cleanup?days=0")]
    public async Task A_GET_on_a_state_change_is_405_and_changes_nothing(string path)
    {
        var before = await SnapshotAsync();

        var (status, error) = await ErrorOf(_host.Api.GetAsync(path));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, status);
        Assert.Equal("GET is not allowed here (state changes are POST only)", error);
        Assert.Equal(before, await SnapshotAsync());
    }

    [Theory]
    [InlineData("POST", "api/status")]
    [InlineData("DELETE", "api/movies/tt0079944/history")]
    public async Task Another_method_on_a_read_route_is_405_naming_GET(string method, string path)
    {
        var (status, error) = await ErrorOf(_host.Api.SendAsync(new HttpRequestMessage(new HttpMethod(method), path)));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, status);
        Assert.Equal($"{method} is not allowed here: this route is read with GET", error);
    }

    [Theory]
    [InlineData("Origin", "http://evil.example")]
    [InlineData("Origin", "null")]
    [InlineData("Referer", "http://evil.example/page.html")]
    public async Task A_cross_origin_POST_is_403_and_changes_nothing(string header, string value)
    {
        var before = await SnapshotAsync();
        var request = new HttpRequestMessage(HttpMethod.Post, $"api/movies/{Films.Stalker.Id}/retry");
        request.Headers.TryAddWithoutValidation(header, value);

        var (status, error) = await ErrorOf(_host.Api.SendAsync(request));

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.StartsWith("cross-origin request refused", error);
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task A_POST_from_the_dashboards_own_origin_passes_the_origin_check()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"api/movies/{Films.Matrix.Id}/retry");
        request.Headers.TryAddWithoutValidation("Origin", _host.Url.GetLeftPart(UriPartial.Authority));

        using var response = await _host.Api.SendAsync(request);

        // Refused by the coordinator (a completed film is not retried), not by the origin check.
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.False(body.RootElement.GetProperty("accepted").GetBoolean());
        Assert.Equal($"{Films.Matrix.Id} is completed, not failed", body.RootElement.GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("api/cleanup?days=-1", "days: must be from 0 to 36500, got -1")]
    [InlineData("api/cleanup?days=2147483647", "days: must be from 0 to 36500, got 2147483647")]
    [InlineData("api/cleanup?days=ten", "days: expected a whole number of days, got 'ten'")]
    [InlineData("api/cleanup", "days: required, the age in days of the completed movies to drop (0: every completed movie), as in /api/cleanup?days=30")]
    public async Task A_cleanup_without_a_valid_age_is_400_and_changes_nothing(string path, string message)
    {
        var before = await SnapshotAsync();

        var (status, error) = await ErrorOf(_host.Api.PostAsync(path, null));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(message, error);
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task An_unknown_route_is_a_404_in_json()
    {
        var (status, error) = await ErrorOf(_host.Api.GetAsync("api/nothing-here"));

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("no such page or API route", error);
    }

    [Fact]
    public async Task A_request_naming_another_host_is_refused_so_dns_rebinding_cannot_reach_the_api()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "api/status");
        request.Headers.Host = "attacker.example";

        var (status, error) = await ErrorOf(_host.Api.SendAsync(request));

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("this dashboard answers only to 127.0.0.1 and localhost", error);
    }

    [Fact]
    public async Task The_page_its_script_and_style_are_served_from_the_host_itself_with_no_outside_address()
    {
        foreach (var (path, type) in new[]
                 {
                     ("", "text/html"), ("dashboard.js", "text/javascript"), ("notifications.js", "text/javascript"), ("dashboard.css", "text/css"),
                     ("favicon.svg", "image/svg+xml"),
                 })
        {
            using var response = await _host.Api.GetAsync(path);
            var text = await response.Content.ReadAsStringAsync();

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(type, response.Content.Headers.ContentType?.MediaType);
            Assert.Contains("default-src 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
            // No CDN, no web font: everything the page needs comes from here (the SVG's xmlns is a name, not a fetch).
            Assert.DoesNotMatch(@"(src|href)\s*=\s*[""']?(https?:)?//|url\(\s*[""']?(https?:)?//|@import", text);
        }
    }

    /// <summary>Everything an API client can see: counts, films and the last event of every film.</summary>
    private async Task<string> SnapshotAsync()
    {
        var histories = new List<string>();
        foreach (var film in Films.All)
            histories.Add(string.Join(",", await _host.HistoryEventsAsync(film.Id)));
        return $"{(await _host.GetJsonAsync("api/status")).GetRawText()}\n" +
               $"{string.Join(",", (await _host.GetJsonAsync("api/movies")).EnumerateArray().Select(m => m.GetProperty("state").GetString()))}\n" +
               string.Join("\n", histories);
    }

    private static async Task<(HttpStatusCode Status, string? Error)> ErrorOf(Task<HttpResponseMessage> request)
    {
        using var response = await request;
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(text);
        return (response.StatusCode, json.RootElement.GetProperty("error").GetString());
    }
}
