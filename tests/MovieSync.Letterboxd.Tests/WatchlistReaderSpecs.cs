using MovieSync.Clients.Letterboxd;
using MovieSync.Simulators.Letterboxd;

namespace MovieSync.Letterboxd.Tests;

public sealed class WatchlistReaderSpecs : IAsyncLifetime
{
    private const string User = "alice";
    private readonly LetterboxdServer _server = new();

    public Task InitializeAsync() => _server.InitializeAsync();

    public Task DisposeAsync() => _server.DisposeAsync();

    private FakeLetterboxd Fake => _server.Fake;

    private WatchlistReader Reader => new(_server.Client);

    private static List<FakeFilm> SixtyFilms() => FakeFilm.Seed.Concat(FakeFilm.Generated(46)).ToList();

    [Fact]
    public async Task First_sync_of_60_films_reads_all_three_pages_newest_first()
    {
        var films = SixtyFilms();
        Fake.SetWatchlist(User, films);

        var result = await Reader.ReadNewAsync(User, _ => false, default);

        Assert.Null(result.Error);
        Assert.True(result.Complete);
        Assert.Equal(60, result.TotalEntries);
        Assert.Equal(films.Select(f => f.Slug), result.Films.Select(f => f.Slug));
        Assert.Equal(3, result.Requests);
        Assert.Equal(1, Fake.RequestsTo("/alice/watchlist/page/3/"));
        Assert.Contains(result.Films, f => f is { Title: "Léon: The Professional", Year: 1994 });
    }

    [Fact]
    public async Task A_check_with_nothing_new_costs_exactly_one_request()
    {
        var films = SixtyFilms();
        Fake.SetWatchlist(User, films);
        var known = films.Select(f => f.Slug).ToHashSet();
        Fake.ResetRequestCounts();

        var result = await Reader.ReadNewAsync(User, known.Contains, default);

        Assert.Null(result.Error);
        Assert.Empty(result.Films);
        Assert.Equal(1, result.Requests);
        Assert.Equal(1, Fake.TotalRequests);
    }

    [Fact]
    public async Task Thirty_new_films_across_a_page_boundary_are_all_found_and_the_walk_stops_on_page_two()
    {
        var films = SixtyFilms();
        Fake.SetWatchlist(User, films);
        var known = films.Select(f => f.Slug).ToHashSet();
        var added = FakeFilm.Generated(30, first: 1000).ToList();
        Fake.AddFilms(User, added);
        Fake.ResetRequestCounts();

        var result = await Reader.ReadNewAsync(User, known.Contains, default);

        Assert.Null(result.Error);
        Assert.Equal(Enumerable.Reverse(added).Select(f => f.Slug), result.Films.Select(f => f.Slug));
        Assert.False(result.Complete);
        Assert.Equal(2, result.Requests);
        Assert.Equal(0, Fake.RequestsTo("/alice/watchlist/page/3/"));
    }

    [Fact]
    public async Task A_full_walk_returns_the_whole_set_so_removals_show()
    {
        var films = SixtyFilms();
        Fake.SetWatchlist(User, films);
        Fake.RemoveFilm(User, "se7en");

        var result = await Reader.ReadAllAsync(User, default);

        Assert.True(result.Complete);
        Assert.Equal(59, result.Films.Count);
        Assert.DoesNotContain(result.Films, f => f.Slug == "se7en");
    }

    [Fact]
    public async Task A_full_walk_reports_its_progress_after_each_page()
    {
        Fake.SetWatchlist(User, SixtyFilms());
        var reports = new List<WatchlistWalkProgress>();

        var result = await Reader.ReadAllAsync(User, default, reports.Add);

        Assert.True(result.Complete);
        Assert.Equal([new(1, 3, 28, 60), new(2, 3, 56, 60), new(3, 3, 60, 60)], reports);
    }

    [Fact]
    public async Task An_empty_watchlist_is_complete_and_empty()
    {
        Fake.SetWatchlist(User, []);

        var result = await Reader.ReadAllAsync(User, default);

        Assert.Null(result.Error);
        Assert.True(result.Complete);
        Assert.Empty(result.Films);
    }

    [Fact]
    public async Task An_unknown_user_is_reported_as_not_found_with_the_url()
    {
        var result = await Reader.ReadAllAsync("nobody", default);

        Assert.Equal(LetterboxdProblem.UserNotFound, result.Error!.Problem);
        Assert.EndsWith("/nobody/watchlist/", result.Error.Url);
        Assert.False(result.Complete);
        Assert.Empty(result.Films);
    }

