using static MovieSync.Messages.WatchlistEvents;

namespace MovieSync.Messages;

/// <summary>What happens to films that leave the watchlist (<c>letterboxd.on_removed</c>, <c>letterboxd.removal_grace</c>).</summary>
public sealed record RemovalRules(RemovalAction Action, TimeSpan Grace)
{
    /// <summary>The contract's defaults: forget, after a week.</summary>
    public static RemovalRules Default { get; } = new(RemovalAction.Forget, TimeSpan.FromDays(7));

    /// <summary>A read may drop at most half of a watchlist larger than this at once; more is a misread, not removals.</summary>
    public const int ShrinkGuardAbove = 10;
}

/// <summary>
/// Decides removals from the watchlist's state alone. A film is removed only after two complete, trusted reads in a row
/// lacked it and the grace period since the first has passed; a read that lists it again starts over. A read that drops
/// more than half of a watchlist of over <see cref="RemovalRules.ShrinkGuardAbove"/> films is not trusted at all (a
/// broken page, a blocked account or a half-written export looks like that), so nothing counts towards a removal.
/// </summary>
public static class WatchlistRemovals
{
    /// <summary>Why a complete read that lists <paramref name="listedOfKnown"/> of the <paramref name="known"/> films is not trusted; null when it is.</summary>
    public static string? Suspicion(int known, int listedOfKnown)
    {
        var gone = known - listedOfKnown;
        return known > RemovalRules.ShrinkGuardAbove && gone * 2 > known
            ? $"the read lists {listedOfKnown} of the {known} known films: {gone} gone at once is more than half, so it is taken as a misread"
            : null;
    }

    /// <summary>Films a read lists that earlier reads had missed: their count starts over.</summary>
    public static IEnumerable<IWatchlistEvent> BackOnWatchlist(this WatchlistState state, IReadOnlySet<string> listed, DateTimeOffset now) =>
        state.Missing.Keys.Where(listed.Contains).Order(StringComparer.Ordinal).Select(slug => (IWatchlistEvent)new FilmBackOnWatchlist(slug, now));

    /// <summary>
    /// The events of a complete read that listed <paramref name="listed"/>: a miss counted (or the removal, when due) for
    /// each known film it lacks, then <see cref="WatchlistReconciled"/>; or, for a suspicious read, only the distrust
    /// (<paramref name="suspicion"/> says why).
    /// </summary>
    /// <param name="version">The export's fingerprint (null for the site), recorded so that a restart does not count it again.</param>
    public static IReadOnlyList<IWatchlistEvent> OnCompleteRead(this WatchlistState state, IReadOnlySet<string> listed, RemovalRules rules,
        DateTimeOffset now, out string? suspicion, string? version = null)
    {
        var gone = state.Films.Values.Where(f => !listed.Contains(f.Slug)).OrderBy(f => f.Slug, StringComparer.Ordinal).ToList();
        suspicion = Suspicion(state.Films.Count, state.Films.Count - gone.Count);
        if (suspicion is not null)
            return state.Distrust(suspicion, listed.Count, now);

        var events = new List<IWatchlistEvent>();
        foreach (var film in gone)
        {
            var missed = state.Missing.GetValueOrDefault(film.Slug);
            var reads = (missed?.CompleteReads ?? 0) + 1;
            var since = missed?.Since ?? now;
            events.Add(reads >= 2 && now - since >= rules.Grace ? Removal(film.Slug, rules, now) : new FilmMissingFromWatchlist(film.Slug, now));
        }

        events.Add(new WatchlistReconciled(listed.Count, now) { Version = version });
        return events;
    }

    /// <summary>
    /// Removals whose grace ran out since the last complete read, which still stands (an export that did not change):
    /// none while reads are distrusted.
    /// </summary>
    public static IReadOnlyList<IWatchlistEvent> DueRemovals(this WatchlistState state, RemovalRules rules, DateTimeOffset now) =>
        state.DistrustedSince is not null
            ? []
            : state.Missing
                .Where(m => state.Films.ContainsKey(m.Key) && m.Value.CompleteReads >= 2 && now - m.Value.Since >= rules.Grace)
                .OrderBy(m => m.Key, StringComparer.Ordinal)
                .Select(m => (IWatchlistEvent)Removal(m.Key, rules, now))
                .ToList();

    /// <summary>The distrust of a read, recorded once per run of untrusted reads.</summary>
    public static IReadOnlyList<IWatchlistEvent> Distrust(this WatchlistState state, string reason, int listed, DateTimeOffset now) =>
        state.DistrustedSince is null ? [new WatchlistReadDistrusted(reason, state.Films.Count, listed, now)] : [];

    private static FilmRemovedFromWatchlist Removal(string slug, RemovalRules rules, DateTimeOffset now) =>
        new(slug, now) { ConfirmationAwaited = rules.Action != RemovalAction.Keep };
}
