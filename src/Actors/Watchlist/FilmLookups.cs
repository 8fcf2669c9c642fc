using Akka.Actor;
using Akka.Event;
using MovieSync.Actors.Work;
using MovieSync.Messages;
using static MovieSync.Actors.Watchlist.WatchlistActor;
using static MovieSync.Messages.WatchlistEvents;

namespace MovieSync.Actors.Watchlist;

/// <summary>
/// Looks each new film's page up once for its ids, directors and whether it is TV, journals what it found and hands a
/// queueable film to the coordinator; the check ends when no film is left to look up.
/// </summary>
internal sealed class FilmLookups(IFollowedWatchlist watchlist, IActorContext context, IWatchlistSource source,
    WatchlistSettings settings, WatchlistAttentions attentions, CoordinatorHandOver handOver, ILoggingAdapter log)
{
    /// <summary>Looks films up one at a time, so each resolution is persisted as soon as it is known.</summary>
    public void ResolveNext()
    {
        var next = watchlist.State.Films.Values.FirstOrDefault(f => !f.Resolved);
        if (next is null)
        {
            watchlist.FinishCheck(settings.CheckInterval);
            return;
        }

        var film = new ListedFilm(next.Slug, next.Title, next.Year, next.ShortKey);
        PipedWork.Run(ct => source.LookUpAsync(film, ct), settings.OperationTimeout,
            outcome => new LookupFinished(film.Slug, outcome),
            error => new LookupFinished(film.Slug,
                new FilmLookupOutcome.Failed(WatchlistFailure.NetworkFailure, Describe(error, settings.OperationTimeout))), context.Self);
    }

    public void OnFinished(LookupFinished finished)
    {
        if (!watchlist.State.Films.ContainsKey(finished.Slug))
        {
            ResolveNext(); // removed while it was looked up
            return;
        }

        switch (finished.Outcome)
        {
            case FilmLookupOutcome.Found found:
                attentions.ReadsWork();
                Resolve(new FilmIdsResolved(finished.Slug, found.ImdbId, found.TmdbId, found.Directors, found.IsTv, watchlist.Now)
                    { ConfirmationAwaited = true });
                return;
            case FilmLookupOutcome.Failed { Failure: WatchlistFailure.FilmNotFound } missing:
                // The page is gone for good: queue the film under its slug rather than never.
                log.Warning("No film page for {Slug} ({Message}); queuing it by its slug", finished.Slug, missing.Message);
                Resolve(new FilmIdsResolved(finished.Slug, null, null, [], false, watchlist.Now) { ConfirmationAwaited = true });
                return;
            case FilmLookupOutcome.Failed failed:
                watchlist.ReportFailure(failed.Failure, failed.Message);
                return;
        }
    }

    private void Resolve(FilmIdsResolved resolved)
    {
        watchlist.Journal(resolved, e =>
        {
            var film = watchlist.State.Films[e.Slug];
            if (film.IsTv)
                log.Info("  ⏭ Skipping TV entry {Film}", film);
            else if (film.MovieId is not { } id)
                log.Warning("  ⚠ {Film} has no usable id ({Slug}); not queued", film, film.Slug);
            else
            {
                log.Info(film.Directors.Count > 0 ? "  + {0} - {1}" : "  + {0}", film, string.Join(", ", film.Directors));
                handOver.Queue(id, film);
            }

            ResolveNext();
        });
    }
}
