using System.Collections.Immutable;

namespace MovieSync.Messages;

/// <summary>The watchlist actor's persisted events (<c>watchlist-&lt;user&gt;</c>), keyed by Letterboxd film slug.</summary>
public interface IWatchlistEvent : IPersistedMessage
{
    string Slug { get; }

    DateTimeOffset At { get; }
}

public static class WatchlistEvents
{
    /// <summary>A film appeared on the watchlist; its ids are looked up next.</summary>
    /// <param name="ShortKey">The boxd.it key when known; it links export rows to site entries.</param>
    public sealed record FilmAddedToWatchlist(string Slug, string Title, int? Year, string? ShortKey, DateTimeOffset At)
        : IWatchlistEvent;

    /// <summary>
    /// The film's page was read (once per film): its ids and directors. With no IMDb id the film is known by its slug;
    /// a TV entry is never queued.
    /// </summary>
    public sealed record FilmIdsResolved(
        string Slug, string? ImdbId, int? TmdbId, IReadOnlyList<string> Directors, bool IsTv, DateTimeOffset At)
        : IWatchlistEvent;

    /// <summary>A complete, consistent read of the watchlist no longer lists the film.</summary>
    public sealed record FilmRemovedFromWatchlist(string Slug, DateTimeOffset At) : IWatchlistEvent;

    /// <summary>A complete read matched the reported count; removals were reconciled. <paramref name="Slug"/> is empty.</summary>
    public sealed record WatchlistReconciled(int Films, DateTimeOffset At) : IWatchlistEvent
    {
        public string Slug => "";
    }
}

public static class WatchlistCommands
{
    /// <summary>Check the watchlist now; <paramref name="FullSync"/> walks every page to reconcile removals.</summary>
    public sealed record CheckWatchlist(bool FullSync = false) : IProtocolMessage;
}

public static class WatchlistQueries
{
    /// <summary>Asks the watchlist actor for its state; answered with <see cref="WatchlistState"/>.</summary>
    public sealed record GetWatchlist : IProtocolMessage
    {
        public static GetWatchlist Instance { get; } = new();
    }
}

/// <summary>One film of the watchlist as the actor knows it.</summary>
public sealed record WatchlistFilm(
    string Slug, string Title, int? Year, string? ShortKey, bool Resolved, string? ImdbId, int? TmdbId,
    IReadOnlyList<string> Directors, bool IsTv)
{
    /// <summary>The id the film is queued under: its IMDb id when known, else its slug (null if neither is a valid id).</summary>
    public MovieId? MovieId =>
        Messages.MovieId.TryParse(ImdbId ?? Slug, out var id, out _) ? id
        : Messages.MovieId.TryParse(Slug, out var bySlug, out _) ? bySlug : null;

    /// <summary>True once the film was told to the coordinator (resolved and not TV).</summary>
    public bool IsQueued => Resolved && !IsTv;

    public override string ToString() => Year is null ? Title : $"{Title} ({Year})";
}

/// <summary>The watchlist as the actor knows it, derived from its events; also its snapshot.</summary>
public sealed record WatchlistState(ImmutableDictionary<string, WatchlistFilm> Films, DateTimeOffset? LastFullSyncAt)
    : IPersistedMessage
{
    public static WatchlistState Empty { get; } = new(ImmutableDictionary<string, WatchlistFilm>.Empty, null);

    public WatchlistState Apply(IWatchlistEvent e) => e switch
    {
        WatchlistEvents.FilmAddedToWatchlist a => this with
        {
            Films = Films.SetItem(a.Slug, new WatchlistFilm(a.Slug, a.Title, a.Year, a.ShortKey, false, null, null, [], false)),
        },
        WatchlistEvents.FilmIdsResolved r when Films.TryGetValue(r.Slug, out var film) => this with
        {
            Films = Films.SetItem(r.Slug, film with
            {
                Resolved = true, ImdbId = r.ImdbId, TmdbId = r.TmdbId, Directors = r.Directors, IsTv = r.IsTv,
            }),
        },
        WatchlistEvents.FilmRemovedFromWatchlist r => this with { Films = Films.Remove(r.Slug) },
        WatchlistEvents.WatchlistReconciled r => this with { LastFullSyncAt = r.At },
        _ => this,
    };
}
