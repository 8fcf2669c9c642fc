using System.Net;
using System.Text.Json;
using MovieSync.Specs;
using MovieSync.Web.Tests.Support;
using Xunit;

namespace MovieSync.Web.Tests;

/// <summary>
/// The dashboard's read model on a PostgreSQL journal: the seeded journal copied there with `journal copy`, folded at
/// start and followed live as the host writes.
/// </summary>
public sealed class PostgreSqlDashboardSpecs : IAsyncLifetime, IPostgreSqlSpec
{
    private readonly TestDatabase _database = TestPostgres.CreateDatabase();
    private DashboardHost _host = null!;

    public async Task InitializeAsync() => _host = await DashboardHost.StartAsync(postgres: _database);

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _database.Dispose();
    }

    [JournalFact]
    public async Task The_board_folds_the_PostgreSQL_journal_and_follows_a_change_the_host_writes_there()
    {
        Assert.Equal(new Dictionary<string, int>
        {
            ["pending"] = 2, ["failed"] = 2, ["permanent_failures"] = 2, ["downloading"] = 2, ["completed"] = 3, ["total"] = 11,
            ["skipped"] = 0, ["waiting"] = 0,
        }, await _host.StatusAsync());
        var status = await _host.GetJsonAsync("api/status");
        Assert.Equal("ok", status.GetProperty("journal").GetProperty("state").GetString());
        var movies = (await _host.GetJsonAsync("api/movies")).EnumerateArray().ToDictionary(m => m.GetProperty("id").GetString()!);
        Assert.All(Films.All, film => Assert.Equal(film.State, movies[film.Id].GetProperty("state").GetString()));
        Assert.Equal(["movie-queued", "torrent-added", "movie-completed"], await _host.HistoryEventsAsync(Films.Matrix.Id));

        using var retry = await _host.Api.PostAsync($"api/movies/{Films.Stalker.Id}/retry", null);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Contains(Films.Stalker.Id, await _host.IdsAsync("api/movies?state=pending"));
        await _host.WaitForAsync(async () => (await _host.HistoryEventsAsync(Films.Stalker.Id))[^1] == "retry-requested",
            "the movie's own retry-requested event, read back from PostgreSQL");
        var rows = _database.Scalar<long>($"SELECT count(*) FROM journal WHERE persistence_id = 'movie-{Films.Stalker.Id}'");
        Assert.Equal((await _host.HistoryEventsAsync(Films.Stalker.Id)).Count, rows);
        Assert.DoesNotContain(TestDatabase.Password, _host.Output + status.GetRawText());
    }
}
