using MovieSync.Actors.FileList;
using MovieSync.Clients.FileList;
using MovieSync.Messages;
using Xunit;
using static MovieSync.Actors.FileList.FileListQueue;

namespace MovieSync.Grabbing.Tests.FileList;

public sealed class FileListQueueSpecs
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan ClaimTimeout = TimeSpan.FromMinutes(2);

    private static MovieId Film(int n) => MovieId.Parse($"tt{n:D7}");

    private static FileListQueue Queue(int requestsPerHour, out RequestBudget budget)
    {
        budget = new RequestBudget(requestsPerHour);
        return new FileListQueue(budget, ClaimTimeout, TimeSpan.FromMinutes(10));
    }

    [Fact]
    public void A_search_and_its_download_are_reserved_together_so_a_lone_free_request_starts_no_search()
    {
        var queue = Queue(3, out _);
        var first = Assert.IsType<Entry.Granted>(queue.Enter(Film(1), T0, T0));

        // One request is left: not enough for a search and its download, so the second film waits.
        var second = Assert.IsType<Entry.Waiting>(queue.Enter(Film(2), T0.AddSeconds(1), T0));
        Assert.Equal(1, second.Position);
        Assert.Equal(1, queue.Free(T0));

        Assert.True(queue.SpendReserved(first.Reservation, T0));
        Assert.True(queue.SpendReserved(first.Reservation, T0));
        Assert.False(queue.SpendReserved(first.Reservation, T0)); // used up
        Assert.Equal(1, queue.Free(T0));
    }

    [Fact]
    public void Waiting_films_are_served_in_the_order_they_were_tracked_one_turn_per_freed_pair()
    {
        var queue = Queue(2, out var budget);
        var spending = Assert.IsType<Entry.Granted>(queue.Enter(Film(9), T0, T0));
        queue.SpendReserved(spending.Reservation, T0);
        queue.SpendReserved(spending.Reservation, T0.AddMinutes(1));

        // They ask in another order than they were tracked in (as after a restart).
        queue.Enter(Film(3), T0.AddDays(3), T0.AddMinutes(2));
        queue.Enter(Film(1), T0.AddDays(1), T0.AddMinutes(2));
        var third = Assert.IsType<Entry.Waiting>(queue.Enter(Film(2), T0.AddDays(2), T0.AddMinutes(2)));
        Assert.Equal(2, third.Position);
        Assert.Equal(3, queue.Waiting);

        Assert.Empty(queue.PromiseTurns(T0.AddMinutes(59)));
        Assert.Equal([Film(1)], queue.PromiseTurns(T0.AddMinutes(61)));
        Assert.Empty(queue.PromiseTurns(T0.AddMinutes(62))); // the promised pair is held for the woken film

        var claimed = Assert.IsType<Entry.Granted>(queue.Enter(Film(1), T0.AddDays(1), T0.AddMinutes(62)));
        queue.SpendReserved(claimed.Reservation, T0.AddMinutes(62));
        queue.SpendReserved(claimed.Reservation, T0.AddMinutes(63));
        Assert.Equal([Film(2)], queue.PromiseTurns(T0.AddMinutes(123)));
        Assert.Equal(0, budget.Remaining(T0.AddMinutes(123)) - queue.Held);
    }

    [Fact]
    public void A_grab_goes_first_then_high_normal_and_low_priority_each_in_tracking_order_and_a_changed_rank_moves_a_film()
    {
        var queue = Queue(2, out var budget);
        var spending = Assert.IsType<Entry.Granted>(queue.Enter(Film(9), T0, T0));
        queue.SpendReserved(spending.Reservation, T0);
        queue.SpendReserved(spending.Reservation, T0);

        queue.Enter(Film(1), T0.AddDays(1), T0, rank: QueueRank.Low);
        queue.Enter(Film(2), T0.AddDays(2), T0);
        queue.Enter(Film(3), T0.AddDays(3), T0, rank: QueueRank.High);
        queue.Enter(Film(4), T0.AddDays(4), T0);
        var grabbed = Assert.IsType<Entry.Waiting>(queue.Enter(Film(5), T0.AddDays(5), T0, rank: QueueRank.GrabNow));
        Assert.Equal(1, grabbed.Position);
        // A priority changed while waiting: the film asks again with its new rank and moves (here behind film 2).
        var moved = Assert.IsType<Entry.Waiting>(queue.Enter(Film(3), T0.AddDays(3), T0, rank: QueueRank.Normal));
        Assert.Equal(3, moved.Position);

        var served = new List<MovieId>();
        for (var hour = 1; hour <= 5; hour++)
        {
            var now = T0.AddHours(hour).AddMinutes(hour);
            var turn = Assert.Single(queue.PromiseTurns(now));
            served.Add(turn);
            var claimed = Assert.IsType<Entry.Granted>(queue.Enter(turn, default, now));
            queue.SpendReserved(claimed.Reservation, now);
            queue.SpendReserved(claimed.Reservation, now);
        }

        Assert.Equal([Film(5), Film(2), Film(3), Film(4), Film(1)], served);
        Assert.Equal(0, budget.Remaining(T0.AddHours(5).AddMinutes(5)));
    }

    [Fact]
    public void A_film_that_leaves_the_line_gives_its_place_and_its_promised_turn_to_the_next_at_once()
    {
        var queue = Queue(2, out _);
        var spending = Assert.IsType<Entry.Granted>(queue.Enter(Film(9), T0, T0));
        queue.SpendReserved(spending.Reservation, T0);
        queue.SpendReserved(spending.Reservation, T0);
        queue.Enter(Film(1), T0.AddDays(1), T0);
        queue.Enter(Film(2), T0.AddDays(2), T0);
        queue.Enter(Film(3), T0.AddDays(3), T0);

        Assert.Equal([Film(1)], queue.PromiseTurns(T0.AddMinutes(61)));
        Assert.True(queue.Leave(Film(1))); // skipped while promised
        Assert.True(queue.Leave(Film(2))); // skipped while waiting
        Assert.False(queue.Leave(Film(2)));
        Assert.Equal([Film(3)], queue.PromiseTurns(T0.AddMinutes(61)));
    }

    [Fact]
    public void A_larger_allowance_serves_the_head_of_the_line_at_once_and_a_smaller_one_frees_nothing_until_the_spend_ages()
    {
        var queue = Queue(2, out var budget);
        var spending = Assert.IsType<Entry.Granted>(queue.Enter(Film(9), T0, T0));
        queue.SpendReserved(spending.Reservation, T0);
        queue.SpendReserved(spending.Reservation, T0.AddMinutes(10));
        queue.Enter(Film(1), T0.AddDays(1), T0.AddMinutes(20));
        queue.Enter(Film(2), T0.AddDays(2), T0.AddMinutes(20), rank: QueueRank.High);

        budget.Resize(4);
        Assert.Equal([Film(2)], queue.PromiseTurns(T0.AddMinutes(21)));
        var claimed = Assert.IsType<Entry.Granted>(queue.Enter(Film(2), default, T0.AddMinutes(21)));
        queue.SpendReserved(claimed.Reservation, T0.AddMinutes(21));
        queue.SpendReserved(claimed.Reservation, T0.AddMinutes(22));

        budget.Resize(1);
        Assert.Equal(1, queue.RequestsPerFilm); // an allowance of one reserves the search only
        Assert.Equal(0, budget.Remaining(T0.AddMinutes(30)));
        // Four spent, one allowed: a request frees only once all four are an hour old.
        Assert.Equal(T0.AddMinutes(82), budget.NextAvailableAt(T0.AddMinutes(30)));
        Assert.Equal(T0.AddMinutes(82), budget.AvailableAt(1, 0, T0.AddMinutes(30)));
        Assert.Empty(queue.PromiseTurns(T0.AddMinutes(81)));
        Assert.Equal([Film(1)], queue.PromiseTurns(T0.AddMinutes(82)));
    }

    [Fact]
    public void A_newcomer_never_overtakes_the_line_even_when_requests_are_free()
    {
        var queue = Queue(4, out _);
        var first = Assert.IsType<Entry.Granted>(queue.Enter(Film(1), T0, T0));
        queue.Enter(Film(2), T0, T0);
        Assert.IsType<Entry.Waiting>(queue.Enter(Film(3), T0.AddMinutes(1), T0)); // 4 per hour: two films at a time
        queue.Release(first.Reservation); // Film 1 needed nothing after all: its pair is free again

        // Film 4 was tracked later than Film 3, which waits: Film 4 goes behind it, though two requests are free.
        var late = Assert.IsType<Entry.Waiting>(queue.Enter(Film(4), T0.AddMinutes(2), T0));
        Assert.Equal(2, late.Position);
        Assert.Equal([Film(3)], queue.PromiseTurns(T0));
    }

    [Fact]
    public void A_turn_nobody_claims_in_time_goes_to_the_next_film_and_unspent_reservations_lapse()
    {
        var queue = Queue(2, out _);
        var holder = Assert.IsType<Entry.Granted>(queue.Enter(Film(1), T0, T0));
        queue.Enter(Film(2), T0.AddSeconds(1), T0);
        queue.Enter(Film(3), T0.AddSeconds(2), T0);

        // Film 1 never spends nor releases (its attempt crashed): the reservation lapses after 10 minutes.
        Assert.Equal(T0.AddMinutes(10), queue.NextChangeAt(T0));
        Assert.Equal([Film(2)], queue.PromiseTurns(T0.AddMinutes(10)));
        Assert.False(queue.SpendReserved(holder.Reservation, T0.AddMinutes(10)));

        // Film 2 was forgotten meanwhile and never claims its turn: after 2 minutes it is Film 3's.
        Assert.Equal(T0.AddMinutes(12), queue.NextChangeAt(T0.AddMinutes(10)));
        Assert.Equal([Film(3)], queue.PromiseTurns(T0.AddMinutes(12)));
        Assert.IsType<Entry.Granted>(queue.Enter(Film(3), T0.AddSeconds(2), T0.AddMinutes(12)));
    }

    [Fact]
    public void Each_waiting_film_learns_its_own_turn_from_when_the_spent_requests_free()
    {
        var queue = Queue(4, out var budget);
        budget.TryTake(T0);
        budget.TryTake(T0.AddMinutes(10));
        budget.TryTake(T0.AddMinutes(20));
        budget.TryTake(T0.AddMinutes(30));

        var first = Assert.IsType<Entry.Waiting>(queue.Enter(Film(1), T0, T0.AddMinutes(30)));
        var second = Assert.IsType<Entry.Waiting>(queue.Enter(Film(2), T0.AddSeconds(1), T0.AddMinutes(30)));

        Assert.Equal(T0.AddMinutes(70), first.TurnAt);  // the two oldest requests free at 13:00 and 13:10
        Assert.Equal(T0.AddMinutes(90), second.TurnAt); // the next two at 13:20 and 13:30
    }

    [Fact]
    public void A_refused_film_a_broker_reserved_for_is_released_not_requeued_since_the_broker_keeps_its_place()
    {
        var queue = Queue(150, out _);
        var routed = Assert.IsType<Entry.Granted>(queue.Enter(Film(1), T0, T0, join: false));
        var own = Assert.IsType<Entry.Granted>(queue.Enter(Film(2), T0.AddSeconds(1), T0));

        Assert.False(queue.Requeue(routed.Reservation)); // back to the broker, which tries another account
        Assert.True(queue.Requeue(own.Reservation));     // waits in this account's line

        Assert.Equal(1, queue.Waiting);
        Assert.Equal(150, queue.Free(T0)); // neither holds requests any more
        Assert.Equal([Film(2)], queue.PromiseTurns(T0));
    }

    [Fact]
    public void A_free_request_may_be_spent_outside_the_line_only_when_nothing_holds_it()
    {
        var queue = Queue(3, out _);
        Assert.IsType<Entry.Granted>(queue.Enter(Film(1), T0, T0));

        Assert.True(queue.SpendUnreserved(T0));  // the third request (a check-config search)
        Assert.False(queue.SpendUnreserved(T0)); // the other two are the film's
    }
}
