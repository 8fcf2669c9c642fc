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

        /// <summary>
        /// The export's fingerprint (null for the site, and before issue 13): after a restart the same export is not
        /// read, nor counted towards a removal, again.
        /// </summary>
        public string? Version { get; init; }
    }

    /// <summary>
    /// A complete, trusted read lacks the film (still tracked): it counts towards its removal, which needs two such reads in
    /// a row and <c>letterboxd.removal_grace</c> since the first (issue 13).
    /// </summary>
    public sealed record FilmMissingFromWatchlist(string Slug, DateTimeOffset At) : IWatchlistEvent;

    /// <summary>A film that reads had missed is listed again: its removal count starts over.</summary>
    public sealed record FilmBackOnWatchlist(string Slug, DateTimeOffset At) : IWatchlistEvent;

    /// <summary>
    /// A read that cannot be trusted for removals (failed, partial, or suspiciously smaller): nothing was removed. Written
    /// once when such reads start; the next trusted complete read (<see cref="WatchlistReconciled"/>) ends it. The
    /// <c>attention</c> hook of notifications. <paramref name="Slug"/> is empty.
    /// </summary>
    /// <param name="Known">Films known before the read.</param>
    /// <param name="Listed">Films the read listed (0 for a read that failed).</param>
    public sealed record WatchlistReadDistrusted(string Reason, int Known, int Listed, DateTimeOffset At) : IWatchlistEvent
    {
        public string Slug => "";
    }

    /// <summary>
    /// The export in use is older than 30 days (<c>attention</c>): written once per export file. <paramref name="Slug"/> is empty.
    /// </summary>
    public sealed record WatchlistExportStale(string Path, DateTimeOffset ExportedAt, DateTimeOffset At) : IWatchlistEvent
    {
        public string Slug => "";
    }

    /// <summary>
    /// Every read of Letterboxd (the watchlist, or a film's page) has failed since <paramref name="Since"/>, for longer than
    /// the actor's <c>BlockedAttentionAfter</c> (an hour): an <c>attention</c>, written once per run of failures;
    /// <see cref="WatchlistReadsWork"/> ends it. <paramref name="Slug"/> is empty.
    /// </summary>
    /// <param name="Failure">The last failure's kind (<c>Blocked</c>, <c>NetworkFailure</c>, ...).</param>
    /// <param name="Message">What the last failure said.</param>
    public sealed record WatchlistReadsBlocked(DateTimeOffset Since, string Failure, string Message, DateTimeOffset At) : IWatchlistEvent
    {
        public string Slug => "";
    }

    /// <summary>A read succeeded after <see cref="WatchlistReadsBlocked"/>. <paramref name="Slug"/> is empty.</summary>
    public sealed record WatchlistReadsWork(DateTimeOffset At) : IWatchlistEvent
    {
        public string Slug => "";
    }
}

/// <summary>What happens to a movie that left the watchlist (<c>letterboxd.on_removed</c>).</summary>
public enum RemovalAction
{
    /// <summary>Nothing: it stays tracked.</summary>
    Keep,

    /// <summary>An unfinished movie stops being tracked; a finished one stays as it is.</summary>
    Forget,

    /// <summary>As <see cref="Forget"/>, and a finished movie's torrent leaves qBittorrent (its files stay).</summary>
    RemoveTorrent,

    /// <summary>As <see cref="RemoveTorrent"/>, and the finished movie's files move to the trash folder.</summary>
    RemoveFiles,
}

/// <summary>A film that trusted complete reads missed: since when, and how many reads in a row.</summary>
public sealed record MissingFilm(DateTimeOffset Since, int CompleteReads);

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
/// <param name="MissingFilms">Films trusted complete reads missed, not yet removed (null in older snapshots).</param>
/// <param name="DistrustedSince">Set while reads cannot be trusted for removals (<see cref="WatchlistEvents.WatchlistReadDistrusted"/>).</param>
/// <param name="StaleExport">The export file last reported as older than 30 days.</param>
/// <param name="LastReadVersion">The fingerprint of the export of the last trusted complete read.</param>
/// <param name="BlockedSince">Set while every read fails for over an hour (<see cref="WatchlistEvents.WatchlistReadsBlocked"/>).</param>
public sealed record WatchlistState(ImmutableDictionary<string, WatchlistFilm> Films, DateTimeOffset? LastFullSyncAt,
    ImmutableDictionary<string, MovieId>? PendingForgets = null, ImmutableDictionary<string, MissingFilm>? MissingFilms = null,
    DateTimeOffset? DistrustedSince = null, string? StaleExport = null, string? LastReadVersion = null, DateTimeOffset? BlockedSince = null)
    : IPersistedMessage
{
    /// <summary>Films that trusted complete reads missed, by slug.</summary>
    public ImmutableDictionary<string, MissingFilm> Missing => MissingFilms ?? ImmutableDictionary<string, MissingFilm>.Empty;

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
            MissingFilms = Missing.Remove(r.Slug),
            PendingForgets = r.ConfirmationAwaited == true && Films.TryGetValue(r.Slug, out var removed)
                             && removed is { IsQueued: true, MovieId: { } id }
                ? Forgets.SetItem(r.Slug, id)
                : Forgets.Remove(r.Slug),
        },
        WatchlistEvents.FilmForgetHandedOver f => this with { PendingForgets = Forgets.Remove(f.Slug) },
        WatchlistEvents.WatchlistReconciled r => this with { LastFullSyncAt = r.At, DistrustedSince = null, LastReadVersion = r.Version },
        WatchlistEvents.FilmMissingFromWatchlist m when Films.ContainsKey(m.Slug) => this with
        {
            MissingFilms = Missing.SetItem(m.Slug, Missing.TryGetValue(m.Slug, out var missed)
                ? missed with { CompleteReads = missed.CompleteReads + 1 }
                : new MissingFilm(m.At, 1)),
        },
        WatchlistEvents.FilmBackOnWatchlist b => this with { MissingFilms = Missing.Remove(b.Slug) },
        WatchlistEvents.WatchlistReadDistrusted d => this with { DistrustedSince = DistrustedSince ?? d.At },
        WatchlistEvents.WatchlistExportStale s => this with { StaleExport = s.Path },
        WatchlistEvents.WatchlistReadsBlocked b => this with { BlockedSince = b.Since },
        WatchlistEvents.WatchlistReadsWork => this with { BlockedSince = null },
        _ => this,
    };

    private static WatchlistFilm Resolve(WatchlistFilm film, WatchlistEvents.FilmIdsResolved r)
    {
        var resolved = film with { Resolved = true, ImdbId = r.ImdbId, TmdbId = r.TmdbId, Directors = r.Directors, IsTv = r.IsTv };
        return resolved with { AwaitingHandOver = r.ConfirmationAwaited == true && resolved is { IsQueued: true, MovieId: not null } };
    }
}
