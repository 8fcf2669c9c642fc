using MovieSync.Messages;
using static MovieSync.Messages.WatchlistEvents;

namespace MovieSync.Letterboxd.Tests;

/// <summary>The removal rules on the watchlist's state alone (<see cref="WatchlistRemovals"/>).</summary>
public sealed class WatchlistRemovalRulesSpecs
{
    private static readonly DateTimeOffset At = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly RemovalRules Rules = new(RemovalAction.RemoveTorrent, TimeSpan.FromDays(7));

    private static WatchlistState Known(int films) => Enumerable.Range(1, films).Aggregate(WatchlistState.Empty, (state, i) => state
        .Apply(new FilmAddedToWatchlist($"film-{i}", $"Film {i}", 2000, null, At))
        .Apply(new FilmIdsResolved($"film-{i}", $"tt{1000000 + i}", null, [], false, At)));

    private static HashSet<string> Listed(int from, int to) => Enumerable.Range(from, to - from + 1).Select(i => $"film-{i}").ToHashSet();

    [Theory]
    [InlineData(10, 0, false)] // a small watchlist may be emptied
    [InlineData(11, 5, true)] // 6 of 11 gone: over half
    [InlineData(12, 6, false)] // exactly half gone: believed
    [InlineData(60, 0, true)] // an empty first page
    public void Over_half_of_more_than_ten_films_gone_at_once_is_a_misread(int known, int listed, bool suspicious)
    {
        var events = Known(known).OnCompleteRead(Listed(1, listed), Rules, At, out var suspicion);

        Assert.Equal(suspicious, suspicion is not null);
        if (suspicious)
        {
            var distrust = Assert.IsType<WatchlistReadDistrusted>(Assert.Single(events));
            Assert.Equal((known, listed), (distrust.Known, distrust.Listed));
        }
        else
        {
            Assert.Equal(known - listed, events.OfType<FilmMissingFromWatchlist>().Count());
            Assert.IsType<WatchlistReconciled>(events[^1]);
        }
    }

    [Fact]
    public void The_second_miss_after_the_grace_removes_the_film_and_awaits_the_coordinators_answer()
    {
        var state = Known(3);
        foreach (var e in state.OnCompleteRead(Listed(1, 2), Rules, At, out _))
            state = state.Apply(e);
        var early = state.OnCompleteRead(Listed(1, 2), Rules, At.AddDays(6), out _);
        var due = state.OnCompleteRead(Listed(1, 2), Rules, At.AddDays(7), out _);

        Assert.IsType<FilmMissingFromWatchlist>(early[0]);
        var removed = Assert.IsType<FilmRemovedFromWatchlist>(due[0]);
        Assert.True(removed.ConfirmationAwaited);
        var after = due.Aggregate(state, (s, e) => s.Apply(e));
        Assert.Equal(MovieId.Parse("tt1000003"), after.Forgets["film-3"]);
        Assert.Empty(after.Missing);
    }

    [Fact]
    public void While_reads_are_distrusted_no_removal_falls_due_and_the_distrust_is_recorded_once()
    {
        var state = Known(3);
        foreach (var e in state.OnCompleteRead(Listed(1, 2), Rules, At, out _).Concat(state.OnCompleteRead(Listed(1, 2), Rules, At.AddDays(1), out _)))
            state = state.Apply(e);
        Assert.Equal(2, state.Missing["film-3"].CompleteReads);
        var distrusted = state.Apply(Assert.Single(state.Distrust("the read failed", 0, At.AddDays(2))));

        Assert.Single(state.DueRemovals(Rules, At.AddDays(8)));
        Assert.Empty(distrusted.DueRemovals(Rules, At.AddDays(8)));
        Assert.Empty(distrusted.Distrust("the read failed again", 0, At.AddDays(3)));
        Assert.Null(distrusted.Apply(new WatchlistReconciled(2, At.AddDays(4))).DistrustedSince);
    }

    [Fact]
    public void With_keep_a_removal_tells_the_coordinator_nothing()
    {
        var keep = Rules with { Action = RemovalAction.Keep, Grace = TimeSpan.Zero };
        var state = Known(2);
        foreach (var e in state.OnCompleteRead(Listed(1, 1), keep, At, out _))
            state = state.Apply(e);

        var removed = Assert.IsType<FilmRemovedFromWatchlist>(state.OnCompleteRead(Listed(1, 1), keep, At, out _)[0]);

        Assert.False(removed.ConfirmationAwaited);
        Assert.Empty(state.Apply(removed).Forgets);
    }
}
