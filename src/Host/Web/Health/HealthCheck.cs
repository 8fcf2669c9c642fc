using Akka.Hosting;
using MovieSync.Actors.Adapters.Letterboxd;

namespace MovieSync.Host.Web.Health;

/// <summary>How each part the host depends on is doing now: what <c>/healthz</c> answers and <c>/metrics</c> counts as healthy.</summary>
public sealed class HealthCheck(JournalGate journal, QBittorrentProbe qbittorrent, ActorRegistry registry, LetterboxdActivity letterboxd,
    TimeProvider clock)
{
    /// <summary>Every part's state now (qBittorrent's from its last probe when recent).</summary>
    public async Task<HealthReport> ReportAsync(CancellationToken cancellationToken)
    {
        var journalView = journal.ViewAsync(cancellationToken);
        var qbittorrentCheck = qbittorrent.CheckAsync(cancellationToken);
        var accounts = AccountsApi.AccountsAsync(registry, cancellationToken);
        await Task.WhenAll(journalView, qbittorrentCheck, accounts);
        return HealthReport.Of(journalView.Result, qbittorrentCheck.Result, accounts.Result, LetterboxdView.Of(letterboxd.Reads, clock.GetUtcNow()));
    }
}