    [Theory]
    [InlineData(LetterboxdFault.CloudflareChallenge, LetterboxdProblem.Blocked, "Cloudflare")]
    [InlineData(LetterboxdFault.ServerError, LetterboxdProblem.ServerError, "500")]
    [InlineData(LetterboxdFault.ChangedMarkup, LetterboxdProblem.MarkupChanged, "markup changed")]
    [InlineData(LetterboxdFault.TruncatedPage, LetterboxdProblem.MarkupChanged, "truncated")]
    [InlineData(LetterboxdFault.RateLimited, LetterboxdProblem.RateLimited, "429")]
    [InlineData(LetterboxdFault.OversizedPage, LetterboxdProblem.MarkupChanged, "exceeds the 5 MB limit")]
    public async Task A_bad_page_anywhere_in_the_walk_yields_no_films_at_all(LetterboxdFault fault, LetterboxdProblem problem, string words)
    {
        Fake.SetWatchlist(User, SixtyFilms());
        Fake.Fault = fault;
        Fake.FaultOnlyOnPage = 2;

        var result = await Reader.ReadAllAsync(User, default);

        Assert.Equal(problem, result.Error!.Problem);
        Assert.Contains(words, result.Error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.EndsWith("/alice/watchlist/page/2/", result.Error.Url);
        Assert.Empty(result.Films);
        Assert.False(result.Complete);
    }

    [Fact]
    public async Task A_429_is_waited_out_once_for_its_Retry_After_then_reported()
    {
        Fake.SetWatchlist(User, SixtyFilms());
        Fake.Fault = LetterboxdFault.RateLimited;
        Fake.RetryAfterSeconds = 7;

        var result = await _server.Client.GetWatchlistPageAsync(User, 1, default);

        Assert.Equal(LetterboxdProblem.RateLimited, result.Error!.Problem);
        Assert.Equal([TimeSpan.FromSeconds(7)], _server.Waits);
        Assert.Equal(2, Fake.RequestsTo("/alice/watchlist/"));
    }

    [Fact]
    public async Task A_Retry_After_longer_than_the_bound_is_reported_without_waiting()
    {
        Fake.SetWatchlist(User, SixtyFilms());
        Fake.Fault = LetterboxdFault.RateLimited;
        Fake.RetryAfterSeconds = 3600;

        var result = await _server.Client.GetWatchlistPageAsync(User, 1, default);

        Assert.Equal(LetterboxdProblem.RateLimited, result.Error!.Problem);
        Assert.Contains("3600", result.Error.Message);
        Assert.Empty(_server.Waits);
        Assert.Equal(1, Fake.RequestsTo("/alice/watchlist/"));
    }

    [Fact]
    public async Task A_429_that_clears_after_the_wait_gives_the_page()
    {
        Fake.SetWatchlist(User, SixtyFilms());
        Fake.Fault = LetterboxdFault.RateLimited;
        var client = _server.NewClient();
        var clearing = new LetterboxdClient(client.Options with
        {
            Delay = (_, _) => { Fake.Fault = LetterboxdFault.None; return Task.CompletedTask; },
        });

        var result = await clearing.GetWatchlistPageAsync(User, 1, default);

        Assert.Null(result.Error);
        Assert.Equal(28, result.Value!.Entries.Count);
    }

    [Fact]
    public async Task Requests_carry_a_clear_user_agent_and_go_one_at_a_time()
    {
        Fake.SetWatchlist(User, SixtyFilms());

        var pages = await Task.WhenAll(Enumerable.Range(1, 3).Select(p => _server.Client.GetWatchlistPageAsync(User, p, default)));

        Assert.All(pages, p => Assert.Null(p.Error));
        Assert.StartsWith("MovieSync/1.0", LetterboxdClientOptions.DefaultUserAgent);
        Assert.Equal(3, _server.Client.RequestCount);
    }

    [Fact]
    public async Task Film_pages_give_ids_and_short_links_lead_to_them()
    {
        var matrix = await _server.Client.GetFilmAsync("the-matrix", default);
        var byShortLink = await _server.Client.GetFilmByShortLinkAsync("28Kc", default);
        var missing = await _server.Client.GetFilmAsync("no-such-film", default);

        Assert.Equal("tt0133093", matrix.Value!.ImdbId);
        Assert.Equal("dune-1984", byShortLink.Value!.Slug);
        Assert.Equal("tt0087182", byShortLink.Value.ImdbId);
        Assert.Equal("David Lynch", byShortLink.Value.Directors[0]);
        Assert.Equal(LetterboxdProblem.FilmNotFound, missing.Error!.Problem);
    }

    [Fact]
    public async Task A_network_failure_names_the_url()
    {
        using var client = new LetterboxdClient(new LetterboxdClientOptions
        {
            BaseUrl = new Uri("http://127.0.0.1:9/"), DelayBetweenRequests = TimeSpan.Zero,
        });

        var result = await client.GetWatchlistPageAsync(User, 1, default);

        Assert.Equal(LetterboxdProblem.NetworkFailure, result.Error!.Problem);
        Assert.Equal("http://127.0.0.1:9/alice/watchlist/", result.Error.Url);
    }

    [Fact]
    public async Task A_five_thousand_film_watchlist_is_served_and_read_quickly()
    {
        Fake.SetWatchlist(User, FakeFilm.Generated(5000));
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var result = await Reader.ReadAllAsync(User, default);

        Assert.True(result.Complete);
        Assert.Equal(5000, result.Films.Count);
        Assert.Equal(179, result.Requests);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"took {clock.Elapsed}");
    }
}
