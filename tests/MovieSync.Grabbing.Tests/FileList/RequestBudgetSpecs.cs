using MovieSync.Clients.FileList;
using Xunit;

namespace MovieSync.Grabbing.Tests.FileList;

public sealed class RequestBudgetSpecs
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Allows_150_requests_an_hour_by_default_then_refuses()
    {
        var budget = new RequestBudget();

        for (var i = 0; i < 150; i++) Assert.True(budget.TryTake(T0.AddSeconds(i)));

        Assert.False(budget.TryTake(T0.AddMinutes(30)));
        Assert.Equal(0, budget.Remaining(T0.AddMinutes(30)));
    }

    [Fact]
    public void The_window_slides_freeing_one_request_per_expired_one()
    {
        var budget = new RequestBudget(3);
        budget.TryTake(T0);
        budget.TryTake(T0.AddMinutes(10));
        budget.TryTake(T0.AddMinutes(20));

        Assert.Equal(T0.AddHours(1), budget.NextAvailableAt(T0.AddMinutes(30)));
        Assert.False(budget.TryTake(T0.AddMinutes(59)));
        Assert.True(budget.TryTake(T0.AddHours(1)));
        Assert.False(budget.TryTake(T0.AddHours(1).AddMinutes(5)));
        Assert.Equal(T0.AddMinutes(70), budget.NextAvailableAt(T0.AddHours(1).AddMinutes(5)));
    }

    [Fact]
    public void Next_available_is_now_when_a_request_is_free()
    {
        var budget = new RequestBudget(2);
        budget.TryTake(T0);

        Assert.Equal(T0.AddMinutes(1), budget.NextAvailableAt(T0.AddMinutes(1)));
        Assert.Equal(1, budget.Remaining(T0.AddMinutes(1)));
    }

    [Fact]
    public void Spend_survives_a_restart()
    {
        var before = new RequestBudget(3);
        before.TryTake(T0);
        before.TryTake(T0.AddMinutes(40));
        before.TryTake(T0.AddMinutes(50));

        var after = RequestBudget.Restore(3, before.SpentAt, T0.AddMinutes(55));

        Assert.False(after.TryTake(T0.AddMinutes(55)));
        Assert.Equal(T0.AddHours(1), after.NextAvailableAt(T0.AddMinutes(55)));
        Assert.True(after.TryTake(T0.AddHours(1)));
    }

    [Fact]
    public void Restore_drops_requests_outside_the_window_and_keeps_them_in_order()
    {
        var now = T0.AddHours(2);
        var past = new[] { now.AddMinutes(-5), now.AddHours(-3), now.AddMinutes(-50), now.AddMinutes(-61) };

        var budget = RequestBudget.Restore(10, past, now);

        Assert.Equal([now.AddMinutes(-50), now.AddMinutes(-5)], budget.SpentAt);
        Assert.Equal(8, budget.Remaining(now));
    }

    [Fact]
    public void Restore_counts_requests_stamped_in_the_future_as_made_now_so_a_clock_set_back_frees_nothing_early()
    {
        // The clock was set back two hours while MovieSync was stopped: the last run's requests look two hours ahead.
        var now = T0;
        var past = new[] { now.AddHours(2).AddMinutes(-10), now.AddHours(2).AddMinutes(-1), now.AddMinutes(-30) };

        var budget = RequestBudget.Restore(3, past, now);

        Assert.Equal([now.AddMinutes(-30), now, now], budget.SpentAt);
        Assert.Equal(0, budget.Remaining(now));
        Assert.Equal(now.AddMinutes(30), budget.NextAvailableAt(now));
        Assert.Equal(1, budget.Remaining(now.AddMinutes(59))); // the future-stamped ones free a full hour from now
        Assert.Equal(3, budget.Remaining(now.AddHours(1)));
    }

    [Fact]
    public void Available_at_counts_held_requests_and_looks_beyond_one_window()
    {
        var budget = new RequestBudget(4);
        budget.TryTake(T0);
        budget.TryTake(T0.AddMinutes(10));

        // Two free now; with one held, the second request from now waits for the oldest spent one.
        Assert.Equal(T0.AddMinutes(20), budget.AvailableAt(1, held: 0, T0.AddMinutes(20)));
        Assert.Equal(T0.AddMinutes(20), budget.AvailableAt(2, held: 0, T0.AddMinutes(20)));
        Assert.Equal(T0.AddHours(1), budget.AvailableAt(2, held: 1, T0.AddMinutes(20)));
        Assert.Equal(T0.AddMinutes(70), budget.AvailableAt(3, held: 1, T0.AddMinutes(20)));
        Assert.Equal(T0.AddMinutes(80), budget.AvailableAt(4, held: 1, T0.AddMinutes(20)));
        // The fifth request from now reuses the first one's freed slot an hour later.
        Assert.Equal(T0.AddMinutes(80), budget.AvailableAt(5, held: 0, T0.AddMinutes(20)));
    }

    [Fact]
    public void A_429_from_filelist_spends_the_rest_of_the_window()
    {
        var budget = new RequestBudget(5);
        budget.TryTake(T0);

        budget.MarkExhausted(T0.AddMinutes(10));

        Assert.False(budget.TryTake(T0.AddMinutes(30)));
        Assert.Equal(T0.AddHours(1), budget.NextAvailableAt(T0.AddMinutes(30)));
        Assert.Equal(1, budget.Remaining(T0.AddHours(1)));
        Assert.Equal(5, budget.Remaining(T0.AddMinutes(70)));
    }

    [Fact]
    public void Rejects_a_nonsense_allowance()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new RequestBudget(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RequestBudget(5, TimeSpan.Zero));
    }
}
