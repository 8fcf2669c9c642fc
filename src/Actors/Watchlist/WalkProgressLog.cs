using Akka.Actor;
using Akka.Event;
using MovieSync.Actors.Progress;

namespace MovieSync.Actors.Watchlist;

/// <summary>
/// Log lines while a full walk reads a watchlist of several pages: the first page, the last, and one every few seconds
/// between (a first walk of a large watchlist reads one page a second for minutes). Called off the actor, by the reader.
/// </summary>
internal static class WalkProgressLog
{
    public static Action<WatchlistReadProgress> For(ILoggingAdapter log, ITimeProvider clock)
    {
        var throttle = new ProgressThrottle(ProgressThrottle.DefaultInterval, () => clock.Now);
        return progress =>
        {
            if (progress.Pages == 1 || !throttle.ShouldReport(final: progress.PagesRead == 1 || progress.PagesRead == progress.Pages))
                return;
            log.Info("📖 Watchlist page {0} of {1} read ({2} of {3} films)", Count(progress.PagesRead),
                progress.Pages is { } pages ? Count(pages) : "?", Count(progress.FilmsRead), Count(progress.TotalFilms));
        };
    }

    private static string Count(int n) => n.ToString("N0", System.Globalization.CultureInfo.InvariantCulture);
}
