using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MovieSync.Simulators.Letterboxd;

/// <summary>
/// A local Letterboxd (Kestrel on 127.0.0.1, a free port) serving watchlist pages, film pages and boxd.it-style short
/// links in the real markup, with switchable faults. Watchlists can change while it runs; requests are counted per path.
/// </summary>
public sealed partial class FakeLetterboxd : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly object _lock = new();
    private readonly Dictionary<string, List<FakeFilm>> _watchlists = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, FakeFilm> _films = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _requests = new(StringComparer.Ordinal);
    private int _totalRequests;

    private FakeLetterboxd(WebApplication app)
    {
        _app = app;
        foreach (var film in FakeFilm.Seed)
            _films[film.Slug] = film;
    }

    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>Stands in for https://boxd.it/: <c>{ShortLinkBaseUrl}{key}</c> redirects to the film page.</summary>
    public Uri ShortLinkBaseUrl => new(BaseUrl, "sl/");

    /// <summary>The fault watchlist pages answer with; <see cref="LetterboxdFault.None"/> for normal pages.</summary>
    public LetterboxdFault Fault { get; set; }

    /// <summary>When set, only this watchlist page number is faulty (e.g. 2 to break a walk half-way).</summary>
    public int? FaultOnlyOnPage { get; set; }

    /// <summary>Whether film pages and short links suffer the fault too.</summary>
    public bool FaultFilmPages { get; set; }

    public int RetryAfterSeconds { get; set; } = 1;

    public int TotalRequests => Volatile.Read(ref _totalRequests);

    public static async Task<FakeLetterboxd> StartAsync(CancellationToken ct = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeLetterboxd(app);
        app.Run(fake.HandleAsync);
        await app.StartAsync(ct);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        fake.BaseUrl = new Uri(address.TrimEnd('/') + "/");
        return fake;
    }

    /// <summary>Creates (or empties) a member's watchlist, films given newest first.</summary>
    public void SetWatchlist(string user, IEnumerable<FakeFilm> newestFirst)
    {
        lock (_lock)
        {
            var films = newestFirst.ToList();
            foreach (var film in films)
                _films[film.Slug] = film;
            _watchlists[user] = films;
        }
    }

    /// <summary>Adds films on top of the watchlist, as if the member just added them (the last given is the newest).</summary>
    public void AddFilms(string user, params IEnumerable<FakeFilm> films)
    {
        lock (_lock)
        {
            var list = _watchlists.TryGetValue(user, out var existing) ? existing : _watchlists[user] = new List<FakeFilm>();
            foreach (var film in films)
            {
                _films[film.Slug] = film;
                list.RemoveAll(f => f.Slug == film.Slug);
                list.Insert(0, film);
            }
        }
    }

    public bool RemoveFilm(string user, string slug)
    {
        lock (_lock)
            return _watchlists.TryGetValue(user, out var list) && list.RemoveAll(f => f.Slug == slug) > 0;
    }

    /// <summary>Makes a film page (and short link) exist without the film being on any watchlist.</summary>
    public void AddFilmPage(FakeFilm film)
    {
        lock (_lock)
            _films[film.Slug] = film;
    }

    public IReadOnlyList<FakeFilm> Watchlist(string user)
    {
        lock (_lock)
            return _watchlists.TryGetValue(user, out var list) ? list.ToList() : [];
    }

    /// <summary>Requests seen for one path, e.g. <c>/alice/watchlist/</c> or <c>/film/the-matrix/</c>.</summary>
    public int RequestsTo(string path) => _requests.GetValueOrDefault(path);

    /// <summary>Requests seen for paths starting with a prefix, e.g. <c>/film/</c>.</summary>
    public int RequestsUnder(string prefix) => _requests.Where(r => r.Key.StartsWith(prefix, StringComparison.Ordinal)).Sum(r => r.Value);

    public void ResetRequestCounts()
    {
        _requests.Clear();
        Interlocked.Exchange(ref _totalRequests, 0);
    }

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        _requests.AddOrUpdate(path, 1, (_, n) => n + 1);
        Interlocked.Increment(ref _totalRequests);

        if (WatchlistPath().Match(path) is { Success: true } wl)
        {
            var page = wl.Groups[2].Success ? int.Parse(wl.Groups[2].Value) : 1;
            await ServeWatchlistAsync(context, wl.Groups[1].Value, page);
        }
        else if (FilmPath().Match(path) is { Success: true } fp)
        {
            await ServeFilmAsync(context, fp.Groups[1].Value);
        }
        else if (ShortLinkPath().Match(path) is { Success: true } sl)
        {
            if (await ServeFaultAsync(context, FaultFilmPages ? Fault : LetterboxdFault.None))
                return;
            FakeFilm? film;
            lock (_lock)
                film = _films.Values.FirstOrDefault(f => f.ShortKey == sl.Groups[1].Value);
            if (film is null)
                await WriteAsync(context, 404, LetterboxdPages.NotFound("Sorry, we can’t find the page you’ve requested."));
            else
                context.Response.Redirect(new Uri(BaseUrl, $"film/{film.Slug}/").ToString(), permanent: true);
        }
        else
        {
            await WriteAsync(context, 404, LetterboxdPages.NotFound("Sorry, we can’t find the page you’ve requested."));
        }
    }

    private async Task ServeWatchlistAsync(HttpContext context, string user, int page)
    {
        List<FakeFilm>? films;
        lock (_lock)
            films = _watchlists.TryGetValue(user, out var list) ? list.ToList() : null;
        if (films is null)
        {
            await WriteAsync(context, 404, LetterboxdPages.NotFound("Sorry, we can’t find the page you’ve requested."));
            return;
        }

        var lastPage = Math.Max(1, (films.Count + LetterboxdPages.FilmsPerPage - 1) / LetterboxdPages.FilmsPerPage);
        if (page < 1 || page > lastPage)
        {
            await WriteAsync(context, 404, LetterboxdPages.NotFound("Sorry, we can’t find the page you’ve requested."));
            return;
        }

        var fault = FaultOnlyOnPage is null || FaultOnlyOnPage == page ? Fault : LetterboxdFault.None;
        if (await ServeFaultAsync(context, fault))
            return;
        var html = LetterboxdPages.Watchlist(user, films, page, changedMarkup: fault == LetterboxdFault.ChangedMarkup);
        if (fault == LetterboxdFault.TruncatedPage)
            html = html[..(html.Length * 3 / 5)];
        await WriteAsync(context, 200, html);
    }

    private async Task ServeFilmAsync(HttpContext context, string slug)
    {
        if (await ServeFaultAsync(context, FaultFilmPages ? Fault : LetterboxdFault.None))
            return;
        FakeFilm? film;
        lock (_lock)
            film = _films.GetValueOrDefault(slug);
        await (film is null
            ? WriteAsync(context, 404, LetterboxdPages.NotFound("Sorry, we can’t find the page you’ve requested."))
            : WriteAsync(context, 200, LetterboxdPages.Film(film)));
    }

    /// <summary>Answers with the error faults; the markup faults are rendered by the caller.</summary>
    private async Task<bool> ServeFaultAsync(HttpContext context, LetterboxdFault fault)
    {
        switch (fault)
        {
            case LetterboxdFault.CloudflareChallenge:
                context.Response.Headers["Server"] = "cloudflare";
                context.Response.Headers["cf-ray"] = "8f1b2c3d4e5f6a7b-FRA";
                context.Response.Headers["cf-mitigated"] = "challenge";
                await WriteAsync(context, 403, LetterboxdPages.CloudflareChallenge);
                return true;
            case LetterboxdFault.RateLimited:
                context.Response.Headers["Retry-After"] = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                await WriteAsync(context, 429, LetterboxdPages.RateLimitedPage);
                return true;
            case LetterboxdFault.ServerError:
                await WriteAsync(context, 500, LetterboxdPages.ServerErrorPage);
                return true;
            case LetterboxdFault.OversizedPage:
                await OversizedBody.WriteAsync(context, "text/html; charset=utf-8", "<!DOCTYPE html><html><body>",
                    Clients.Letterboxd.LetterboxdClient.PageLimitBytes + OversizedBody.BeyondLimitBytes);
                return true;
            default:
                return false;
        }
    }

    private static Task WriteAsync(HttpContext context, int status, string html)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/html; charset=utf-8";
        return context.Response.WriteAsync(html, Encoding.UTF8);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    [GeneratedRegex("^/([A-Za-z0-9_]+)/watchlist/(?:page/([0-9]+)/?)?$")]
    private static partial Regex WatchlistPath();

    [GeneratedRegex("^/film/([^/]+)/?$")]
    private static partial Regex FilmPath();

    [GeneratedRegex("^/sl/([^/]+)/?$")]
    private static partial Regex ShortLinkPath();
}
