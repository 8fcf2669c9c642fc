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
        var past = new[] { now.AddMinutes(-5), now.AddHours(-3), now.AddMinutes(-50), now.AddMinutes(5), now.AddMinutes(-61) };

        var budget = RequestBudget.Restore(10, past, now);

        Assert.Equal([now.AddMinutes(-50), now.AddMinutes(-5)], budget.SpentAt);
        Assert.Equal(8, budget.Remaining(now));
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
