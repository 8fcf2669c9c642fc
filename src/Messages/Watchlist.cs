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
        : IWatchlistEvent
    {
        /// <summary>
        /// True since the hand-over became at-least-once: the film is told to the coordinator until it confirms
        /// (<see cref="FilmHandedOver"/>). Null in older journals, whose films count as handed over.
        /// </summary>
        public bool? ConfirmationAwaited { get; init; }
    }

    /// <summary>The coordinator confirmed it tracks the film: it need not be told again.</summary>
    public sealed record FilmHandedOver(string Slug, DateTimeOffset At) : IWatchlistEvent;

    /// <summary>A complete, consistent read of the watchlist no longer lists the film.</summary>
    public sealed record FilmRemovedFromWatchlist(string Slug, DateTimeOffset At) : IWatchlistEvent
    {
        /// <summary>As <see cref="FilmIdsResolved.ConfirmationAwaited"/>: the coordinator is told to forget the film until it answers.</summary>
        public bool? ConfirmationAwaited { get; init; }
    }

    /// <summary>The coordinator answered the forget of a removed film: it need not be told again.</summary>
    public sealed record FilmForgetHandedOver(string Slug, DateTimeOffset At) : IWatchlistEvent;

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
/// <param name="AwaitingHandOver">Told to the coordinator, which has not confirmed yet: told again at the next check.</param>
public sealed record WatchlistFilm(
    string Slug, string Title, int? Year, string? ShortKey, bool Resolved, string? ImdbId, int? TmdbId,
    IReadOnlyList<string> Directors, bool IsTv, bool AwaitingHandOver = false)
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
/// <param name="PendingForgets">Removed films whose forget the coordinator has not answered yet, by slug (null in older snapshots).</param>
public sealed record WatchlistState(ImmutableDictionary<string, WatchlistFilm> Films, DateTimeOffset? LastFullSyncAt,
    ImmutableDictionary<string, MovieId>? PendingForgets = null)
    : IPersistedMessage
{
    public static WatchlistState Empty { get; } = new(ImmutableDictionary<string, WatchlistFilm>.Empty, null);

    /// <summary>Removed films the coordinator must still be told to forget.</summary>
    public ImmutableDictionary<string, MovieId> Forgets => PendingForgets ?? ImmutableDictionary<string, MovieId>.Empty;

    /// <summary>Films told to the coordinator that it has not confirmed yet.</summary>
    public IEnumerable<WatchlistFilm> AwaitingHandOver => Films.Values.Where(f => f.AwaitingHandOver);

    public WatchlistState Apply(IWatchlistEvent e) => e switch
    {
        WatchlistEvents.FilmAddedToWatchlist a => this with
        {
            Films = Films.SetItem(a.Slug, new WatchlistFilm(a.Slug, a.Title, a.Year, a.ShortKey, false, null, null, [], false)),
            PendingForgets = Forgets.Remove(a.Slug), // back on the watchlist: it is queued again instead
        },
        WatchlistEvents.FilmIdsResolved r when Films.TryGetValue(r.Slug, out var film) => this with
        {
            Films = Films.SetItem(r.Slug, Resolve(film, r)),
        },
        WatchlistEvents.FilmHandedOver h when Films.TryGetValue(h.Slug, out var film) => this with
        {
            Films = Films.SetItem(h.Slug, film with { AwaitingHandOver = false }),
        },
        WatchlistEvents.FilmRemovedFromWatchlist r => this with
        {
            Films = Films.Remove(r.Slug),
            PendingForgets = r.ConfirmationAwaited == true && Films.TryGetValue(r.Slug, out var removed)
                             && removed is { IsQueued: true, MovieId: { } id }
                ? Forgets.SetItem(r.Slug, id)
                : Forgets.Remove(r.Slug),
        },
        WatchlistEvents.FilmForgetHandedOver f => this with { PendingForgets = Forgets.Remove(f.Slug) },
        WatchlistEvents.WatchlistReconciled r => this with { LastFullSyncAt = r.At },
        _ => this,
    };

    private static WatchlistFilm Resolve(WatchlistFilm film, WatchlistEvents.FilmIdsResolved r)
    {
        var resolved = film with { Resolved = true, ImdbId = r.ImdbId, TmdbId = r.TmdbId, Directors = r.Directors, IsTv = r.IsTv };
        return resolved with { AwaitingHandOver = r.ConfirmationAwaited == true && resolved is { IsQueued: true, MovieId: not null } };
    }
}
