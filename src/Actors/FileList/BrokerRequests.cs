using Akka.Actor;
using Akka.Event;
using static MovieSync.Actors.FileList.FileListBroker;
using static MovieSync.Messages.FileListCommands;

namespace MovieSync.Actors.FileList;

/// <summary>
/// The searches and downloads the broker asks of its accounts on a film's behalf, each under a number of its own: when the
/// account stops or its node becomes unreachable, the film waiting for it is told at once to search again elsewhere, and a
/// late answer finds its number gone and is dropped.
/// </summary>
internal sealed class BrokerRequests(IFileListBroker broker, IActorContext context, BrokerAccounts accounts, BrokerTurns turns,
    TimeSpan answerTimeout, ILoggingAdapter log)
{
    private readonly Dictionary<long, InFlight> _inFlight = new();

    public void OnSearch(SearchFilm search)
    {
        if (search.Reservation is { } id && turns.Find(id) is { } held)
        {
            if (held.Gone)
            {
                context.Sender.Tell(AccountGone(held));
                return;
            }

            AskAccount(held.Account, search with { Reservation = held.AccountReservation }, "search");
            return;
        }

        if (accounts.Best([], broker.Now) is { } any)
            AskAccount(any, search with { Reservation = null }, "search");
        else
            context.Sender.Tell(NoAccount());
    }

    /// <summary>The download goes through the account whose search found the torrent (its link embeds that passkey).</summary>
    public void OnFetch(FetchTorrent fetch)
    {
        if (fetch.Reservation is { } id && turns.Find(id) is { } held)
        {
            if (held.Gone)
                context.Sender.Tell(AccountGone(held));
            else
                AskAccount(held.Account, fetch with { Reservation = held.AccountReservation }, "download");
            return;
        }

        context.Sender.Tell(new FileListDeferred($"torrent {fetch.TorrentId} was found through no FileList account known now; searching again",
            broker.Now));
    }

    /// <summary>Asks <paramref name="account"/> on the sender's behalf, under a number of its own.</summary>
    private void AskAccount(BrokerAccount account, object request, string what)
    {
        var id = broker.NextNumber();
        _inFlight[id] = new InFlight(context.Sender, account, what);
        // The failure is mapped off the actor's thread, where its context (and so broker.Now) cannot be read.
        var scheduler = context.System.Scheduler;
        account.Ref.Ask<object>(request, answerTimeout).PipeTo(context.Self,
            success: answer => new AccountAnswered(id, answer),
            failure: _ => new AccountAnswered(id, new FileListDeferred(
                $"FileList account {account.Username} did not answer the {what} within {answerTimeout.TotalSeconds:0} s", scheduler.Now)));
    }

    public void OnAnswered(AccountAnswered answered)
    {
        if (!_inFlight.Remove(answered.Id, out var flight))
        {
            log.Debug("FileList broker: a late answer ({Answer}) for a request already sent elsewhere, dropped", answered.Answer.GetType().Name);
            return;
        }

        // The account could not serve after all (its credentials were just rejected, FileList said 429): skipped until
        // its next status, and the film tries again at once through another account if one can serve.
        if (answered.Answer is FileListDeferred deferred && accounts.IsServing(flight.Account.Username))
        {
            flight.Account.PassOver();
            if (accounts.Best([flight.Account.Username], broker.Now) is not null)
            {
                log.Info("FileList account {User} could not make a {What} ({Reason}): the film tries another account", flight.Account.Username,
                    flight.What, deferred.Reason);
                flight.ReplyTo.Tell(new FileListDeferred($"{deferred.Reason}; trying another FileList account", broker.Now));
                return;
            }
        }

        flight.ReplyTo.Tell(answered.Answer);
    }

    /// <summary>The account stopped (<paramref name="why"/>): the films waiting for its answer search again at once.</summary>
    public void Abandon(BrokerAccount account, string why)
    {
        foreach (var (id, flight) in _inFlight.Where(f => f.Value.Account == account).ToList())
        {
            _inFlight.Remove(id);
            flight.ReplyTo.Tell(new FileListDeferred(
                $"FileList account {account.Username} {why} during the {flight.What}; searching again through another account", broker.Now));
        }
    }

    private FileListDeferred AccountGone(BrokerReservation held) =>
        new($"FileList account {held.Account.Username} stopped before the download; searching again through another account", broker.Now);

    private FileListDeferred NoAccount()
    {
        var at = accounts.EarliestFree(broker.Now);
        return new FileListDeferred($"no FileList account can serve now; the first one frees by {at:u}", at);
    }

    /// <summary>A search or download the broker asked of an account for <paramref name="ReplyTo"/>.</summary>
    private sealed record InFlight(IActorRef ReplyTo, BrokerAccount Account, string What);
}
